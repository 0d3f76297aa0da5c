import KernelIR

/// `y[M, N] = (Σ_k (xq[m, k] − zx[m]) · w[n, k]) · sx[m] · sw[n]` for int8 `xq[M, K]` and
/// `w[N, K]`, with AVX-512 VNNI.
///
/// `vpdpbusd` multiplies *unsigned* bytes by signed bytes, so activations are flipped to
/// `xq + 128` (an xor of the sign bit) and the extra `128 · Σ_k w[n, k]` is taken back with the
/// precomputed weight row sums, together with the zero point: `acc − (128 + zx) · rowsum`.
/// Products sum exactly in int32 (`|acc| ≤ 255 · 128 · K` fits for K < 65,794).
///
/// Parameters, in this order: `xq: i8 [M, K]`, `sx: f32 [M]` (`[1]` per tensor), `zx: i32`
/// like `sx` (unused when symmetric), `w: i8 [N, K]`, `sw: f32 [N]`, `rowsum: i32 [N]` (``W8A8Weights/rowSums``),
/// `y: f32 [M, N]`, then `m`, `n`, `k` as i64. Any K works: whole steps of `4·vectorWidth`
/// bytes, then a scalar tail. Ragged M and N clamp the rows they read and guard the writes.
struct W8A8Matmul {
    let spec: W8A8Spec
    let config: W8A8Config
    let b: KernelBuilder
    let xq, sx, zx, w, sw, rowsum, bias, y, m, n, k: Value

    init(spec: W8A8Spec, config: W8A8Config, builder: KernelBuilder) {
        self.spec = spec
        self.config = config
        b = builder
        xq = b.parameter("xq", .pointer(.i8))
        sx = b.parameter("sx", .pointer(.f32))
        zx = b.parameter("zx", .pointer(.i32))
        w = b.parameter("w", .pointer(.i8))
        sw = b.parameter("sw", .pointer(.f32))
        rowsum = b.parameter("rowsum", .pointer(.i32))
        bias = b.parameter("bias", .pointer(.f32))
        y = b.parameter("y", .pointer(spec.output))
        m = b.parameter("m", .i64)
        n = b.parameter("n", .i64)
        k = b.parameter("k", .i64)
    }

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }

    func emit() {
        let tiles = GroupedTiles(program: b.programID(), m: m, n: n, config: config)
        let m0 = tiles.rowTile * config.tileM, n0 = tiles.columnTile * config.tileN
        let rows = (0..<config.tileM).map { $0 == 0 ? m0 : (m0 + $0).min(m - 1) }
        let columns = (0..<config.tileN).map { $0 == 0 ? n0 : (n0 + $0).min(n - 1) }
        let lanes = config.vectorWidth, step = 4 * lanes
        let v = KType.vector(.i32, lanes)
        let intrinsic = "llvm.x86.avx512.vpdpbusd.\(lanes * 32)"
        let acc = rows.map { _ in columns.map { _ in b.variable(b.constant(0, v)) } }
        let flip = b.constant(Int(Int32(bitPattern: 0x8080_8080)), v)
        let whole = (k / step) * step
        b.loop(i64(0), whole, step: i64(step), unroll: .count(config.unrollK)) { kk in
            let xs = rows.map { (xq.load($0 * k + kk, lanes: step).bitcast(to: v)) ^ flip }
            let ws = columns.map { w.load($0 * k + kk, lanes: step).bitcast(to: v) }
            for r in rows.indices {
                for t in columns.indices {
                    acc[r][t].set(b.intrinsic(intrinsic, result: v, [acc[r][t].value, xs[r], ws[t]]))
                }
            }
        }
        let total = acc.map { $0.map { b.variable($0.value.reduceAdd()) } }
        b.loop(whole, k) { kk in
            let xs = rows.map { xq.load($0 * k + kk).convert(.i32) + 128 }
            let ws = columns.map { w.load($0 * k + kk).convert(.i32) }
            for r in rows.indices {
                for t in columns.indices { total[r][t].set(total[r][t].value + xs[r] * ws[t]) }
            }
        }
        for r in rows.indices {
            let token = spec.perTensorActivation ? i64(0) : rows[r]
            let offset = spec.activationZeroPoint ? zx.load(token) + 128 : b.constant(128, .i32)
            let scale = sx.load(token)
            let store = {
                for t in columns.indices {
                    let exact = total[r][t].value - offset * rowsum.load(columns[t])
                    var out = exact.convert(.f32) * scale * sw.load(columns[t])
                    if spec.bias { out = out + bias.load(columns[t]) }
                    out = out.convert(spec.output)
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

/// Host-side preparation of int8 weights, done once at load time.
public enum W8A8Weights {
    /// `Σ_k w[n, k]` per output channel, for the unsigned-activation correction.
    public static func rowSums(_ w: [Int8], n: Int, k: Int) -> [Int32] {
        (0..<n).map { r in w[(r * k)..<((r + 1) * k)].reduce(Int32(0)) { $0 + Int32($1) } }
    }
}

/// INT8 W8A8 GEMV for decode: one token per program, `tileN` output channels streamed at once.
public struct W8A8GEMV: KernelGenerator {
    public var spec: W8A8Spec
    public init(spec: W8A8Spec) { self.spec = spec }

    public var family: KernelFamily { .gemv }
    public var defaultConfig: W8A8Config { W8A8Config(tileM: 1, tileN: 4, vectorWidth: 16, unrollK: 2, groupN: 1) }
    public var candidateConfigs: [W8A8Config] {
        [(4, 16, 2), (8, 16, 1), (8, 16, 2), (16, 16, 1), (8, 8, 2)].map {
            W8A8Config(tileM: 1, tileN: $0.0, vectorWidth: $0.1, unrollK: $0.2, groupN: 1)
        }
    }

    public func variantName(_ c: W8A8Config) -> String { "w8a8_gemv_\(spec.name)_cpu_\(c)" }

    public func validate(_ c: W8A8Config) throws {
        try spec.validate(c, generator: "w8a8_gemv")
        if c.tileM != 1 { throw KernelConfigError(generator: "w8a8_gemv", message: "GEMV computes one row per program: tileM must be 1, got \(c.tileM)") }
    }

    public func emit(_ c: W8A8Config) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .cpuGrid)
        W8A8Matmul(spec: spec, config: c, builder: b).emit()
        return b.finish()
    }
}

/// INT8 W8A8 GEMM for prefill: `tileM × tileN` outputs per program, weight rows reused by
/// `tileM` tokens and, through `groupN`, from cache across every row tile.
public struct W8A8GEMM: KernelGenerator {
    public var spec: W8A8Spec
    public init(spec: W8A8Spec) { self.spec = spec }

    public var family: KernelFamily { .gemm }
    public var defaultConfig: W8A8Config { W8A8Config(tileM: 5, tileN: 4, vectorWidth: 16, unrollK: 1, groupN: 16) }
    public var candidateConfigs: [W8A8Config] {
        [(4, 4, 16), (2, 8, 16), (4, 5, 16), (5, 4, 16), (6, 3, 16), (5, 4, 32), (4, 4, 4)].map {
            W8A8Config(tileM: $0.0, tileN: $0.1, vectorWidth: 16, unrollK: 1, groupN: $0.2)
        }
    }

    public func variantName(_ c: W8A8Config) -> String { "w8a8_gemm_\(spec.name)_cpu_\(c)" }

    public func validate(_ c: W8A8Config) throws { try spec.validate(c, generator: "w8a8_gemm") }

    public func emit(_ c: W8A8Config) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .cpuGrid)
        W8A8Matmul(spec: spec, config: c, builder: b).emit()
        return b.finish()
    }
}
