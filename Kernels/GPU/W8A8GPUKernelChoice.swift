import KernelIR

/// Which W8A8 GPU GEMM runs a problem: ``W8A8GPUDecode`` (the weight-streaming decode kernel)
/// for M ≤ 16 where it serves the spec and shape, ``W8A8WGMMAGEMM`` on Hopper (sm_90a) for large
/// M where it supports the spec and shape, ``W8A8GPUGEMM`` (`mma.sync`) otherwise.
///
/// On the H200 (Tools/gpu/results/2026-11-30-w8a8-2) the `wgmma` kernel's default config ran
/// 3.7–4.7× faster than the best `mma.sync` config at M = 1024 and 4096 for FP8, 2.2–2.6× for int8.
/// Between M = 17 and 1023 the crossover is not measured yet: those M keep `mma.sync`.
public enum W8A8GPUKernelChoice: Sendable {
    case mma(W8A8GPUGEMM, W8A8GPUConfig)
    case wgmma(W8A8WGMMAGEMM, W8A8WGMMAConfig)
    case decode(W8A8GPUDecode, W8A8DecodeConfig)

    /// The largest M that takes the decode kernel.
    public static let decodeMaximumRows = 16

    /// The smallest M that takes the `wgmma` kernel (the smallest measured).
    public static let wgmmaMinimumRows = 1024

    /// The kernel and config for an `m × n × k` problem; `hopper` when the device is sm_90
    /// (the PTX is then compiled for sm_90a).
    public static func pick(_ spec: W8A8GPUSpec, m: Int, n: Int, k: Int, hopper: Bool, multiprocessors: Int = 132) -> W8A8GPUKernelChoice {
        if m <= decodeMaximumRows && W8A8GPUDecode.supports(spec) {
            let d = W8A8GPUDecode(spec: spec), c = d.config(m: m, n: n, k: k, multiprocessors: multiprocessors)
            if d.unsupportedShape(m: m, n: n, k: k, config: c) == nil { return .decode(d, c) }
        }
        let wgmma = W8A8WGMMAGEMM(spec: spec)
        if hopper && m >= wgmmaMinimumRows, (try? wgmma.validate(wgmma.defaultConfig)) != nil,
           wgmma.unsupportedShape(m: m, n: n, k: k, config: wgmma.defaultConfig) == nil {
            return .wgmma(wgmma, wgmma.defaultConfig)
        }
        let mma = W8A8GPUGEMM(spec: spec)
        return .mma(mma, mma.config(m: m, n: n, k: k, multiprocessors: multiprocessors))
    }
}
