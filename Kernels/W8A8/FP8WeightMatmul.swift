import KernelIR

/// What a CPU FP8-weight kernel computes on: e4m3fn weights `[N, K]` with f32 scales per
/// tensor, per output channel or per 128 × 128 block (DeepSeek's `weight_scale_inv`), and
/// f32 or f16 activations.
public struct FP8WeightSpec: Hashable, Codable, Sendable {
    public enum Scaling: String, Hashable, Codable, Sendable {
        /// `scales[0]`.
        case perTensor
        /// `scales[n]`.
        case perChannel
        /// `scales[(n / 128) · ⌈K / 128⌉ + k / 128]`.
        case block128
    }

    public var scaling: Scaling
    public var activation: ScalarType
    public var convention: KernelConvention

    public init(scaling: Scaling, activation: ScalarType = .f32, convention: KernelConvention = .cpuGrid) {
        self.scaling = scaling
        self.activation = activation
        self.convention = convention
    }

    /// `wfp8e4m3_channel_f32`.
    var name: String { "wfp8e4m3_\(scaling.rawValue)_\(activation.name)" }

    func validate(_ c: W8A8Config, generator: String) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: generator, message: m) }
        if convention != .cpuGrid { throw fail("CPU only; GPU FP8 GEMMs are separate kernels") }
        if activation != .f32 && activation != .f16 { throw fail("activation dtype \(activation.name) is not one of f32, f16") }
        try c.validate(generator: generator)
    }
}

/// `y[M, N] = Σ_k x[m, k] · e4m3(w[n, k]) · s` with the weights decoded in registers by bit
/// operations and an f16 widening (``FloatBits/e4m3Unscaled(_:)``, off by an exact 2⁸ that
/// the scales take) and f32 FMAs
/// along K; one horizontal sum per output. Block scales are applied once per 128-wide K block.
///
/// Parameters, in this order: `x [M, K]` (f32 or f16), `w: f8e4m3 [N, K]`, `scales: f32`,
/// `y: f32 [M, N]`, then `m`, `n`, `k` as i64. Any K works (vector steps, then a scalar
/// tail); ragged M and N clamp the rows they read and guard the writes. The NaN code decodes
/// as ±480 (checkpoints hold no NaN weights). Scales are multiplied by 2⁸ in f32, so a scale
/// above 2¹²⁰ would overflow.
struct FP8WeightMatmul {
    let spec: FP8WeightSpec
    let config: W8A8Config
    let b: KernelBuilder
    let x, w, scales, y, m, n, k: Value

    static let block = 128

    init(spec: FP8WeightSpec, config: W8A8Config, builder: KernelBuilder) {
        self.spec = spec
        self.config = config
        b = builder
        x = b.parameter("x", .pointer(spec.activation))
        w = b.parameter("w", .pointer(.fp8e4m3))
        scales = b.parameter("scales", .pointer(.f32))
        y = b.parameter("y", .pointer(.f32))
        m = b.parameter("m", .i64)
        n = b.parameter("n", .i64)
        k = b.parameter("k", .i64)
    }

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }

    /// `lanes` weights of row `column` from `kk`, as f32 scaled by 2⁻⁸ (the scales make up for it).
    func weights(_ column: Value, _ kk: Value, lanes: Int) -> Value {
        FloatBits.e4m3Unscaled(w.load(column * k + kk, lanes: lanes))
    }

    /// A scale times ``FloatBits/e4m3Rebias`` (exact: a power of two).
    func rebiased(_ s: Value) -> Value { s * FloatBits.e4m3Rebias }

    func emit() {
        let tiles = GroupedTiles(program: b.programID(), m: m, n: n, config: config)
        let m0 = tiles.rowTile * config.tileM, n0 = tiles.columnTile * config.tileN
        let rows = (0..<config.tileM).map { $0 == 0 ? m0 : (m0 + $0).min(m - 1) }
        let columns = (0..<config.tileN).map { $0 == 0 ? n0 : (n0 + $0).min(n - 1) }
        let lanes = config.vectorWidth
        let vector = KType.vector(.f32, lanes)
        let blocked = spec.scaling == .block128
        // Vector accumulators for the whole K (or for one block), and scalar ones for tails.
        let acc = rows.map { _ in columns.map { _ in b.variable(b.constant(0.0, vector)) } }
        let tail = rows.map { _ in columns.map { _ in b.variable(b.constant(0.0, .f32)) } }
        // Weights decode two vectors at a time (one 32-byte widening to f16 lanes).
        let step = 2 * lanes
        let halves = [Array(0..<lanes), Array(lanes..<step)]
        func vectorStep(_ kk: Value, into vectors: [[Variable]]) {
            let ws = columns.map { c in
                let both = weights(c, kk, lanes: step)
                return halves.map { both.permute($0) }
            }
            for h in 0..<2 {
                let xs = rows.map { x.load($0 * k + kk + h * lanes, lanes: lanes).convert(.f32) }
                for r in rows.indices {
                    for t in columns.indices { vectors[r][t].set(xs[r].fma(ws[t][h], vectors[r][t].value)) }
                }
            }
        }
        func sweep(_ lo: Value, _ hi: Value, into vectors: [[Variable]], _ scalars: [[Variable]]) {
            let whole = lo + ((hi - lo) / step) * step
            b.loop(lo, whole, step: i64(step), unroll: .count(config.unrollK)) { vectorStep($0, into: vectors) }
            b.loop(whole, hi) { kk in
                let xs = rows.map { x.load($0 * k + kk).convert(.f32) }
                let ws = columns.map { weights($0, kk, lanes: 1) }
                for r in rows.indices {
                    for t in columns.indices { scalars[r][t].set(xs[r].fma(ws[t], scalars[r][t].value)) }
                }
            }
        }
        if blocked {
            let blocks = (k + (Self.block - 1)) / Self.block, wholeBlocks = k / Self.block
            func zeros(_ t: KType) -> [[Variable]] { rows.map { _ in columns.map { _ in b.variable(b.constant(0.0, t)) } } }
            func scale(_ kb: Value, _ partial: [[Variable]], _ partialTail: [[Variable]]?) {
                for t in columns.indices {
                    let s = rebiased(scales.load((columns[t] / Self.block) * blocks + kb))
                    for r in rows.indices {
                        acc[r][t].set(partial[r][t].value.fma(s.splat(lanes), acc[r][t].value))
                        if let partialTail { tail[r][t].set(partialTail[r][t].value.fma(s, tail[r][t].value)) }
                    }
                }
            }
            // Whole blocks: the steps of a block unrolled in Swift; then the ragged last block.
            b.loop(i64(0), wholeBlocks) { kb in
                let partial = zeros(vector)
                for i in 0..<(Self.block / step) { vectorStep(kb * Self.block + i * step, into: partial) }
                scale(kb, partial, nil)
            }
            b.if(wholeBlocks.compare(.lt, blocks)) {
                let partial = zeros(vector), partialTail = zeros(.f32)
                sweep(wholeBlocks * Self.block, k, into: partial, partialTail)
                scale(wholeBlocks, partial, partialTail)
            }
        } else {
            sweep(i64(0), k, into: acc, tail)
        }
        for r in rows.indices {
            let store = {
                for t in columns.indices {
                    var out = acc[r][t].value.reduceAdd() + tail[r][t].value
                    switch spec.scaling {
                    case .perTensor: out = out * rebiased(scales.load(i64(0)))
                    case .perChannel: out = out * rebiased(scales.load(columns[t]))
                    case .block128: break
                    }
                    if t == 0 {
                        y.store(out, at: rows[r] * n + columns[t])
                    } else {
                        b.if((n0 + t).compare(.lt, n)) { y.store(out, at: rows[r] * n + columns[t]) }
                    }
                }
            }
            if r == 0 { store() } else { b.if((m0 + r).compare(.lt, m), store) }
        }
    }
}

/// FP8-weight GEMV for decode (one token per program).
public struct FP8WeightGEMV: KernelGenerator {
    public var spec: FP8WeightSpec
    public init(spec: FP8WeightSpec) { self.spec = spec }

    public var family: KernelFamily { .gemv }
    public var defaultConfig: W8A8Config { W8A8Config(tileM: 1, tileN: 8, vectorWidth: 16, unrollK: 1, groupN: 1) }
    public var candidateConfigs: [W8A8Config] {
        [(4, 16, 2), (8, 16, 2), (2, 16, 4), (4, 8, 4)].map { W8A8Config(tileM: 1, tileN: $0.0, vectorWidth: $0.1, unrollK: $0.2, groupN: 1) }
    }

    public func variantName(_ c: W8A8Config) -> String { "fp8w_gemv_\(spec.name)_cpu_\(c)" }

    public func validate(_ c: W8A8Config) throws {
        try spec.validate(c, generator: "fp8w_gemv")
        if c.tileM != 1 { throw KernelConfigError(generator: "fp8w_gemv", message: "GEMV computes one row per program: tileM must be 1, got \(c.tileM)") }
    }

    public func emit(_ c: W8A8Config) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .cpuGrid)
        FP8WeightMatmul(spec: spec, config: c, builder: b).emit()
        return b.finish()
    }
}

/// FP8-weight GEMM for prefill: each decoded weight vector serves `tileM` tokens.
public struct FP8WeightGEMM: KernelGenerator {
    public var spec: FP8WeightSpec
    public init(spec: FP8WeightSpec) { self.spec = spec }

    public var family: KernelFamily { .gemm }
    public var defaultConfig: W8A8Config { W8A8Config(tileM: 4, tileN: 4, vectorWidth: 16, unrollK: 1, groupN: 16) }
    public var candidateConfigs: [W8A8Config] {
        [(4, 4, 16), (6, 2, 16), (2, 8, 16), (4, 4, 4)].map { W8A8Config(tileM: $0.0, tileN: $0.1, vectorWidth: 16, unrollK: 1, groupN: $0.2) }
    }

    public func variantName(_ c: W8A8Config) -> String { "fp8w_gemm_\(spec.name)_cpu_\(c)" }

    public func validate(_ c: W8A8Config) throws { try spec.validate(c, generator: "fp8w_gemm") }

    public func emit(_ c: W8A8Config) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .cpuGrid)
        FP8WeightMatmul(spec: spec, config: c, builder: b).emit()
        return b.finish()
    }
}
