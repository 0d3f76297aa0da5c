import Compiler
import Foundation
import KernelIR
import Kernels
import Testing

/// The Hopper W8A8 GEMM generator (`Kernels/GPU/W8A8WGMMAGEMM`) without a GPU: every supported
/// spec and candidate config emits sm_90a PTX with four `wgmma.m64nNk32` per K tile of the right
/// kind, dynamic shared memory and launch bounds, and no local memory; where `QUANTJIT_PTXAS`
/// names a ptxas, the PTX assembles for sm_90a without spills or serialized `wgmma`s. Numerics run on the GPU machine
/// (`quantjit-gpu-selftest w8a8-gemm-wgmma`).
@Suite struct W8A8GPUWGMMATests {
    static let specs: [W8A8GPUSpec] = [
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16), W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken),
        W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16),
        W8A8GPUSpec(operand: .int8, scaling: .perTensor, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true, output: .bf16),
    ]

    @Test("every spec and candidate config emits wgmma PTX for sm_90a", arguments: specs)
    func emits(spec: W8A8GPUSpec) throws {
        let g = W8A8WGMMAGEMM(spec: spec)
        for c in g.candidateConfigs {
            try g.validate(c)
            let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90a, ptx: g.minimumPTX)
            let kind = spec.operand == .int8 ? "s32.s8.s8" : "f32.e4m3.e4m3"
            #expect(W8A8GPUTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n\(c.blockN)k32.\(kind)") == 4, "\(c)")
            #expect(W8A8GPUTests.count(ptx, "wgmma.wait_group.sync.aligned") == (c.overlap ? 2 : 1), "\(c)")
            #expect(ptx.contains("fence.proxy.async.shared::cta") && ptx.contains("cp.async.cg.shared.global"), "\(c)")
            #expect(ptx.contains(".extern .shared") && ptx.contains(".maxntid \(c.threads)"), "\(c)")
            #expect(!ptx.contains(".local"), "\(g.variantName(c)) spills to local memory")
            let report = try W8A8GPUTests.assemble(ptx, name: g.variantName(c), gpu: .sm_90a)
            if !report.isEmpty {
                #expect(report.contains(" 0 bytes spill stores") && !report.contains("serializ"), "\(g.variantName(c)): \(report)")
            }
        }
    }

    @Test("block-128 scales, f32 outputs and FP8 zero points are rejected; K % 16 ≠ 0 is refused")
    func rejects() {
        let block = W8A8WGMMAGEMM(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128))
        #expect(throws: KernelConfigError.self) { try block.validate(block.defaultConfig) }
        let f32Out = W8A8WGMMAGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .perTensor, output: .f32))
        #expect(throws: KernelConfigError.self) { try f32Out.validate(f32Out.defaultConfig) }
        let g = W8A8WGMMAGEMM(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor))
        #expect(throws: KernelConfigError.self) { try g.validate(W8A8WGMMAConfig(blockN: 96)) }
        #expect(throws: KernelConfigError.self) { try g.validate(W8A8WGMMAConfig(stages: 5)) }  // 241 KiB
        // Promotion: FP8 only, without overlap, at most 128 columns (twice the accumulators).
        #expect(throws: KernelConfigError.self) { try g.validate(W8A8WGMMAConfig(blockN: 128, stages: 4, promote: true)) }
        #expect(throws: KernelConfigError.self) { try g.validate(W8A8WGMMAConfig(overlap: false, promote: true)) }
        let int8 = W8A8WGMMAGEMM(spec: W8A8GPUSpec(operand: .int8, scaling: .perTensor))
        #expect(throws: KernelConfigError.self) { try int8.validate(W8A8WGMMAConfig(blockN: 128, stages: 4, overlap: false, promote: true)) }
        #expect((try? g.validate(W8A8WGMMAConfig(blockN: 128, stages: 4, overlap: false, promote: true))) != nil)
        #expect(g.unsupportedShape(m: 37, n: 1000, k: 1008, config: g.defaultConfig) == nil)
        #expect(g.unsupportedShape(m: 37, n: 1000, k: 1000, config: g.defaultConfig) != nil)
        #expect(W8A8WGMMAConfig().sharedBytes == 4 * 384 * 128 + 1024)
        #expect(W8A8WGMMAConfig().grid(m: 1000, n: 1000).x == 8 * 4)
    }

    @Test("the kernel choice: wgmma on Hopper for M ≥ 1024 where supported, mma.sync otherwise")
    func choice() {
        let fp8 = W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16)
        guard case .wgmma(_, let c) = W8A8GPUKernelChoice.pick(fp8, m: 4096, n: 8192, k: 8192, hopper: true) else {
            Issue.record("FP8 at M = 4096 on Hopper should take wgmma")
            return
        }
        #expect(c == W8A8WGMMAConfig())
        let cases: [(W8A8GPUSpec, Int, Int, Bool)] = [
            (fp8, 4096, 8192, false),  // not Hopper
            (W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128), 16, 8192, true),  // decode, block-128 scales
            (fp8, 16, 8200, true),  // decode, K % 16 ≠ 0
            (fp8, 4096, 1000, true),  // K % 16 ≠ 0
            (W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128), 4096, 8192, true),  // block-128 scales
        ]
        for (spec, m, k, hopper) in cases {
            guard case .mma(let g, let config) = W8A8GPUKernelChoice.pick(spec, m: m, n: 8192, k: k, hopper: hopper) else {
                Issue.record("\(spec) M \(m) K \(k) hopper \(hopper) should take mma.sync")
                continue
            }
            #expect(config == g.config(m: m, n: 8192, k: k))
        }
        let int8 = W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true)
        if case .mma = W8A8GPUKernelChoice.pick(int8, m: 1024, n: 8192, k: 8192, hopper: true) { Issue.record("int8 at M = 1024 should take wgmma") }
    }
}
