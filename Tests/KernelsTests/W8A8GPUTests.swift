import Compiler
import Foundation
import KernelIR
import Kernels
import Testing

/// The GPU W8A8 GEMM generator (`Kernels/GPU/W8A8GPUGEMM`) without a GPU: every spec and
/// candidate config emits PTX with the right `mma.sync` and `cp.async`; where `QUANTJIT_PTXAS`
/// names a ptxas, the PTX also assembles for sm_90 (and int8 for sm_80). Numerics run on the
/// GPU machine (`quantjit-gpu-selftest w8a8-gemm`).
@Suite struct W8A8GPUTests {
    static let specs: [W8A8GPUSpec] = [
        W8A8GPUSpec(operand: .int8, scaling: .channelToken), W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true, output: .bf16),
        W8A8GPUSpec(operand: .int8, scaling: .perTensor, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true), W8A8GPUSpec(operand: .fp8e4m3, scaling: .tensorChannel),
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor), W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken, output: .bf16),
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128, output: .bf16),
    ]

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    /// Assembles with `$QUANTJIT_PTXAS -v` (when set); returns its report (registers, spills).
    @discardableResult
    static func assemble(_ ptx: String, name: String, gpu: GPUArchitecture) throws -> String {
        guard let ptxas = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"] else { return "" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(gpu.rawValue).ptx")
        try ptx.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: ptxas)
        process.arguments = ["-v", "--gpu-name", gpu.rawValue, file.path, "-o", "/dev/null"]
        process.standardError = pipe
        try process.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ptxas rejected \(name) for \(gpu)")
        return report
    }

    static func configs(_ g: W8A8GPUGEMM) -> [W8A8GPUConfig] {
        var configs = g.candidateConfigs.filter { (try? g.validate($0)) != nil }
        configs.append(W8A8GPUGEMM.smallMConfig(splits: 4))
        configs.append(W8A8GPUGEMM.smallMConfig(blockN: 64, warpsN: 2, splits: 8, alignedK: false))
        return configs
    }

    @Test("every spec emits mma.sync m16n8k32 PTX for sm_90", arguments: specs)
    func emits(spec: W8A8GPUSpec) throws {
        let g = W8A8GPUGEMM(spec: spec)
        for c in Self.configs(g) {
            let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: max(spec.minimumPTX, 78))
            let shape = spec.operand == .int8 ? "s32.s8.s8.s32" : "f32.e4m3.e4m3.f32"
            #expect(ptx.contains(".entry \(g.variantName(c))"))
            // Two k-steps of mTiles × nTiles per K tile, one K tile per loop iteration (two with block-128 scales).
            let tiles = spec.scaling == .block128 ? 2 : 1
            #expect(Self.count(ptx, "mma.sync.aligned.m16n8k32.row.col.\(shape)") == tiles * 2 * (c.warpRows / 16) * (c.warpColumns / 8), "\(c)")
            #expect(ptx.contains(c.alignedK ? "cp.async.cg.shared.global" : "ld.global.nc.u8"), "\(c)")
            if c.splits > 1 { #expect(ptx.contains("atom.global.add") || ptx.contains("red.global.add"), "\(c)") }
            #expect(ptx.contains(spec.output == .bf16 ? "cvt.rn.bf16.f32" : "cvt.rn.f16.f32"), "\(c)")
            #expect(!ptx.contains(".local"), "\(g.variantName(c)) spills to local memory")
            #expect(ptx.contains(".extern .shared") && ptx.contains(".maxntid \(c.threads)"), "\(c): dynamic shared memory, launch bounds")
            try Self.assemble(ptx, name: g.variantName(c), gpu: .sm_90)
        }
    }

    @Test("int8 variants also assemble for sm_80")
    func int8OnAmpere() throws {
        let g = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true))
        let ptx = try PTXCompiler().ptx(try g.emit(g.defaultConfig), gpu: .sm_80, ptx: g.spec.minimumPTX)
        #expect(ptx.contains("mma.sync.aligned.m16n8k32.row.col.s32.s8.s8.s32"))
        try Self.assemble(ptx, name: g.variantName(g.defaultConfig), gpu: .sm_80)
    }

    @Test("invalid specs and configs are rejected with their reason")
    func rejects() {
        let asymFP8 = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken, activationZeroPoint: true))
        #expect(throws: KernelConfigError(generator: "w8a8_gemm_mma", message: "activation zero points need int8 operands")) {
            try asymFP8.validate(asymFP8.defaultConfig)
        }
        let blockInt8 = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .block128))
        #expect(throws: KernelConfigError.self) { try blockInt8.validate(blockInt8.defaultConfig) }
        let block = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128))
        #expect(throws: KernelConfigError.self) { try block.validate(W8A8GPUConfig(blockN: 256, warpsN: 4, stages: 2)) }
        #expect(throws: KernelConfigError.self) { try block.validate(W8A8GPUConfig(blockM: 256, blockN: 128, warpsM: 4, stages: 9)) }
        // Dynamic shared memory: 96 KiB rings are valid, 227 KiB is the limit.
        let int8 = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .channelToken))
        #expect((try? int8.validate(W8A8GPUConfig(blockN: 256, warpsN: 4, stages: 4))) != nil)
        #expect(throws: KernelConfigError.self) { try int8.validate(W8A8GPUConfig(blockM: 256, blockN: 256, warpsM: 4, warpsN: 4, stages: 8)) }
        let f32Out = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .perTensor, output: .f32))
        #expect(throws: KernelConfigError.self) { try f32Out.validate(f32Out.defaultConfig) }
    }

    @Test("shapes: ragged M, N, K run; K % 16 ≠ 0 needs the unaligned variant")
    func shapes() {
        let g = W8A8GPUGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .channelToken))
        #expect(g.unsupportedShape(m: 37, n: 1000, k: 1008, config: g.defaultConfig) == nil)
        #expect(g.unsupportedShape(m: 1, n: 13, k: 1000, config: g.defaultConfig) != nil)
        let picked = g.config(m: 1, n: 13, k: 1000)
        #expect(!picked.alignedK && picked.blockM == 16)
        #expect(g.unsupportedShape(m: 1, n: 13, k: 1000, config: picked) == nil)
        #expect(g.unsupportedShape(m: 0, n: 8, k: 16, config: g.defaultConfig) != nil)
        #expect(g.config(m: 4096, n: 8192, k: 8192).splits == 1)
        #expect(g.config(m: 1, n: 8192, k: 8192).splits > 1)
    }

    @Test("the picked config is valid and runs every shape", arguments: specs)
    func pickedConfigs(spec: W8A8GPUSpec) throws {
        let g = W8A8GPUGEMM(spec: spec)
        for m in [1, 7, 16, 17, 64, 65, 4096] {
            for (n, k) in [(1, 1), (13, 1000), (8192, 8192), (28672, 8192), (8192, 28672), (576, 1536)] {
                let c = g.config(m: m, n: n, k: k)
                try g.validate(c)
                #expect(g.unsupportedShape(m: m, n: n, k: k, config: c) == nil, "\(c) \(m)×\(n)×\(k)")
                #expect(c.splits == 1 || m <= 16, "\(c): split-K only for decode")
                let g3 = c.grid(m: m, n: n)
                #expect(g3.x * c.blockN * c.blockM >= m * n && g3.x == ((m + c.blockM - 1) / c.blockM) * ((n + c.blockN - 1) / c.blockN))
            }
        }
    }

    @Test func columnSums() {
        let w: [Int8] = [1, -2, 3, 127, -128, 0]
        #expect(W8A8GPUWeights.columnSums(w, n: 2, k: 3) == [2, -1])
    }
}

extension W8A8GPUSpec: CustomTestStringConvertible {
    public var testDescription: String { description }
}
