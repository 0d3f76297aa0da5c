import KernelIR
import Quantization

/// Quantizes activations `x[M, K]` (or `silu(gate) · up` of `x[M, 2K]`) to int8 or FP8 e4m3fn
/// codes `q[M, K]`, bit for bit as ``ActivationQuantizer`` does: per-tensor with a given
/// scale, or per token / per token group with dynamic scales written to `scales` (and zero
/// points to `zeros` when asymmetric).
///
/// Parameters, in this order: `x` (f32 or f16), `q` (i8 or f8e4m3), `scales: f32`,
/// `zeros: i32` (read, for static scaling, at index 0; written otherwise: one per token, or
/// `K / group` per token, token-major), `m`, `k` as i64. Static scaling reads `scales[0]`
/// (and `zeros[0]` when asymmetric). Per-group scaling needs `K` divisible by the group.
///
/// Codes are `round(x / scale)` with true division and ties to even, as the reference does
/// (a reciprocal multiply would differ in the last bit).
public struct ActivationQuantize: Sendable {
    public var spec: ActivationQuantSpec
    public init(spec: ActivationQuantSpec) { self.spec = spec }

    public var defaultConfig: ActivationQuantConfig {
        spec.gpu ? ActivationQuantConfig(vectorWidth: 1, threadsPerBlock: 128) : ActivationQuantConfig(vectorWidth: 16)
    }

    public var candidateConfigs: [ActivationQuantConfig] {
        spec.gpu ? [64, 128, 256].map { ActivationQuantConfig(vectorWidth: 1, threadsPerBlock: $0) }
                 : [8, 16, 32].map { ActivationQuantConfig(vectorWidth: $0) }
    }

    /// `actquant_fp8e4m3_token_sym_f32_cpu_v16`.
    public func variantName(_ c: ActivationQuantConfig) -> String {
        "actquant_\(spec.name)_\(spec.gpu ? "gpu" : "cpu")_\(c.name(gpu: spec.gpu))"
    }

    public func validate(_ c: ActivationQuantConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "actquant", message: m) }
        if !ActivationQuantSpec.supportedInputs.contains(spec.input) {
            throw fail("input dtype \(spec.input.name) is not one of f32, f16")
        }
        if !spec.symmetric && spec.target != .int8 { throw fail("asymmetric quantization needs int8 codes, not \(spec.target.rawValue)") }
        if case .dynamicPerTokenGroup(let g) = spec.scaling, !ActivationQuantSpec.supportedGroupSizes.contains(g) {
            throw fail("group size \(g) is not one of 64, 128")
        }
        if spec.gpu {
            if c.vectorWidth != 1 { throw fail("GPU kernels use vectorWidth 1 (one token per thread), got \(c.vectorWidth)") }
            if c.threadsPerBlock < 32 || c.threadsPerBlock > 1024 || c.threadsPerBlock % 32 != 0 {
                throw fail("threadsPerBlock \(c.threadsPerBlock) must be a multiple of 32 in 32...1024")
            }
        } else if ![1, 4, 8, 16, 32].contains(c.vectorWidth) {
            throw fail("vectorWidth \(c.vectorWidth) must be 1, 4, 8, 16 or 32")
        }
    }

    public func emit(_ c: ActivationQuantConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: spec.convention)
        ActivationQuantEmitter(spec: spec, config: c, builder: b).emit()
        return b.finish()
    }
}

/// Emits one ``ActivationQuantize`` variant.
struct ActivationQuantEmitter {
    let spec: ActivationQuantSpec
    let config: ActivationQuantConfig
    let b: KernelBuilder
    let x, q, scales, zeros, m, k: Value

    init(spec: ActivationQuantSpec, config: ActivationQuantConfig, builder: KernelBuilder) {
        self.spec = spec
        self.config = config
        b = builder
        x = b.parameter("x", .pointer(spec.input))
        q = b.parameter("q", .pointer(spec.output))
        scales = b.parameter("scales", .pointer(.f32))
        zeros = b.parameter("zeros", .pointer(.i32))
        m = b.parameter("m", .i64)
        k = b.parameter("k", .i64)
    }

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }
    func f32(_ v: Double, lanes: Int = 1) -> Value { b.constant(v, .vector(.f32, lanes)) }

    func emit() {
        guard spec.gpu else { return token(b.programID()) }
        let id = (b.blockIndex() * b.blockSize() + b.threadIndex()).convert(.i64, unsigned: true)
        b.if(id.compare(.lt, m)) { token(id) }
    }

    func token(_ row: Value) {
        switch spec.scaling {
        case .staticPerTensor:
            let zero = spec.symmetric ? nil : zeros.load(i64(0)).convert(.f32)
            encode(row, from: i64(0), to: k, scale: scales.load(i64(0)), zero: zero)
        case .dynamicPerToken:
            group(row, from: i64(0), to: k, slot: row)
        case .dynamicPerTokenGroup(let g):
            let groups = k / g
            b.loop(i64(0), groups) { gi in group(row, from: gi * g, to: gi * g + g, slot: row * groups + gi) }
        }
    }

    /// `lanes` activations (as f32) of token `row` from column `j`; `silu(gate) · up` when fused.
    func activations(_ row: Value, _ j: Value, lanes: Int) -> Value {
        guard spec.fusedSiLUAndMul else { return x.load(row * k + j, lanes: lanes).convert(.f32) }
        let base = row * (k * 2)
        let gate = x.load(base + j, lanes: lanes).convert(.f32)
        let up = x.load(base + k + j, lanes: lanes).convert(.f32)
        let silu = gate / (FloatBits.exp(-gate, gpu: spec.gpu) + f32(1, lanes: lanes))
        return silu * up
    }

    /// Runs `body(j, lanes)` over `lo..<hi`: whole vectors, then single lanes.
    func sweep(_ lo: Value, _ hi: Value, _ body: (Value, Int) -> Void) {
        let v = config.vectorWidth
        guard v > 1 else { return b.loop(lo, hi) { body($0, 1) } }
        let vectorEnd = lo + ((hi - lo) / v) * v
        b.loop(lo, vectorEnd, step: i64(v)) { body($0, v) }
        b.loop(vectorEnd, hi) { body($0, 1) }
    }

    /// Dynamic scale (and zero point) of `lo..<hi`, stored at `slot`, then the codes.
    func group(_ row: Value, from lo: Value, to hi: Value, slot: Value) {
        let v = config.vectorWidth
        // Running max of |x| (symmetric), or of x and of −x (asymmetric); starting at 0 gives
        // the reference's min(min, 0) and max(max, 0) directly.
        let wide = (0..<(spec.symmetric ? 1 : 2)).map { _ in b.variable(f32(0, lanes: v)) }
        let narrow = (0..<(spec.symmetric ? 1 : 2)).map { _ in b.variable(f32(0)) }
        sweep(lo, hi) { j, lanes in
            let a = activations(row, j, lanes: lanes)
            let acc = lanes == v ? wide : narrow
            if spec.symmetric {
                acc[0].set(acc[0].value.max(FloatBits.abs(a)))
            } else {
                acc[0].set(acc[0].value.max(a))
                acc[1].set(acc[1].value.max(-a))
            }
        }
        let maxima = zip(wide, narrow).map { $0.value.reduceMax().max($1.value) }
        let minimumScale = f32(Double(spec.minimumScale))
        func orMinimum(_ s: Value) -> Value { s.compare(.eq, f32(0)).select(minimumScale, s) }
        var zero: Value? = nil
        let scale: Value
        if spec.symmetric {
            scale = orMinimum(maxima[0] / f32(spec.target == .int8 ? 127 : Double(MiniFloat.float8E4M3FN.maxFinite)))
        } else {
            let low = -maxima[1], high = maxima[0]
            scale = orMinimum((high - low) / f32(255))
            let z = FloatBits.clamp(FloatBits.roundHalfEven(f32(-128) - low / scale), -128, 127)
            zeros.store(z.convert(.i32), at: slot)
            zero = z
        }
        scales.store(scale, at: slot)
        encode(row, from: lo, to: hi, scale: scale, zero: zero)
    }

    /// Writes the codes of `lo..<hi` for a scalar scale (and zero point, as f32).
    func encode(_ row: Value, from lo: Value, to hi: Value, scale: Value, zero: Value?) {
        sweep(lo, hi) { j, lanes in
            let t = activations(row, j, lanes: lanes) / scale.splat(lanes)
            q.store(code(t, zero: zero?.splat(lanes)), at: row * k + j)
        }
    }

    /// The code of `t = x / scale`, in the output type.
    func code(_ t: Value, zero: Value?) -> Value {
        let lanes = t.type.lanes
        switch spec.target {
        case .int8:
            var r = FloatBits.roundHalfEven(t)
            if let zero { r = r + zero }
            let clamped = FloatBits.clamp(r, -128, 127)
            let finite = clamped.compare(.ne, clamped).select(f32(0, lanes: lanes), clamped)  // NaN → 0
            return finite.convert(.i8)
        case .fp8e4m3:
            let m = Double(MiniFloat.float8E4M3FN.maxFinite)
            let bits = FloatBits.e4m3Bits(FloatBits.clamp(t, -m, m), saturating: false)
            return bits.convert(.i8).bitcast(to: .vector(.fp8e4m3, lanes))
        }
    }
}
