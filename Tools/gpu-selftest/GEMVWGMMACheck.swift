import CUDA
import Kernels
import Quantization

/// `gptq-gemv-wgmma`: the ``GPUGEMVConfig/wgmma`` twins of the staged M = 16 schedules
/// (`GPTQGPUGEMV.wgmmaConfigs`, sm_90a) against the float64 reference of `gptq-gemv-mma`: every
/// such config on 4-bit g128 v1 and symmetric weights, and a few on the other layouts (2- and
/// 8-bit, per-channel, groups 32 and 64, v2), at ragged shapes (N = 1000, K = 1152, per-channel
/// K = 1000 or 1008) and M = 16, 13, 9 and 1; one config 20 times on one input, bit for bit. Small
/// enough to run under `compute-sanitizer` as it is. Skipped below compute capability 9.0.
enum GEMVWGMMACheck {
    static let check = CUDASelfTest.Check("gptq-gemv-wgmma") { context in
        guard context.device.computeCapability >= .init(major: 9, minor: 0) else {
            return "skipped: wgmma needs compute capability 9.0, this is \(context.device.computeCapability)"
        }
        let modules = GEMVMMACheck.Modules()
        var worst = 0.0, count = 0
        func run(_ layout: GPTQLayout, _ c: GPUGEMVConfig, m: Int, repeats: Int = 1) throws {
            let k = layout.groupSize == -1 ? (layout.bits == 2 ? 1008 : 1000) : 1152
            worst = max(worst, try GEMVMMACheck.run(layout, c, m: m, n: 1000, k: k, repeats: repeats, modules: modules,
                                                    context: context, gpu: .sm_90a))
            count += 1
        }
        let bench = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128)]
        for layout in bench {
            for (index, c) in GEMVMMACheck.generator(layout).wgmmaConfigs.enumerated() { try run(layout, c, m: [16, 13, 9, 1][index % 4]) }
        }
        let others = [GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v2), GPTQLayout(bits: 4, groupSize: 32), GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v1),
                      GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 8, groupSize: -1),
                      GPTQLayout(bits: 2, groupSize: 128), GPTQLayout(bits: 2, groupSize: -1, zeroPoints: .v1)]
        for layout in others {
            for (index, c) in GEMVMMACheck.generator(layout).wgmmaConfigs.prefix(3).enumerated() { try run(layout, c, m: [16, 11, 5][index]) }
        }
        guard let first = GEMVMMACheck.generator(bench[0]).wgmmaConfigs.first else { throw GEMVMMACheck.Failure(description: "no wgmma configs") }
        try run(bench[0], first, m: 16, repeats: 20)
        return "\(count) cases match the float64 reference (worst ‖y − ref‖/‖ref‖ \(worst)); 20 runs bitwise identical"
    }
}
