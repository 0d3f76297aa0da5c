import KernelIR

/// What a CPU INT8 W8A8 kernel computes on: per-token int8 activations, symmetric or with a
/// zero point per token; int8 weights `[N, K]` with one f32 scale per output channel.
public struct W8A8Spec: Hashable, Codable, Sendable {
    /// Activations carry a zero point (asymmetric int8), per token or per tensor.
    public var activationZeroPoint: Bool
    /// One activation scale (and zero point) per token, or one for the tensor at index 0
    /// (a static `input_scale`).
    public var perTensorActivation: Bool
    /// Adds `bias[n]` (f32) after scaling.
    public var bias: Bool
    /// `f32` or `f16` outputs.
    public var output: ScalarType
    public var convention: KernelConvention

    public init(activationZeroPoint: Bool = false, perTensorActivation: Bool = false, bias: Bool = false, output: ScalarType = .f32,
                convention: KernelConvention = .cpuGrid) {
        self.activationZeroPoint = activationZeroPoint
        self.perTensorActivation = perTensorActivation
        self.bias = bias
        self.output = output
        self.convention = convention
    }

    /// `i8_token_sym_wi8_channel_f32` or `i8_tensor_asym_wi8_channel_bias_f16`.
    var name: String { "i8_\(perTensorActivation ? "tensor" : "token")_\(activationZeroPoint ? "asym" : "sym")_wi8_channel\(bias ? "_bias" : "")_\(output.name)" }

    func validate(_ c: W8A8Config, generator: String) throws {
        if convention != .cpuGrid {
            throw KernelConfigError(generator: generator, message: "CPU only (AVX-512 VNNI); GPU W8A8 GEMMs are separate kernels")
        }
        if output != .f32 && output != .f16 { throw KernelConfigError(generator: generator, message: "output dtype \(output.name) is not one of f32, f16") }
        try c.validate(generator: generator)
    }
}
