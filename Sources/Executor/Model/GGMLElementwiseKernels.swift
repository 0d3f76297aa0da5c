import Compiler
import Kernels

/// The JIT-compiled ``GGMLElementwise`` kernels that ``LlamaModel`` uses for llama.cpp's
/// arithmetic (`ggml_v_expf` needs FMAs, which the Swift code here is not compiled for, so a
/// Swift transcription would call the C library's `fmaf` eight times per value), compiled once
/// through ``GGUFKernelCache/shared``. Calls run on the calling thread.
struct GGMLElementwiseKernels: @unchecked Sendable {
    let softmaxExp: CPUKernel
    let swiglu: CPUKernel

    /// The kernels, or nil where they cannot be compiled (then ``GGMLArithmetic`` computes
    /// the same values in Swift).
    static let shared: GGMLElementwiseKernels? = {
        guard let k = try? GGUFKernelCache.shared.kernels([
            .init(name: "ggml_softmax_exp_cpu") { GGMLElementwise.softmaxExp() },
            .init(name: "ggml_swiglu_cpu") { GGMLElementwise.swiglu() },
        ]) else { return nil }
        return GGMLElementwiseKernels(softmaxExp: k[0], swiglu: k[1])
    }()

    /// `x[i] = exp(x[i] − maximum)` for `i < count` (`count` a multiple of 16).
    func exp(_ x: UnsafeMutablePointer<Float>, count: Int, minus maximum: Float) {
        var m = maximum
        withUnsafeMutablePointer(to: &m) { m in
            try! softmaxExp.run([.pointer(x), .pointer(m), .int(count)], programs: 0..<(count / 16))
        }
    }

    /// `out[i] = silu(gate[i]) · up[i]` for `i < count` (`count` a multiple of 16).
    func swiglu(gate: UnsafePointer<Float>, up: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, count: Int) {
        try! swiglu.run([.pointer(gate), .pointer(up), .pointer(out), .int(count)], programs: 0..<(count / 16))
    }
}
