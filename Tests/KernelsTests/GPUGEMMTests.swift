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
    static func generator(_ layout: GPTQLayout) -> GPTQGPUGEMM {
        GPTQGPUGEMM(spec: WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu))
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
