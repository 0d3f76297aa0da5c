import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The GPU GEMV generator (`Kernels/GPU`) without a GPU: every supported layout emits PTX for
/// sm_80 and sm_90 with the instructions the design relies on; where `QUANTJIT_PTXAS` names a
/// ptxas, the PTX also assembles with no local-memory spills. Numerics run on the GPU machine
/// (`quantjit-gpu-selftest gptq-gemv-mma`).
@Suite struct GPUGEMVTests {
    static let layouts: [GPTQLayout] = [2, 4, 8].flatMap { bits in
        [-1, 32, 64, 128].flatMap { g in
            GPTQZeroPoints.allCases.compactMap { z -> GPTQLayout? in
                let layout = GPTQLayout(bits: bits, groupSize: g, zeroPoints: z)
                let spec = WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu)
                return (try? GPTQGPUGEMV(spec: spec).validate(GPUGEMVConfig())) == nil ? nil : layout
            }
        }
    }

    static func generator(_ layout: GPTQLayout) -> GPTQGPUGEMV {
        GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu))
    }

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("4-bit g128 emits 128-bit weight loads, mma and no atomics", arguments: [GPUArchitecture.sm_80, .sm_90])
    func fourBitPTX(gpu: GPUArchitecture) throws {
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        for config in [GPUGEMVConfig(), GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 4, prefetch: false)] {
            let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: gpu)
            #expect(ptx.contains(".target \(gpu.rawValue)"))
            #expect(ptx.contains(".entry \(g.variantName(config))"))
            // unrollK × columnWords 128-bit weight loads per body (plus activation loads).
            #expect(Self.count(ptx, "ld.global.nc.v4.u32") + Self.count(ptx, "ld.global.v4.u32") >= config.unrollK * config.columnWords,
                    "\(config): \(ptx)")
            // Per K block: columnWords × 2 tiles × 2 K steps × row halves, in each copy of the loop.
            let mmas = config.unrollK * config.columnWords * 4 * (config.maxRows / 8) * config.bodyLoopCopies
            #expect(Self.count(ptx, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32") == mmas)
            #expect(ptx.contains("bar.sync"))
            #expect(!ptx.contains("atom."))
            #expect(!ptx.contains(".local"), "\(config) spills to local memory")
        }
    }

    @Test("split-K: a release/acquire counter and L2-only reads of the partials, no float atomics")
    func splitK() throws {
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v2))
        let config = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, prefetch: true, splits: 4)
        let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: .sm_90)
        #expect(ptx.contains("atom.global.add.u32") || ptx.contains("atom.global.add.s32"), "\(ptx)")
        #expect(!ptx.contains("atom.global.add.f32"))
        #expect(Self.count(ptx, "fence.acq_rel.gpu") == 2)
        #expect(Self.count(ptx, "ld.global.cg.v4.f32") == config.splits * 4)
        #expect(ptx.contains("%ctaid.y"))
        #expect(config.workspaceFloats(n: 1000) == 4 * 32 * 32 * 16)
        let hinted = GPUGEMVConfig(l2Prefetch: true)
        #expect(try PTXCompiler().ptx(try g.emit(hinted), gpu: .sm_90).contains("ld.global.nc.L2::256B.v4.u32"))
        #expect(hinted.minimumPTX == 74)
    }

    @Test("every supported layout emits PTX for sm_80 and sm_90")
    func everyLayout() throws {
        #expect(Self.layouts.count == 33)  // 3 bit widths × 4 group sizes × 3 zero-point kinds, minus 2-bit g32
        for layout in Self.layouts {
            let g = Self.generator(layout)
            for gpu in [GPUArchitecture.sm_80, .sm_90] {
                let ptx = try PTXCompiler().ptx(try g.emit(g.defaultConfig), gpu: gpu)
                #expect(ptx.contains("mma.sync.aligned.m16n8k16"), "\(layout)")
            }
        }
    }

    @Test("cp.async rings: per-lane copies, one wait per body, no barrier in the loop, for every layout")
    func rings() throws {
        let staged = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4)
        let registers = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, splits: 2, l2Prefetch: true, stages: 3,
                                      stagedActivations: false)
        #expect(staged.description == "r8w4c1u1pa4x" && registers.description == "r16w4c2u2ps2la3")
        for layout in Self.layouts {
            let g = Self.generator(layout)
            let v = 32 / layout.bits
            for config in [staged, registers] {
                try g.validate(config)
                let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: .sm_90, ptx: max(config.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
                // Prologue (stages − 1 bodies) and one refill per body, in each copy of the loop.
                let weightCopies = config.stages * config.unrollK * config.columnWords * config.bodyLoopCopies
                #expect(Self.count(ptx, "cp.async.cg.shared.global") == weightCopies, "\(layout) \(config)")
                #expect(Self.count(ptx, "cp.async.commit_group") == config.stages * config.bodyLoopCopies)
                #expect(ptx.contains("cp.async.wait_group \(config.stages - 2);") && ptx.contains("cp.async.wait_group 0;"))
                let activationCopies = config.stagedActivations ? config.stages * config.unrollK * (2 * v / min(16, 2 * v)) : 0
                #expect(Self.count(ptx, "cp.async.ca.shared.global") == activationCopies, "\(layout) \(config)")
                #expect(ptx.contains(".L2::256B") == config.l2Prefetch)
                #expect(Self.count(ptx, "bar.sync") == 1, "only the reduction's barrier")
                #expect(g.sharedBytes(config) <= 48 * 1024)
            }
        }
        let tooDeep = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, stages: 8)
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 4, groupSize: 128)).validate(tooDeep) }
        #expect(throws: KernelConfigError.self) {
            try Self.generator(GPTQLayout(bits: 4, groupSize: 128)).validate(GPUGEMVConfig(stages: 1))
        }
    }

    @Test("staged activations: block-wide cp.async copies, one barrier per chunk, column warps, for every layout")
    func stagedActivations() throws {
        let tiled = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: 2, columnWarps: 4, activationStages: 2)
        let small = GPUGEMVConfig(maxRows: 8, warps: 6, unrollK: 1, prefetch: false, columnWarps: 2, activationStages: 3, minBlocks: 2)
        #expect(tiled.description == "r16w8n4c1u2ps2x2" && small.description == "r8w6n2c1u1x3b2")
        #expect(tiled.blockColumns == 128 && tiled.kWarps == 2 && tiled.counterCount(n: 1000) == 8 * 4)
        #expect(tiled.workspaceFloats(n: 1000) == 2 * 8 * 128 * 16)
        for layout in Self.layouts {
            let g = Self.generator(layout)
            for config in [tiled, small] {
                try g.validate(config)
                let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: .sm_90)
                #expect(ptx.contains("cp.async.ca.shared.global"), "\(layout) \(config)")
                #expect(!ptx.contains("cp.async.cg"))
                #expect(Self.count(ptx, "cp.async.commit_group") == config.activationStages)
                #expect(ptx.contains("cp.async.wait_group \(config.activationStages - 2);") && ptx.contains("cp.async.wait_group 0;"))
                // The loop's barrier and the K warps' reduction.
                #expect(Self.count(ptx, "bar.sync") == 2, "\(layout) \(config)")
                #expect(!ptx.contains(".local"), "\(config) spills to local memory")
                #expect(g.sharedBytes(config) <= 48 * 1024)
            }
            #expect(try PTXCompiler().ptx(try g.emit(small), gpu: .sm_90).contains(".minnctapersm 2"))
        }
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 128))
        // Above 256 threads every variant bounds its block (`.maxntid`), so ptxas cannot ask for more
        // registers than the SM holds (the 14-warp pick with g32 did: launch out of resources); at 256
        // and below only `minBlocks` does.
        let fourteen = GPUGEMVConfig(maxRows: 16, warps: 14, unrollK: 4, registerMagic: true, columnWarps: 7, activationStages: 2)
        for layout in [GPTQLayout(bits: 4, groupSize: 32), GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)] {
            let ptx = try PTXCompiler().ptx(try Self.generator(layout).emit(fourteen), gpu: .sm_90)
            #expect(ptx.contains(".maxntid 448, 1, 1") && ptx.contains(".minnctapersm 1"), "\(layout)")
        }
        #expect(!(try PTXCompiler().ptx(try g.emit(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4)), gpu: .sm_90)).contains(".maxntid"))
        let fp8 = try PTXCompiler().ptx(try FP8GPUGEMV().emit(GPUGEMVConfig(maxRows: 8, warps: 12, unrollK: 2)), gpu: .sm_90)
        #expect(fp8.contains(".maxntid 384, 1, 1"))
        #expect(throws: KernelConfigError.self) { try g.validate(GPUGEMVConfig(warps: 6, columnWarps: 4)) }
        #expect(throws: KernelConfigError.self) { try g.validate(GPUGEMVConfig(activationStages: 5)) }
        #expect(throws: KernelConfigError.self) { try g.validate(GPUGEMVConfig(stages: 3, activationStages: 2)) }
    }

    @Test("bf16 activations: bf16 mma; bf16x2 magic dequantization for 2- and 4-bit layouts, f32 magic and prmt for 8-bit")
    func bf16Activations() throws {
        let configs = [GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, l2Prefetch: true, registerMagic: true),
                       GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2),
                       GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, prefetch: true)]
        for layout in Self.layouts {
            let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
            #expect(g.variantName(configs[0]).contains("_bf16_"))
            for config in configs {
                let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: .sm_90, ptx: max(config.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
                #expect(ptx.contains("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32"), "\(layout) \(config)")
                #expect(!ptx.contains(".f16.f16.f32"))
                // Per body: 4 words × V/2 pairs × unrollK (compute is emitted once per copy of the
                // loop, prefetch or not).
                let pairs = 4 * (16 / layout.bits) * config.unrollK * config.bodyLoopCopies
                if layout.bits == 8 {
                    // Two prmt to f32, two add.f32 and one prmt back per pair; no bf16 arithmetic.
                    #expect(Self.count(ptx, "prmt.b32") == 3 * pairs, "\(layout) \(config)")
                    #expect(!ptx.contains("fma.rn.bf16x2"))
                } else {
                    #expect(Self.count(ptx, "fma.rn.bf16x2") == pairs, "\(layout) \(config)")
                    #expect(!ptx.contains("prmt.b32"))
                }
                #expect(ptx.contains("cvt.rn.bf16.f32") || ptx.contains("cvt.rn.bf16x2.f32"))
                if Self.ptxas != nil {
                    let (status, output) = try Self.assemble(ptx, gpu: "sm_90")
                    #expect(status == 0 && output.contains(" 0 bytes spill stores"), "\(layout) \(config): \(output)")
                }
            }
        }
        let eight = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 8, groupSize: -1), activation: .bf16, convention: .gpu))
        try eight.validate(GPUGEMVConfig())
        #expect(throws: KernelConfigError.self) {
            try GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 8, groupSize: 128), activation: .f32, convention: .gpu)).validate(GPUGEMVConfig())
        }
    }

    @Test("the 8-bit bf16 dequantization's arithmetic is exact for every q and zero point")
    func eightBitBF16Arithmetic() {
        // 0x4B00_00qq is 2^23 + q; adding −(2^23 + z') (bits 0xCB00_0000 + z') gives q − z' exactly,
        // and the high half of that f32 is the bf16 of q − z' (its low half is zero).
        var wrong = 0
        for q in 0...255 {
            for z in 0...256 {
                let value = Float(bitPattern: 0x4B00_0000 | UInt32(q)) + Float(bitPattern: 0xCB00_0000 + UInt32(z))
                let bf16 = UInt16(value.bitPattern >> 16)
                if value.bitPattern & 0xFFFF != 0 || Float(bitPattern: UInt32(bf16) << 16) != Float(q - z) { wrong += 1 }
            }
        }
        #expect(wrong == 0)
        #expect(Float(bitPattern: 0xCB00_0000 + 129) == -(8_388_608 + 129))
    }

    @Test("the subnormal bf16 dequantization (z): one bf16 fma per pair, exact arithmetic, only for bf16 with 8-bit weights")
    func subnormalBF16() throws {
        var d = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, prefetch: true)
        d.subnormalBF16 = true
        #expect(d.description == "r16w8c1u4pz")
        for layout in Self.layouts where layout.bits == 8 {
            let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
            let ptx = try PTXCompiler().ptx(try g.emit(d), gpu: .sm_90)
            #expect(Self.count(ptx, "fma.rn.bf16x2") == 4 * 2 * d.unrollK * d.bodyLoopCopies, "\(layout)")
            #expect(ptx.contains("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32"))
            if Self.ptxas != nil {
                let (status, output) = try Self.assemble(ptx, gpu: "sm_90")
                #expect(status == 0 && output.contains(" 0 bytes spill stores"), "\(layout): \(output)")
            }
            #expect(throws: KernelConfigError.self) { try Self.generator(layout).validate(d) }  // f16
        }
        #expect(throws: KernelConfigError.self) {
            try GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), activation: .bf16, convention: .gpu)).validate(d)
        }
        let fp8 = try PTXCompiler().ptx(try FP8GPUGEMV(activation: .bf16).emit(d), gpu: .sm_90)
        #expect(Self.count(fp8, "fma.rn.bf16x2") == 4 * 2 * d.unrollK * d.bodyLoopCopies && !fp8.contains("prmt.b32"))
        #expect(throws: KernelConfigError.self) { try FP8GPUGEMV().validate(d) }
        // The arithmetic, on the host (which keeps subnormals): bf16 bits 0x00qq are q·2^−133, and
        // q·2^−133·2^125 − z'·2^−8 is (q − z')·2^−8, a bf16; e4m3 bytes moved under bf16's exponent
        // are 2^−120 times their values, and 2^112 times that is 2^−8 times.
        var wrong = 0
        for q in 0...255 {
            let value = Float(bitPattern: UInt32(q) << 16)
            if Double(value) != Double(q) * 0x1p-133 { wrong += 1 }
            for z in 0...256 {
                let result = value * 0x1p125 + Float(-z) / 256
                if result != Float(q - z) / 256 || result.bitPattern & 0xFFFF != 0 { wrong += 1 }
            }
            if q & 0x7F != 0x7F {
                let bits = UInt32(q & 0x7F) << 4 | UInt32(q & 0x80) << 8
                let scaled = Float(bitPattern: bits << 16) * 0x1p112
                if scaled * 256 != MiniFloat.float8E4M3FN.decode(UInt8(q)) || scaled.bitPattern & 0xFFFF != 0 { wrong += 1 }
            }
        }
        #expect(wrong == 0)
    }

    @Test("every candidate config validates and emits")
    func everyConfig() throws {
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2))
        #expect(g.candidateConfigs.contains(g.defaultConfig))
        for config in g.candidateConfigs {
            try g.validate(config)
            _ = try PTXCompiler().ptx(try g.emit(config), gpu: .sm_90)
        }
    }

    @Test("the preferred schedules are measured candidates that fit their shapes")
    func preferred() throws {
        for layout in [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128),
                       GPTQLayout(bits: 8, groupSize: -1), GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2)] {
            let g = Self.generator(layout)
            for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672), (1000, 1152)] {
                for m in [1, 4, 8, 9, 16] {
                    let c = g.preferredConfig(m: m, n: n, k: k)
                    #expect(g.candidateConfigs.contains(c), "\(c)")
                    #expect(g.unsupportedShape(m: m, n: n, k: k, config: c) == nil)
                    #expect(c.maxRows >= m && c.stages == 0)
                    #expect(c.minimumPTX <= 74)  // the L2 hint: PTX 7.4, still sm_80
                    if layout.bits != 8 { #expect(c.registerMagic) }  // 2- and 4-bit picks (8-bit ones vary by shape)
                }
            }
        }
        // bf16 with 8-bit weights: the subnormal dequantization below N = 16384 (results/2026-11-30-bf16-8bit),
        // the f16 picks from there.
        for layout in [GPTQLayout(bits: 8, groupSize: 128), GPTQLayout(bits: 8, groupSize: -1, zeroPoints: .v2)] {
            let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
            for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672)] {
                for m in [1, 16] {
                    let c = g.preferredConfig(m: m, n: n, k: k)
                    #expect(g.candidateConfigs.contains(c) && c.subnormalBF16 == (n < 16384), "\(c)")
                    try g.validate(c)
                    var plain = c
                    plain.subnormalBF16 = false
                    let f16 = Self.generator(layout)
                    let symmetric = Self.generator(GPTQLayout(bits: 8, groupSize: layout.groupSize))
                    if n >= 16384 {
                        #expect(plain == f16.preferredConfig(m: m, n: n, k: k))
                    } else if k >= 16384 {
                        #expect(plain == symmetric.preferredConfig(m: m, n: n, k: k))
                    } else {
                        #expect("\(c)" == (m > 8 ? "r16w8n4c1u8ps4mx2ziy" : "r8w12c1u4pmb2ziy"))
                    }
                }
            }
        }
        #expect(!GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 2, groupSize: 64), activation: .bf16, convention: .gpu))
            .preferredConfig(m: 1, n: 8192, k: 8192).subnormalBF16)
        // The measured table of `preferredConfig` (Tools/gpu/results/2026-11-30-gemv3; M ≤ 8
        // from 2026-11-30-s4/wide; interleaved words and the M = 16 K ≥ 16384 picks from
        // 2026-11-30-s5/interleave2 and deep; early loads at M = 16, K ≥ 16384 from 2026-11-30-s8;
        // words in strips, but for symmetric N ≥ 16384, from 2026-11-30-s9; 7 column warps at M = 16 on
        // 28672 × 8192 from 2026-12-02-s16).
        let v1 = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)), sym = Self.generator(GPTQLayout(bits: 4, groupSize: 128))
        let shapes = [(1, 8192, 8192), (1, 28672, 8192), (1, 8192, 28672), (16, 8192, 8192), (16, 28672, 8192), (16, 8192, 28672)]
        let picks = shapes.map { m, n, k in
            (v1.preferredConfig(m: m, n: n, k: k).description, sym.preferredConfig(m: m, n: n, k: k).description)
        }
        #expect(picks.map(\.0) == ["r8w12c1u4pmb2iy", "r8w12c1u4pmb2iy", "r8w12c1u4pmb2iy", "r16w8c1u4plmiy", "r16w14n7c1u4pmx2iy",
                                   "r16w8n4c1u4ps4mx2b2iye"])
        #expect(picks.map(\.1) == ["r8w12c1u4pmb2iy", "r8w4c1u4plmb7i", "r8w12c1u4pmb2iy", "r16w8c1u4pmiy", "r16w14n7c1u4pmx2ie",
                                   "r16w8n4c1u4ps4mx2iye"])
        // Elsewhere in the wide class (N = 16384: 74 blocks of 224 columns), and with bf16, the 4-column-warp picks stay.
        #expect(sym.preferredConfig(m: 16, n: 16384, k: 8192).description == "r16w8n4c1u8pmx2i")
        let bf16 = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), activation: .bf16, convention: .gpu))
        #expect(bf16.preferredConfig(m: 16, n: 28672, k: 8192).columnWarps == 4)
        for c in [v1.preferredConfig(m: 16, n: 28672, k: 8192), sym.preferredConfig(m: 16, n: 28672, k: 8192)] {
            #expect(v1.candidateConfigs.contains(c) && sym.candidateConfigs.contains(c), "\(c)")
        }
        // Other widths read GPTQ's words as packed.
        #expect(!GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 8, groupSize: 128), activation: .f16, convention: .gpu))
            .preferredConfig(m: 16, n: 8192, k: 8192).interleavedWords)
    }

    @Test("unsupported layouts and configs are named errors")
    func errors() throws {
        func message(_ layout: GPTQLayout, _ config: GPUGEMVConfig = GPUGEMVConfig(), activation: ScalarType = .f16) -> String {
            let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
            do { try g.validate(config); return "" } catch { return "\(error)" }
        }
        #expect(message(GPTQLayout(bits: 3, groupSize: 128)).contains("bit width 3"))
        #expect(message(GPTQLayout(bits: 4, groupSize: 128, actOrder: true)).contains("act-order"))
        #expect(message(GPTQLayout(bits: 4, groupSize: 128), activation: .f32).contains("f16"))
        #expect(message(GPTQLayout(bits: 2, groupSize: 32)).contains("multiple of 64"))
        #expect(message(GPTQLayout(bits: 4, groupSize: 128), GPUGEMVConfig(maxRows: 4)).contains("maxRows"))
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 128))
        #expect(g.unsupportedShape(m: 9, n: 1000, k: 1152, config: GPUGEMVConfig())?.contains("M = 9") == true)
        #expect(g.unsupportedShape(m: 1, n: 1001, k: 1152, config: GPUGEMVConfig())?.contains("multiple of 4") == true)
        #expect(g.unsupportedShape(m: 16, n: 1000, k: 1152, config: GPUGEMVConfig(maxRows: 16)) == nil)
    }

    static let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"]

    @Test("ptxas assembles the candidates without spills", .enabled(if: ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func assembles() throws {
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        let symmetric = Self.generator(GPTQLayout(bits: 4, groupSize: 128))
        let extra = symmetric.candidateConfigs.filter { !g.candidateConfigs.contains($0) }
        #expect(!extra.isEmpty)
        for (g, config) in g.candidateConfigs.map({ (g, $0) }) + extra.map({ (symmetric, $0) }) {
            for gpu in ["sm_80", "sm_90"] {
                let arch = GPUArchitecture(rawValue: gpu)!
                let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: arch, ptx: max(config.minimumPTX, arch.minimumPTX))
                let (status, output) = try Self.assemble(ptx, gpu: gpu)
                if let dump = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_DUMP"] {
                    try (ptx + "\n// ptxas -v:\n// " + output.replacingOccurrences(of: "\n", with: "\n// "))
                        .write(toFile: "\(dump)/\(g.variantName(config))_\(gpu).ptx", atomically: true, encoding: .utf8)
                }
                #expect(status == 0, "\(config) \(gpu): \(output)")
                // One exception: on sm_80, the strip-layout (`y`) variants held to 64 registers by
                // two blocks of 384–512 threads keep one epilogue value on the stack across the two
                // copies of their weight loop (SASS: a single `STL` before the loops, a single `LDL`
                // after them); on sm_90, which they are tuned for, they spill nothing.
                let tolerated = gpu == "sm_80" && config.tiledWords && config.bodyLoopCopies == 2 ? " 4 bytes spill stores" : nil
                #expect(output.contains(" 0 bytes spill stores") || tolerated.map(output.contains) == true, "\(config) \(gpu): \(output)")
            }
        }
    }

    static func assemble(_ ptx: String, gpu: String) throws -> (Int32, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quantjit-gemv-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("kernel.ptx")
        try ptx.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ptxas!)
        process.arguments = ["-v", "--gpu-name", gpu, input.path, "-o", directory.appendingPathComponent("kernel.cubin").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
