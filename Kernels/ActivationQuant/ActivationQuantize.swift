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
/// Dynamic per-tensor scaling takes two kernels over the same arguments, with `scales`
/// holding `1 + 2·M` floats: ``emitRangePass(_:)`` writes each token's range at
/// `1 + 2·row …` (scratch), then ``emit(_:)`` reduces them and writes the scale at 0 (and the
/// zero point at `zeros[0]`) while quantizing.
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

    /// The first pass of dynamic per-tensor scaling: each token's range into `scales`
    /// (same parameters as the quantizing kernel; `q` and `zeros` are untouched). Run it over
    /// every token, then the kernel of ``emit(_:)``.
    public func emitRangePass(_ c: ActivationQuantConfig) throws -> Kernel {
        try validate(c)
        guard spec.scaling == .dynamicPerTensor else {
            throw KernelConfigError(generator: "actquant", message: "only dynamic per-tensor scaling has a range pass")
        }
        let b = KernelBuilder(name: variantName(c) + "_range", convention: spec.convention)
        ActivationQuantEmitter(spec: spec, config: c, builder: b).emit(rangePass: true)
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

    func emit(rangePass: Bool = false) {
        let body: (Value) -> Void = rangePass ? tokenRange : token
        guard spec.gpu else { return body(b.programID()) }
        let id = (b.blockIndex() * b.blockSize() + b.threadIndex()).convert(.i64, unsigned: true)
        b.if(id.compare(.lt, m)) { body(id) }
    }

    func token(_ row: Value) {
        switch spec.scaling {
        case .staticPerTensor:
            let zero = spec.symmetric ? nil : zeros.load(i64(0)).convert(.f32)
            encode(row, from: i64(0), to: k, scale: scales.load(i64(0)), zero: zero)
        case .dynamicPerTensor:
            tensorScaled(row)
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
        let silu = gate / (FloatBits.exp(-gate) + f32(1, lanes: lanes))
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
        let (scale, zero) = parameters(range(row, from: lo, to: hi))
        scales.store(scale, at: slot)
        if let zero { zeros.store(zero.convert(.i32), at: slot) }
        encode(row, from: lo, to: hi, scale: scale, zero: zero)
    }

    /// The range of `lo..<hi`: `[max |x|]` (symmetric) or `[max(max x, 0), max(−min x, 0)]`.
    /// Starting the running maxima at 0 gives the reference's `min(min, 0)`, `max(max, 0)`.
    func range(_ row: Value, from lo: Value, to hi: Value) -> [Value] {
        let v = config.vectorWidth
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
        return zip(wide, narrow).map { v > 1 ? $0.value.reduceMax().max($1.value) : $1.value.max($0.value) }
    }

    /// The scale (and zero point, as an integral f32) of a range, as the reference computes them.
    func parameters(_ maxima: [Value]) -> (scale: Value, zero: Value?) {
        let minimumScale = f32(Double(spec.minimumScale))
        func orMinimum(_ s: Value) -> Value { s.compare(.eq, f32(0)).select(minimumScale, s) }
        if spec.symmetric {
            return (orMinimum(maxima[0] / f32(spec.target == .int8 ? 127 : Double(MiniFloat.float8E4M3FN.maxFinite))), nil)
        }
        let low = -maxima[1], high = maxima[0]
        let scale = orMinimum((high - low) / f32(255))
        return (scale, FloatBits.clamp(FloatBits.roundHalfEven(f32(-128) - low / scale), -128, 127))
    }

    /// Dynamic per-tensor, pass 1: token `row`'s range into `scales[1 + 2·row ...]`.
    func tokenRange(_ row: Value) {
        for (i, v) in range(row, from: i64(0), to: k).enumerated() { scales.store(v, at: row * 2 + (1 + i)) }
    }

    /// Dynamic per-tensor, pass 2: the tensor's range from every token's, then token `row`'s
    /// codes; token 0 also writes the scale (and zero point) at index 0.
    func tensorScaled(_ row: Value) {
        let maxima = (0..<(spec.symmetric ? 1 : 2)).map { _ in b.variable(f32(0)) }
        b.loop(i64(0), m) { r in
            for (i, v) in maxima.enumerated() { v.set(v.value.max(scales.load(r * 2 + (1 + i)))) }
        }
        let (scale, zero) = parameters(maxima.map(\.value))
        b.if(row.compare(.eq, i64(0))) {
            scales.store(scale, at: i64(0))
            if let zero { zeros.store(zero.convert(.i32), at: i64(0)) }
        }
        encode(row, from: i64(0), to: k, scale: scale, zero: zero)
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
