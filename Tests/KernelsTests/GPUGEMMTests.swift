import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The GPU GEMM generator (`Kernels/GPU/GPTQGPUGEMM`) without a GPU: every supported 4-bit
/// layout and every candidate config emits PTX for sm_80 and sm_90 with `mma.sync`; where
/// `QUANTJIT_PTXAS` names a ptxas, the PTX also assembles. Numerics run on the GPU machine
/// (`quantjit-gpu-selftest gptq-gemm-mma`).
@Suite struct GPUGEMMTests {
    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUGEMM {
        GPTQGPUGEMM(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    /// Assembles `ptx` with `$QUANTJIT_PTXAS` for `gpu` (when set) and returns its exit status.
    static func ptxas(_ ptx: String, name: String, gpu: String) throws -> Int32 {
        guard let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"] else { return 0 }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(gpu).ptx")
        try ptx.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ptxas)
        process.arguments = ["--gpu-name", gpu, file.path, "-o", "/dev/null"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("bf16 activations: mma.sync on bf16 operands, the 0x4300 magic, bf16 loads and stores", arguments: [GPUArchitecture.sm_80, .sm_90])
    func bf16(gpu: GPUArchitecture) throws {
        for g in [-1, 32, 128] {
            for z in GPTQZeroPoints.allCases {
                let gen = Self.generator(GPTQLayout(bits: 4, groupSize: g, zeroPoints: z), activation: .bf16)
                for c in [gen.defaultConfig, GPUGEMMConfig(stages: 3), GPUGEMMConfig(blockK: 64, doubleBuffer: true)]
                    where (try? gen.validate(c)) != nil {
                    let name = gen.variantName(c)
                    #expect(name.contains("_bf16_gpu_"))
                    let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: gpu)
                    let mmas = c.blockK / 16 * (c.warpRows / 16) * (c.warpColumns / 8)
                    #expect(Self.count(ptx, "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32") == mmas, "\(c)")
                    #expect(!ptx.contains(".f16.f16"), "\(c)")
                    #expect(ptx.contains("1124090624"), "\(c): the 0x43004300 magic")  // 0x43004300
                    #expect(ptx.contains("cvt.rn.bf16.f32"), "\(c)")
                    #expect(!ptx.contains(".local"), "\(c) spills to local memory")
                    #expect(try Self.ptxas(ptx, name: name, gpu: gpu.rawValue) == 0, "ptxas rejected \(name)")
                }
            }
        }
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 4, groupSize: 128), activation: .f32).validate(GPUGEMMConfig()) }
    }

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("every 4-bit layout and candidate config emits mma.sync PTX", arguments: [GPUArchitecture.sm_80, .sm_90])
    func emits(gpu: GPUArchitecture) throws {
        for g in [-1, 32, 64, 128] {
            for z in GPTQZeroPoints.allCases {
                let gen = Self.generator(GPTQLayout(bits: 4, groupSize: g, zeroPoints: z))
                for c in gen.candidateConfigs where (try? gen.validate(c)) != nil {
                    let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: gpu)
                    #expect(ptx.contains(".entry \(gen.variantName(c))"))
                    // Per K tile: blockK/16 K steps × m-tiles × n-tiles per warp.
                    let mmas = c.blockK / 16 * (c.warpRows / 16) * (c.warpColumns / 8)
                    #expect(Self.count(ptx, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32") == mmas, "\(c)")
                    #expect(ptx.contains("bar.sync"))
                    #expect(!ptx.contains(".local"), "\(c) spills to local memory")
                    if let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"] {
                        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(gen.variantName(c))-\(gpu.rawValue).ptx")
                        try ptx.write(to: file, atomically: true, encoding: .utf8)
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: ptxas)
                        process.arguments = ["--gpu-name", gpu.rawValue, file.path, "-o", "/dev/null"]
                        try process.run()
                        process.waitUntilExit()
                        #expect(process.terminationStatus == 0, "ptxas rejected \(gen.variantName(c))")
                    }
                }
            }
        }
    }

    @Test("unsupported layouts and off-tile shapes are rejected")
    func rejects() throws {
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 8, groupSize: 128)).validate(GPUGEMMConfig()) }
        #expect(throws: KernelConfigError.self) {
            try Self.generator(GPTQLayout(bits: 4, groupSize: 32)).validate(GPUGEMMConfig(blockK: 64, doubleBuffer: true))
        }
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        #expect(g.unsupportedShape(m: 4096, n: 8192, k: 8192, config: GPUGEMMConfig()) == nil)
        #expect(g.unsupportedShape(m: 37, n: 8192, k: 8192, config: GPUGEMMConfig()) == nil)
        #expect(g.unsupportedShape(m: 256, n: 200, k: 512, config: GPUGEMMConfig()) != nil)
        #expect(g.unsupportedShape(m: 256, n: 256, k: 500, config: GPUGEMMConfig()) != nil)
        #expect(g.unsupportedShape(m: 0, n: 256, k: 512, config: GPUGEMMConfig()) != nil)
    }
}

/// The `wgmma` GEMM (`Kernels/GPU/GPTQGPUWGMMA`) and its repacked layout without a GPU.
@Suite struct GPUWGMMATests {
    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    @Test("bf16 activations: wgmma on bf16 operands for every 4-bit layout and candidate config")
    func bf16() throws {
        for g in [-1, 32, 64, 128] {
            for z in GPTQZeroPoints.allCases {
                let gen = Self.generator(GPTQLayout(bits: 4, groupSize: g, zeroPoints: z), activation: .bf16)
                let configs = g == 128 && z == .v1 ? gen.candidateConfigs : [gen.defaultConfig, GPUWGMMAConfig()]
                for c in configs {
                    let name = gen.variantName(c)
                    #expect(name.hasPrefix("gptq_gemm_wgmma_b4_") && name.contains("_bf16_gpu_"))
                    let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: .sm_90a)
                    // Overlapped (``GPUWGMMAConfig/overlap``): the step three times, and the dequantization
                    // in each of the loop's two plus the one before it (per channel LLVM shares the scale
                    // multiplies of one of them: 32 per panel instead of 48).
                    let steps = c.overlap ? 3 : 1
                    #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n\(c.tokens)k16.f32.bf16.bf16") == 4 * c.panels * steps, "\(c)")
                    #expect(!ptx.contains(".f16.f16"), "\(c)")
                    // Per K block 16 pairs: q − z (the magic's subtraction) and the scale, in bf16×2.
                    let multiplies = GPUGEMMTests.count(ptx, "mul.rn.bf16x2")
                    #expect(multiplies == (c.overlap ? (g == -1 ? 32 : 48) : 16) * c.panels, "\(c)")
                    #expect(ptx.contains("1124090624"), "\(c): the 0x43004300 magic")
                    #expect(!ptx.contains(".local"), "\(c) spills to local memory")
                    #expect(try GPUGEMMTests.ptxas(ptx, name: name, gpu: "sm_90a") == 0, "ptxas rejected \(name)")
                }
            }
        }
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 4, groupSize: 128), activation: .f32).validate(GPUWGMMAConfig()) }
    }

    /// Reads the repacked words the way the kernel does (`w & 0x000F000F`, `w & 0x00F000F0`, the
    /// same on `w >> 8`) and checks each value against the `wgmma`/`mma` A-fragment layout of the
    /// PTX ISA (register 0: row g, K 2t and 2t + 1; register 1: row g + 8; registers 2, 3: K + 8),
    /// rows being weight columns, on a ragged shape (padding must be zero).
    @Test("the repacked layout gives every lane its A fragments", arguments: [(k: 200, n: 40), (k: 128, n: 64)])
    func repackedFragments(shape: (k: Int, n: Int)) {
        var random = SystemRandomNumberGenerator()
        let (k, n) = shape
        let layout = GPTQLayout(bits: 4, groupSize: -1)
        let q = (0..<(k * n)).map { _ in Int.random(in: 0...15, using: &random) }
        let weight = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: [], scales: [Float](repeating: 1, count: n))
        let words = GPTQWGMMALayout.repack(weight)
        #expect(words.count == GPTQWGMMALayout.words(k: k, n: n))
        let kBlocks = GPTQWGMMALayout.kBlocks(k: k)
        var mismatches = 0
        for block in 0..<GPTQWGMMALayout.columnBlocks(n: n) {
            for kb in 0..<kBlocks {
                for lane in 0..<32 {
                    let g = lane / 4, t = lane % 4
                    for s in 0..<4 {
                        let w = UInt32(bitPattern: words[((block * kBlocks + kb) * 32 + lane) * 4 + s])
                        for register in 0..<4 {
                            let source = register >= 2 ? w >> 8 : w
                            let shift = (register % 2) * 4
                            let pair = [Int((source >> shift) & 15), Int((source >> (16 + shift)) & 15)]
                            let col = 16 * block + g + 8 * (register % 2)
                            for e in 0..<2 {
                                let row = 64 * kb + 16 * s + 2 * t + e + 8 * (register / 2)
                                let want = row < k && col < n ? q[row * n + col] : 0
                                if pair[e] != want { mismatches += 1 }
                            }
                        }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("every 4-bit layout and candidate config emits wgmma PTX for sm_90a")
    func emits() throws {
        for g in [-1, 32, 64, 128] {
            for z in GPTQZeroPoints.allCases {
                let gen = Self.generator(GPTQLayout(bits: 4, groupSize: g, zeroPoints: z))
                for c in gen.candidateConfigs {
                    let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: .sm_90a)
                    #expect(ptx.contains(".entry \(gen.variantName(c))"))
                    // Overlapped (``GPUWGMMAConfig/overlap``): the step is emitted three times (two per
                    // loop iteration, one for an odd count).
                    let steps = c.overlap ? 3 : 1
                    #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n\(c.tokens)k16.f32.f16.f16") == 4 * c.panels * steps, "\(c)")
                    #expect(GPUGEMMTests.count(ptx, "cp.async.cg.shared.global") == c.tokens * 8 * c.panels / c.threads * (c.distance + steps), "\(c)")
                    #expect(GPUGEMMTests.count(ptx, "wgmma.wait_group.sync.aligned") == steps, "\(c)")
                    #expect(ptx.contains(".extern .shared .align 16 .b8"), "\(c)")
                    #expect(ptx.contains(".maxntid \(c.threads), 1, 1") && ptx.contains(".minnctapersm \(max(1, 4 / c.warpgroups))"), "\(c)")
                    #expect(!ptx.contains(".local"), "\(c) spills to local memory")
                    if let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"] {
                        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(gen.variantName(c)).ptx")
                        try ptx.write(to: file, atomically: true, encoding: .utf8)
                        let process = Process()
                        process.executableURL = URL(fileURLWithPath: ptxas)
                        process.arguments = ["--gpu-name", "sm_90a", file.path, "-o", "/dev/null"]
                        try process.run()
                        process.waitUntilExit()
                        #expect(process.terminationStatus == 0, "ptxas rejected \(gen.variantName(c))")
                    }
                }
            }
        }
    }

    @Test("dynamic shared memory lowers to one .extern .shared array that ptxas accepts")
    func dynamicSharedMemory() throws {
        let b = KernelBuilder(name: "dynamic_shared", convention: .gpu)
        let out = b.parameter("out", .pointer(.f32))
        let tid = b.threadIndex()
        let shared = b.dynamicSharedMemory(.f32)
        shared.store(tid.convert(.f32), at: tid.convert(.i64))
        b.barrier()
        out.store(shared.load((tid ^ b.constant(1, .i32)).convert(.i64)), at: tid.convert(.i64))
        let kernel = b.finish()
        #expect(Printer.print(kernel).contains("[dynamic]"))
        let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_80)
        #expect(GPUGEMMTests.count(ptx, ".extern .shared .align 16 .b8") == 1)
        if let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("dynamic_shared.ptx")
            try ptx.write(to: file, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ptxas)
            process.arguments = ["--gpu-name", "sm_80", file.path, "-o", "/dev/null"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
    }

    @Test("launch bounds reach the PTX and the compile-cache key; kernels without them keep their key")
    func launchBounds() throws {
        func kernel(_ bounds: LaunchBounds?) -> Kernel {
            let b = KernelBuilder(name: "bounded", convention: .gpu)
            let out = b.parameter("out", .pointer(.f32))
            if let bounds { b.launchBounds(maxThreads: bounds.maxThreads, minBlocks: bounds.minBlocks) }
            out.store(b.threadIndex().convert(.f32), at: b.threadIndex().convert(.i64))
            return b.finish()
        }
        func key(_ k: Kernel) throws -> String {
            try CompileCacheKey(artifact: .ptx, kernel: k, target: .gpu(.sm_90), pipeline: PassPipeline.standard.names,
                                llvmPipeline: "default<O3>", llvmVersion: "19.1.7", compilerVersion: quantJITCompilerVersion).digest
        }
        let ptx = try PTXCompiler().ptx(kernel(LaunchBounds(maxThreads: 384, minBlocks: 2)), gpu: .sm_90)
        #expect(ptx.contains(".maxntid 384, 1, 1") && ptx.contains(".minnctapersm 2"))
        #expect(!(try PTXCompiler().ptx(kernel(nil), gpu: .sm_90)).contains(".maxntid"))
        #expect(try key(kernel(nil)) == key(kernel(LaunchBounds.none)))
        #expect(try key(kernel(nil)) != key(kernel(LaunchBounds(maxThreads: 384, minBlocks: 2))))
        #expect(try key(kernel(LaunchBounds(maxThreads: 384, minBlocks: 1))) != key(kernel(LaunchBounds(maxThreads: 384, minBlocks: 2))))
    }

    @Test("unsupported layouts, configs and shapes are rejected")
    func rejects() throws {
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 3, groupSize: 128)).validate(GPUWGMMAConfig()) }
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 4, groupSize: 48)).validate(GPUWGMMAConfig()) }
        #expect(throws: KernelConfigError.self) { try Self.generator(GPTQLayout(bits: 4, groupSize: 128)).validate(GPUWGMMAConfig(stages: 16)) }
        let g = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        #expect(g.unsupportedShape(m: 4096, n: 8192, k: 8192, config: g.defaultConfig) == nil)
        #expect(g.unsupportedShape(m: 37, n: 200, k: 384, config: g.defaultConfig) == nil)
        #expect(g.unsupportedShape(m: 256, n: 204, k: 512, config: g.defaultConfig) != nil)
        #expect(g.unsupportedShape(m: 256, n: 256, k: 500, config: g.defaultConfig) != nil)
        #expect(g.unsupportedShape(m: 0, n: 256, k: 512, config: g.defaultConfig) != nil)
    }
}
