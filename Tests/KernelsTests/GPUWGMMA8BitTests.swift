import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The `wgmma` GEMM on 8-bit weights without a GPU: the repacked byte layout read the way the
/// kernel reads it (against the A-fragment layout and the GPTQ reference), the exactness of the
/// byte conversions, PTX for every 8-bit layout (assembled by `$QUANTJIT_PTXAS` when set) and
/// the config validation. Numerics on the H200: `quantjit-gpu-selftest gptq-gemm-wgmma`.
@Suite struct GPUWGMMA8BitTests {
    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    /// Assembles `ptx` with `$QUANTJIT_PTXAS -v` for sm_90a: the exit status and whether the
    /// report says 0 bytes spilled (nil without a ptxas).
    static func ptxasSpillFree(_ ptx: String, name: String) throws -> (status: Int32, spillFree: Bool)? {
        guard let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"] else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-sm_90a-v.ptx")
        try ptx.write(to: file, atomically: true, encoding: .utf8)
        let process = Process(), pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: ptxas)
        process.arguments = ["--gpu-name", "sm_90a", "-v", file.path, "-o", "/dev/null"]
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, report.contains("0 bytes spill stores, 0 bytes spill loads"))
    }

    /// `prmt.b32 d, a, c, selector` (default mode) on the CPU.
    static func prmt(_ a: UInt32, _ c: UInt32, _ selector: Int) -> UInt32 {
        let source: UInt64 = UInt64(a) | (UInt64(c) << 32)
        var d: UInt32 = 0
        for i in 0..<4 {
            let index = UInt64((selector >> (4 * i)) & 7)
            let byte = UInt32(truncatingIfNeeded: (source >> (8 * index)) & 0xFF)
            d |= byte << UInt32(8 * i)
        }
        return d
    }

    /// Reads every lane's fragments from the repacked words as the kernel does (two 16-byte
    /// halves per K block, `prmt` of bytes `2u, 2u + 1` of word `h` for register `2h + u`),
    /// checks each against the `wgmma` A-fragment layout (register 0: row g, K 2t, 2t + 1;
    /// register 1: row g + 8; registers 2, 3: K + 8; rows being weight columns), padding zero,
    /// and the kernel's `(q − z')·s` against `GPTQWeight.dequantize()`.
    @Test("the 8-bit repacked layout gives every lane its A fragments and the GPTQ reference values",
          arguments: [(k: 224, n: 40, g: 32, z: GPTQZeroPoints.v1), (k: 200, n: 64, g: -1, z: .symmetric), (k: 384, n: 24, g: 128, z: .v2)])
    func repackedFragments(shape: (k: Int, n: Int, g: Int, z: GPTQZeroPoints)) {
        var random = SystemRandomNumberGenerator()
        let (k, n) = (shape.k, shape.n)
        let layout = GPTQLayout(bits: 8, groupSize: shape.g, zeroPoints: shape.z)
        let groups = layout.groupCount(k: k)
        let q = (0..<(k * n)).map { _ in Int.random(in: 0...255, using: &random) }
        let zeros = (0..<(groups * n)).map { _ in Int.random(in: 0...255, using: &random) }
        let scales = (0..<(groups * n)).map { _ in Float.random(in: 0.001...0.01, using: &random) }
        let weight = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: zeros, scales: scales)
        let reference = weight.dequantize()
        let words = GPTQWGMMALayout.repack(weight).map { UInt32(bitPattern: $0) }
        #expect(words.count == GPTQWGMMALayout.words(k: k, n: n, bits: 8))
        #expect(words.count == GPTQWGMMALayout.columnBlocks(n: n) * GPTQWGMMALayout.kBlocks(k: k) * 256)
        let kBlocks = GPTQWGMMALayout.kBlocks(k: k)
        var mismatches = 0, valueMismatches = 0
        for block in 0..<GPTQWGMMALayout.columnBlocks(n: n) {
            for kb in 0..<kBlocks {
                for lane in 0..<32 {
                    let g = lane / 4, t = lane % 4
                    for s in 0..<4 {
                        let base = (((block * kBlocks + kb) * 2 + s / 2) * 32 + lane) * 4 + 2 * (s % 2)
                        for register in 0..<4 {
                            let u = register % 2
                            let d = Self.prmt(words[base + register / 2], 0x6464_6464, 0x5040 | (2 * u) | ((2 * u + 1) << 8))
                            let col = 16 * block + g + 8 * u
                            for e in 0..<2 {
                                let half = UInt16(truncatingIfNeeded: d >> (16 * UInt32(e)))
                                #expect(half >> 8 == 0x64)
                                let value = Int(half & 0xFF)
                                let row = 64 * kb + 16 * s + 2 * t + e + 8 * (register / 2)
                                guard row < k && col < n else {
                                    if value != 0 { mismatches += 1 }
                                    continue
                                }
                                if value != q[row * n + col] { mismatches += 1 }
                                let gi = weight.group(ofRow: row)
                                let dequantized = Float(value - weight.zeroPoint(group: gi, col: col)) * scales[gi * n + col]
                                if dequantized != reference[row * n + col] { valueMismatches += 1 }
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0 && valueMismatches == 0)
    }

    @Test("the 8-bit conversions are exact: 1024 + q − (1024 + z') in f16, 2^23 + q − (2^23 + z') in f32 then bf16")
    func exactConversions() {
        var inexact = 0
        for q in 0...255 {
            // f16: the prmt's half [q, 0x64].
            let magic = Float16(bitPattern: 0x6400 | UInt16(q))
            if Float(magic) != Float(1024 + q) { inexact += 1 }
            // bf16: the prmt's f32 [q, 0, 0, 0x4B].
            let wide = Float(bitPattern: Self.prmt(UInt32(q), 0x4B00_0000, 0x7540))
            if wide != Float(8_388_608 + q) { inexact += 1 }
            for z in 0...256 {
                let negated = Float16(bitPattern: 0xE400 + UInt16(z))
                if Float(magic + negated) != Float(q - z) { inexact += 1 }
                let difference = wide + Float(bitPattern: 0xCB00_0000 + UInt32(z))
                // Round to nearest even at 8 significant bits (bf16).
                let bits = difference.bitPattern
                let rounded = Float(bitPattern: (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF_0000)
                if rounded != Float(q - z) { inexact += 1 }
            }
        }
        #expect(inexact == 0)
    }

    @Test("every 8-bit layout emits wgmma PTX with the byte conversions, f16 and bf16, without spills (ptxas -v)")
    func emits() throws {
        for activation in [ScalarType.f16, .bf16] {
            for g in [-1, 32, 64, 128] {
                for z in GPTQZeroPoints.allCases {
                    let gen = Self.generator(GPTQLayout(bits: 8, groupSize: g, zeroPoints: z), activation: activation)
                    let configs = g == 128 && z == .v1 ? [gen.defaultConfig] + gen.candidateConfigs : [gen.defaultConfig, GPUWGMMAConfig()]
                    for c in configs {
                        let name = "\(activation.name)-\(gen.variantName(c))"
                        #expect(gen.variantName(c).hasPrefix("gptq_gemm_wgmma_b8_"))
                        let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: .sm_90a)
                        if let dir = ProcessInfo.processInfo.environment["QUANTJIT_WGMMA_PTX_DUMP"] {
                            try FileManager.default.createDirectory(atPath: dir + "-8bit", withIntermediateDirectories: true)
                            try ptx.write(toFile: "\(dir)-8bit/\(name).ptx", atomically: true, encoding: .utf8)
                        }
                        let type = activation == .f16 ? "f16" : "bf16"
                        let (steps, dequantized, loaded) = GPUWGMMAOverlapTests.emitted(c)
                        #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n\(c.tokens)k16.f32.\(type).\(type)") == 4 * c.panels * steps, "\(name)")
                        // Per K block 16 register pairs: one prmt each (f16), one per value (bf16).
                        #expect(GPUGEMMTests.count(ptx, "prmt.b32") == (activation == .f16 ? 16 : 32) * c.panels * dequantized, "\(name)")
                        #expect(GPUGEMMTests.count(ptx, "cvt.rn.bf16x2.f32") == (activation == .f16 ? 0 : 16 * c.panels * dequantized), "\(name)")
                        // Two 16-byte weight loads per K block in the loop, two before it per prefetched step.
                        #expect(GPUGEMMTests.count(ptx, "ld.global.nc.v4.u32") == 2 * c.panels * loaded, "\(name)")
                        #expect(!ptx.contains(".local"), "\(name) spills to local memory")
                        if let (status, spillFree) = try Self.ptxasSpillFree(ptx, name: name) {
                            #expect(status == 0, "ptxas rejected \(name)")
                            #expect(spillFree, "\(name) spills (ptxas -v)")
                        }
                    }
                }
            }
        }
    }

    @Test("8-bit configs and shapes are validated; 3-bit and act-order are rejected")
    func validation() throws {
        for activation in [ScalarType.f16, .bf16] {
            let g = Self.generator(GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1), activation: activation)
            try g.validate(g.defaultConfig)
            for c in g.candidateConfigs { try g.validate(c) }
            #expect(g.unsupportedShape(m: 4096, n: 8192, k: 28672, config: g.defaultConfig) == nil)
            #expect(g.unsupportedShape(m: 37, n: 200, k: 384, config: g.defaultConfig) == nil)
            #expect(g.unsupportedShape(m: 256, n: 204, k: 512, config: g.defaultConfig) != nil)
            #expect(g.unsupportedShape(m: 256, n: 256, k: 500, config: g.defaultConfig) != nil)
        }
        for layout in [GPTQLayout(bits: 3, groupSize: 128), GPTQLayout(bits: 3, groupSize: 128, zeroPoints: .v1),
                       GPTQLayout(bits: 8, groupSize: 128, actOrder: true), GPTQLayout(bits: 8, groupSize: 48)] {
            #expect(throws: KernelConfigError.self, "\(layout)") { try Self.generator(layout).validate(GPUWGMMAConfig()) }
        }
        #expect(GPTQWGMMALayout.words(k: 8192, n: 8192, bits: 8) == GPTQLayout(bits: 8, groupSize: 128).packedRows(k: 8192) * 8192)
        #expect(GPTQWGMMALayout.words(k: 8192, n: 8192) == GPTQWGMMALayout.words(k: 8192, n: 8192, bits: 4))
    }
}
