import Compiler
import KernelIR
import Kernels
import Quantization
import Testing

/// One test per invalid input, each expecting its own diagnostic.
@Suite struct KernelErrorTests {
    let spec = WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128))

    @Test func invalidTileConfig() {
        var c = GPTQGEMM(spec: spec).defaultConfig
        c.tileM = 0
        #expect(throws: KernelConfigError(generator: "gptq_gemm", message: "tileM 0 must be in 1...16")) { try GPTQGEMM(spec: spec).emit(c) }
        c = GPTQGEMV(spec: spec).defaultConfig
        c.vectorWidth = 12
        #expect(throws: KernelConfigError(generator: "gptq_gemv", message: "vectorWidth 12 must be 1, 4, 8, 16 or 32")) { try GPTQGEMV(spec: spec).emit(c) }
    }

    @Test func unsupportedBitWidth() {
        let five = WeightOnlySpec(layout: GPTQLayout(bits: 5, groupSize: 128))
        #expect(throws: KernelConfigError(generator: "gptq_gemv", message: "unsupported bit width 5; supported: 2, 3, 4, 8")) {
            try GPTQGEMV(spec: five).emit(GPTQGEMV(spec: five).defaultConfig)
        }
    }

    @Test func groupSizeMustFitThePacking() {
        let odd = WeightOnlySpec(layout: GPTQLayout(bits: 3, groupSize: 48))
        #expect(throws: KernelConfigError(generator: "gptq_dequantize", message: "group size 48 must be −1 or a positive multiple of 32 for 3-bit packing")) {
            try GPTQDequantize(spec: odd).emit(GPTQDequantize(spec: odd).defaultConfig)
        }
    }

    @Test func gpuConfigOnCPUShapes() {
        let gpu = WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), convention: .gpu)
        var c = GPTQGEMV(spec: gpu).defaultConfig
        c.threadsPerBlock = 100
        #expect(throws: KernelConfigError(generator: "gptq_gemv", message: "threadsPerBlock 100 must be a multiple of 32 in 32...1024")) {
            try GPTQGEMV(spec: gpu).emit(c)
        }
    }

    @Test func badPTXPairNamesBothVersions() throws {
        let gpu = WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), convention: .gpu)
        let k = try GPTQGEMV(spec: gpu).emit(GPTQGEMV(spec: gpu).defaultConfig)
        let error = #expect(throws: CompilerError.self) { try PTXCompiler().ptx(k, gpu: .sm_89, ptx: 70) }
        #expect(error?.description.contains("PTX ISA 7.0 cannot target sm_89: it needs PTX 7.8 or later") == true)
    }
}

/// Eight threads compile different variants at once; each result must still be correct.
@Suite struct ConcurrentCompileTests {
    @Test func eightThreadsCompileDifferentVariants() async throws {
        let layouts = [2, 3, 4, 8].flatMap { bits in [GPTQZeroPoints.symmetric, .v2].map { GPTQLayout(bits: bits, groupSize: 64, zeroPoints: $0) } }
        #expect(layouts.count == 8)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for layout in layouts {
                group.addTask { try GPTQKernelTests.check(.gemv, layout) }
            }
            try await group.waitForAll()
        }
    }
}
