import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The `wgmma` GEMM on 2-bit weights without a GPU: the repacked crumb layout read the way the
/// kernel reads it (against the A-fragment layout and the GPTQ reference), the exactness of the
/// 2-bit conversions, PTX for every 2-bit layout (assembled by `$QUANTJIT_PTXAS` when set), and
/// validation: 2-bit is a verified width since its device check (Tools/gpu/results/2026-11-30-s5;
/// `QUANTJIT_WGMMA_CHECK=2bit quantjit-gpu-selftest gptq-gemm-wgmma` runs those cases alone).
@Suite struct GPUWGMMA2BitTests {
    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    /// The f16 pair the kernel makes from fragment register `r` of step `s` (word `w`):
    /// `(w' & (3 << o | 3 << (16 + o))) | 0x6400_6400`, `w'` being `w` or `w >> 8`, `o = 2r`.
    static func f16Magic(_ w: UInt32, step s: Int, register r: Int) -> (magic: UInt32, shift: Int) {
        let source = s % 2 == 0 ? w : w >> 8, o = 2 * r
        return ((source & ((3 << o) | (3 << (16 + o)))) | 0x6400_6400, o)
    }

    /// The bf16 pair: `((w >> 2i) & 0x0003_0003) | 0x4300_4300`, `i = 4·(s % 2) + r`.
    static func bf16Magic(_ w: UInt32, step s: Int, register r: Int) -> UInt32 {
        ((w >> (2 * (4 * (s % 2) + r))) & 0x0003_0003) | 0x4300_4300
    }

    /// Reads every lane's fragments from the repacked words as the kernel does (K block `q`: half
    /// `q % 2` of the 16 bytes of K pair `q / 2`, word `s / 2` for step `s`), checks each value
    /// against the `wgmma` A-fragment layout (register 0: row g, K 2t, 2t + 1; register 1: row
    /// g + 8; registers 2, 3: K + 8; rows being weight columns), padding zero, through both the
    /// f16 and the bf16 extraction, and `(q − z')·s` against `GPTQWeight.dequantize()`.
    @Test("the 2-bit repacked layout gives every lane its A fragments and the GPTQ reference values",
          arguments: [(k: 224, n: 40, g: 32, z: GPTQZeroPoints.v1), (k: 208, n: 64, g: -1, z: .symmetric), (k: 384, n: 24, g: 128, z: .v2),
                      (k: 640, n: 8, g: 64, z: .v1)])
    func repackedFragments(shape: (k: Int, n: Int, g: Int, z: GPTQZeroPoints)) {
        var random = SystemRandomNumberGenerator()
        let (k, n) = (shape.k, shape.n)
        let layout = GPTQLayout(bits: 2, groupSize: shape.g, zeroPoints: shape.z)
        let groups = layout.groupCount(k: k)
        let q = (0..<(k * n)).map { _ in Int.random(in: 0...3, using: &random) }
        let zeros = (0..<(groups * n)).map { _ in Int.random(in: 0...3, using: &random) }
        let scales = (0..<(groups * n)).map { _ in Float.random(in: 0.001...0.01, using: &random) }
        let weight = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: zeros, scales: scales)
        let reference = weight.dequantize()
        let words = GPTQWGMMALayout.repack(weight).map { UInt32(bitPattern: $0) }
        let kBlocks = GPTQWGMMALayout.kBlocks(k: k), kPairs = GPTQWGMMALayout.kPairs(k: k)
        #expect(words.count == GPTQWGMMALayout.words(k: k, n: n, bits: 2))
        #expect(words.count == GPTQWGMMALayout.columnBlocks(n: n) * kPairs * 128)
        var mismatches = 0, valueMismatches = 0, extractions = 0
        for block in 0..<GPTQWGMMALayout.columnBlocks(n: n) {
            // Every K block of the padded pairs, the padding block of an odd count included.
            for kb in 0..<(2 * kPairs) {
                for lane in 0..<32 {
                    let g = lane / 4, t = lane % 4
                    let base = ((block * kPairs + kb / 2) * 32 + lane) * 4 + 2 * (kb % 2)
                    for s in 0..<4 {
                        let w = words[base + s / 2]
                        for register in 0..<4 {
                            let (magic, o) = Self.f16Magic(w, step: s, register: register)
                            let bf16 = Self.bf16Magic(w, step: s, register: register)
                            let col = 16 * block + g + 8 * (register % 2)
                            for e in 0..<2 {
                                extractions += 1
                                let half = UInt16(truncatingIfNeeded: magic >> (16 * UInt32(e)))
                                let bhalf = UInt16(truncatingIfNeeded: bf16 >> (16 * UInt32(e)))
                                let value = Int(Float(Float16(bitPattern: half))) - 1024
                                if value % (1 << o) != 0 || Int(Float(bitPattern: UInt32(bhalf) << 16)) - 128 != value >> o {
                                    mismatches += 1
                                }
                                let crumb = value >> o
                                let row = 64 * kb + 16 * s + 2 * t + e + 8 * (register / 2)
                                guard kb < kBlocks && row < k && col < n else {
                                    if crumb != 0 { mismatches += 1 }
                                    continue
                                }
                                if crumb != q[row * n + col] { mismatches += 1 }
                                let gi = weight.group(ofRow: row)
                                let dequantized = Float(crumb - weight.zeroPoint(group: gi, col: col)) * scales[gi * n + col]
                                if dequantized != reference[row * n + col] { valueMismatches += 1 }
                            }
                        }
                    }
                }
            }
        }
        #expect(extractions == 16 * words.count)
        #expect(mismatches == 0 && valueMismatches == 0)
    }

    /// One rounding of an exact value to bf16 (nearest even), as `fma.rn.bf16x2` does.
    static func bf16Rounded(_ x: Double) -> Float {
        let bits = Float(x).bitPattern  // exact here: the operands are small integers
        return Float(bitPattern: (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF_0000)
    }

    @Test("the 2-bit conversions are exact: (1024 + q·2^o)·2^−o − (2^(10 − o) + z') in f16, 128 + q − (128 + z') in bf16")
    func exactConversions() {
        var inexact = 0
        for q in 0...3 {
            for one in [0, 1] {
                for stored in 0...3 {
                    let z = stored + one  // v1 adds one to the stored zero point
                    for o in [0, 2, 4, 6] {
                        // f16: the negated zero as the emitter builds it: (z << o) + (0x8000 | (25 − o) << 10) + (one << o).
                        let negated = Float16(bitPattern: UInt16((stored << o) + (0x8000 | ((25 - o) << 10)) + (one << o)))
                        if Double(negated) != -(Double(1 << (10 - o)) + Double(z)) { inexact += 1 }
                        let magic = Float16(bitPattern: 0x6400 | UInt16(q << o))
                        if Double(magic) != 1024 + Double(q << o) { inexact += 1 }
                        let fused = Float16(Double(magic) / Double(1 << o) + Double(negated))  // one rounding, as fma
                        if Float(fused) != Float(q - z) { inexact += 1 }
                    }
                    // bf16: z + (0x8000 | 134 << 7) + one, the magic 0x4300 | q.
                    let negated = Float(bitPattern: UInt32(stored + (0x8000 | (134 << 7)) + one) << 16)
                    if negated != -Float(128 + z) { inexact += 1 }
                    let magic = Float(bitPattern: UInt32(0x4300 | q) << 16)
                    if magic != Float(128 + q) { inexact += 1 }
                    if Self.bf16Rounded(Double(magic) + Double(negated)) != Float(q - z) { inexact += 1 }
                }
            }
            // Symmetric: z = 2, the constants −(2^(10 − o) + 2) and −(128 + 2).
            for o in [0, 2, 4, 6] {
                let negated = Float16(-(Double(1 << (10 - o)) + 2))
                let fused = Float16(Double(Float16(bitPattern: 0x6400 | UInt16(q << o))) / Double(1 << o) + Double(negated))
                if Float(fused) != Float(q - 2) { inexact += 1 }
            }
            if Self.bf16Rounded(Double(128 + q) - 130) != Float(q - 2) { inexact += 1 }
        }
        #expect(inexact == 0)
    }
}

extension GPUWGMMA2BitTests {
    /// The configs whose PTX the 2-bit tests emit: every candidate on g128 v1 (f16 and bf16), the
    /// default, `w4n128s4p1` and the first two-panel candidate (if any) elsewhere.
    static func configs(_ gen: GPTQGPUWGMMA) -> [GPUWGMMAConfig] {
        let layout = gen.spec.layout
        let all = layout.groupSize == 128 && layout.zeroPoints == .v1
            ? [gen.defaultConfig] + gen.candidateConfigs
            : [gen.defaultConfig, GPUWGMMAConfig()] + gen.candidateConfigs.filter { $0.panels == 2 }.prefix(1)
        var seen = Set<GPUWGMMAConfig>()
        return all.filter { seen.insert($0).inserted }
    }

    @Test("every 2-bit layout emits wgmma PTX with the crumb conversions, f16 and bf16, without spills (ptxas -v)")
    func emits() throws {
        for activation in [ScalarType.f16, .bf16] {
            for g in [-1, 16, 32, 64, 128] {
                for z in GPTQZeroPoints.allCases {
                    let gen = Self.generator(GPTQLayout(bits: 2, groupSize: g, zeroPoints: z), activation: activation)
                    for c in Self.configs(gen) {
                        let name = "\(activation.name)-\(gen.variantName(c))"
                        #expect(gen.variantName(c).hasPrefix("gptq_gemm_wgmma_b2_"))
                        let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: .sm_90a)
                        if let dir = ProcessInfo.processInfo.environment["QUANTJIT_WGMMA_PTX_DUMP"] {
                            try FileManager.default.createDirectory(atPath: dir + "-2bit", withIntermediateDirectories: true)
                            try ptx.write(toFile: "\(dir)-2bit/\(name).ptx", atomically: true, encoding: .utf8)
                        }
                        let type = activation == .f16 ? "f16" : "bf16"
                        let (steps, dequantized, loaded) = GPUWGMMAOverlapTests.emitted(c)
                        #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n\(c.tokens)k16.f32.\(type).\(type)") == 4 * c.panels * steps, "\(name)")
                        // One fma per register pair, 16 per K block (LLVM makes those by 2^0 adds: f16's
                        // four crumbs at bit 0, every bf16 pair), and one scale multiply.
                        #expect(GPUGEMMTests.count(ptx, "fma.rn.\(type)x2") == (activation == .f16 ? 12 : 0) * c.panels * dequantized, "\(name)")
                        #expect(GPUGEMMTests.count(ptx, "add.rn.\(type)x2") == (activation == .f16 ? 4 : 16) * c.panels * dequantized, "\(name)")
                        #expect(GPUGEMMTests.count(ptx, "mul.rn.\(type)x2") == 16 * c.panels * dequantized, "\(name)")
                        #expect(!ptx.contains("prmt.b32") && !ptx.contains("cvt.rn.bf16x2.f32"), "\(name)")
                        // Weights: one 16-byte load per two-panel step, one 8-byte load per one-panel
                        // step, in the loop and before it per prefetched step.
                        #expect(GPUGEMMTests.count(ptx, "ld.global.nc.v4.u32") == (c.panels == 2 ? loaded : 0), "\(name)")
                        #expect(GPUGEMMTests.count(ptx, "ld.global.nc.v2.u32") == (c.panels == 1 ? loaded : 0), "\(name)")
                        #expect(!ptx.contains(".local"), "\(name) spills to local memory")
                        if let (status, spillFree) = try GPUWGMMA8BitTests.ptxasSpillFree(ptx, name: name) {
                            #expect(status == 0, "ptxas rejected \(name)")
                            #expect(spillFree, "\(name) spills (ptxas -v)")
                        }
                    }
                }
            }
        }
    }

    @Test("2-bit is verified (the executor's generator takes it); configs and shapes are validated; 3-bit and act-order stay rejected")
    func validation() throws {
        for activation in [ScalarType.f16, .bf16] {
            let layout = GPTQLayout(bits: 2, groupSize: 128, zeroPoints: .v1)
            let g = Self.generator(layout, activation: activation)
            try g.validate(g.defaultConfig)
            #expect(g.defaultConfig == GPUWGMMAConfig(stages: 3, stagedStores: true))  // the 4-bit default (no faster 2-bit one measured)
            for c in g.candidateConfigs { try g.validate(c) }
            #expect(g.candidateConfigs.filter { $0.panels == 2 && $0.warpgroups == 4 }.count == 3)
            // Groups of 16 or 32 with zero points: no two-panel configs (some spill, as 4-bit's do at g16).
            for (group, zeros) in [(16, GPTQZeroPoints.v2), (32, .v1)] {
                let small = Self.generator(GPTQLayout(bits: 2, groupSize: group, zeroPoints: zeros), activation: activation)
                #expect(!small.candidateConfigs.isEmpty && small.candidateConfigs.allSatisfy { $0.panels == 1 })
            }
            #expect(Self.generator(GPTQLayout(bits: 2, groupSize: 16), activation: activation).candidateConfigs.contains { $0.panels == 2 })
            #expect(Self.generator(GPTQLayout(bits: 2, groupSize: -1, zeroPoints: .v1), activation: activation).candidateConfigs.contains { $0.panels == 2 })
            #expect(g.unsupportedShape(m: 4096, n: 8192, k: 28672, config: g.defaultConfig) == nil)
            #expect(g.unsupportedShape(m: 37, n: 200, k: 384, config: g.defaultConfig) == nil)
            #expect(g.unsupportedShape(m: 256, n: 204, k: 512, config: g.defaultConfig) != nil)
            #expect(g.unsupportedShape(m: 256, n: 256, k: 500, config: g.defaultConfig) != nil)
        }
        for layout in [GPTQLayout(bits: 3, groupSize: 128), GPTQLayout(bits: 2, groupSize: 128, actOrder: true), GPTQLayout(bits: 2, groupSize: 48)] {
            #expect(throws: KernelConfigError.self, "\(layout)") { try Self.generator(layout).validate(GPUWGMMAConfig()) }
        }
        // The padded 2-bit layout is GPTQ's size wherever K is a multiple of 128 and N of 16.
        #expect(GPTQWGMMALayout.words(k: 8192, n: 8192, bits: 2) == GPTQLayout(bits: 2, groupSize: 128).packedRows(k: 8192) * 8192)
        #expect(GPTQWGMMALayout.words(k: 200, n: 40, bits: 2) == 3 * 2 * 128)
        #expect(GPTQWGMMALayout.supportedBits == [2, 4, 8] && GPTQGPUWGMMA.verifiedBits == [2, 4, 8])
        do {
            try Self.generator(GPTQLayout(bits: 3, groupSize: 128)).validate(GPUWGMMAConfig())
            Issue.record("3-bit was accepted")
        } catch {
            #expect("\(error)".contains("2-, 4- and 8-bit only"), "\(error)")
        }
    }
}
