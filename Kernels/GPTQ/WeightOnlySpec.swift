import KernelIR
import Quantization

/// What a weight-only kernel computes on: the packed weight layout, the activation dtype
/// (outputs use the same dtype) and where it runs.
public struct WeightOnlySpec: Hashable, Codable, Sendable {
    public var layout: GPTQLayout
    /// `f32` or `f16` activations and outputs; `bf16` for the GPU tensor-core kernels (the decode
    /// GEMV for 2-, 4- and 8-bit weights, the `mma.sync` GEMM for 4-bit, the `wgmma` GEMM for 2-, 4-
    /// and 8-bit).
    public var activation: ScalarType
    public var convention: KernelConvention

    public init(layout: GPTQLayout, activation: ScalarType = .f32, convention: KernelConvention = .cpuGrid) {
        self.layout = layout
        self.activation = activation
        self.convention = convention
    }

    public static let supportedActivations: [ScalarType] = [.f32, .f16]

    var gpu: Bool { convention == .gpu }

    /// `b4_g128_sym_f32` or `b3_gall_v1_act_f16`.
    var layoutName: String {
        let g = layout.groupSize <= 0 ? "gall" : "g\(layout.groupSize)"
        let zeros = layout.zeroPoints == .symmetric ? "sym" : layout.zeroPoints.rawValue
        return "b\(layout.bits)_\(g)_\(zeros)\(layout.actOrder ? "_act" : "")_\(activation.name)"
    }

    /// Values of one K chunk: a whole number of words (32 values in 3 words for 3-bit).
    var chunkValues: Int { layout.bits == 3 ? 32 : 32 / layout.bits }
    var chunkWords: Int { layout.bits == 3 ? 3 : 1 }

    /// Problems shared by every generator over this spec.
    func validate(_ c: TileConfig, generator: String) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: generator, message: m) }
        if !GPTQLayout.supportedBits.contains(layout.bits) {
            throw fail("unsupported bit width \(layout.bits); supported: \(GPTQLayout.supportedBits.map(String.init).joined(separator: ", "))")
        }
        if layout.groupSize != -1 && (layout.groupSize <= 0 || layout.groupSize % chunkValues != 0) {
            throw fail("group size \(layout.groupSize) must be −1 or a positive multiple of \(chunkValues) for \(layout.bits)-bit packing")
        }
        if !Self.supportedActivations.contains(activation) {
            throw fail("activation dtype \(activation.name) is not one of f32, f16")
        }
        if c.tileM < 1 || c.tileM > 16 { throw fail("tileM \(c.tileM) must be in 1...16") }
        if c.tileN < 1 || c.tileN > 8 { throw fail("tileN \(c.tileN) must be in 1...8") }
        if c.unrollK < 1 || c.unrollK > 16 { throw fail("unrollK \(c.unrollK) must be in 1...16") }
        if gpu {
            if c.vectorWidth != 1 { throw fail("GPU kernels use vectorWidth 1 (one column per thread), got \(c.vectorWidth)") }
            if c.threadsPerBlock < 32 || c.threadsPerBlock > 1024 || c.threadsPerBlock % 32 != 0 {
                throw fail("threadsPerBlock \(c.threadsPerBlock) must be a multiple of 32 in 32...1024")
            }
        } else if ![1, 4, 8, 16, 32].contains(c.vectorWidth) {
            throw fail("vectorWidth \(c.vectorWidth) must be 1, 4, 8, 16 or 32")
        }
        if c.tileM * c.tileN > 32 { throw fail("tileM × tileN = \(c.tileM * c.tileN) accumulators exceed 32 registers") }
    }
}

/// The kernel parameters every weight-only kernel takes, in this order:
/// `x[M, K]`, `qweight`, `qzeros`, `scales[G, N]` (f16), `g_idx[K]`, `y[M, N]` (or
/// `W[K, N]` for dequantize), then `m`, `n`, `k` as i64. Unused ones (qzeros when symmetric,
/// g_idx without act-order, x and m for dequantize) are still passed, so every variant of a
/// family is called the same way.
struct WeightOnlyParameters {
    let x, qweight, qzeros, scales, gIdx, out, m, n, k: Value

    init(_ b: KernelBuilder, spec: WeightOnlySpec, output: ScalarType) {
        let space: AddressSpace = .global
        x = b.parameter("x", .pointer(spec.activation, space))
        qweight = b.parameter("qweight", .pointer(.i32, space))
        qzeros = b.parameter("qzeros", .pointer(.i32, space))
        scales = b.parameter("scales", .pointer(.f16, space))
        gIdx = b.parameter("g_idx", .pointer(.i32, space))
        out = b.parameter("y", .pointer(output, space))
        m = b.parameter("m", .i64)
        n = b.parameter("n", .i64)
        k = b.parameter("k", .i64)
    }
}
