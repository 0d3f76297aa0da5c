import KernelIR

/// Element-wise kernels with the float arithmetic of llama.cpp's x86 CPU backend (AVX2 + FMA
/// build), for a model runner that reproduces llama.cpp bit for bit: `ggml_v_expf` (the
/// polynomial exp of `ggml_vec_soft_max_f32` and `ggml_v_silu`) and `ggml_vec_swiglu_f32`.
/// Every program handles 16 values; `n` must be a multiple of 16.
public enum GGMLElementwise {
    /// `x[i] = exp(x[i] − max[0])` by `ggml_v_expf` for `i < n` (parameters `x` f32, `max`
    /// f32 (one value), `n` i64; programs `n / 16`). −∞ gives 0.
    public static func softmaxExp() -> Kernel {
        let b = KernelBuilder(name: "ggml_softmax_exp_cpu", convention: .cpuGrid)
        let x = b.parameter("x", .pointer(.f32)), maximum = b.parameter("max", .pointer(.f32))
        _ = b.parameter("n", .i64)
        let at = b.programID() * 16
        x.store(exp(x.load(at, lanes: 16) - maximum.load(b.constant(0, .i64)).splat(16), b), at: at)
        return b.finish()
    }

    /// `out[i] = silu(gate[i]) · up[i]` with `silu(g) = g / (1 + exp(0 − g))` by
    /// `ggml_v_expf`, as `ggml_vec_swiglu_f32` (parameters `gate`, `up`, `out` f32, `n` i64;
    /// programs `n / 16`).
    public static func swiglu() -> Kernel {
        let b = KernelBuilder(name: "ggml_swiglu_cpu", convention: .cpuGrid)
        let gate = b.parameter("gate", .pointer(.f32)), up = b.parameter("up", .pointer(.f32))
        let out = b.parameter("out", .pointer(.f32))
        _ = b.parameter("n", .i64)
        let at = b.programID() * 16
        let g = gate.load(at, lanes: 16)
        let silu = g / (exp(b.constant(0.0, .vector(.f32, 16)) - g, b) + 1.0)
        out.store(silu * up.load(at, lanes: 16), at: at)
        return b.finish()
    }

    /// `ggml_v_expf` on 16 lanes, operation by operation (each `_mm256_fmadd_ps(a, b, c)` is
    /// `a.fma(b, c)`, each `_mm256_fnmadd_ps(a, b, c)` is `(−a).fma(b, c)`).
    static func exp(_ x: Value, _ b: KernelBuilder) -> Value {
        let f = KType.vector(.f32, 16), i = KType.vector(.i32, 16)
        func c(_ v: Double) -> Value { b.constant(v, f) }
        func k(_ v: UInt32) -> Value { b.constant(Int(Int32(bitPattern: v)), i) }
        let r = c(0x1.8p23)
        let z = x.fma(c(0x1.715476p+0), r)
        let n = z - r
        let reduced = (-n).fma(c(0x1.7f7d1cp-20), (-n).fma(c(0x1.62e4p-1), x))
        let e = z.bitcast(to: i) << 23
        let scale = (e + k(0x3F80_0000)).bitcast(to: f)
        let magnitude = (n.bitcast(to: i) & k(0x7FFF_FFFF)).bitcast(to: f)
        let u = reduced * reduced
        let j = c(0x1.0e4020p-7).fma(reduced, c(0x1.573e2ep-5))
            .fma(u, c(0x1.555e66p-3).fma(reduced, c(0x1.fffdb6p-2)))
            .fma(u, c(0x1.ffffecp-1) * reduced)
        let normal = scale.fma(j, scale)
        let g = n.compare(.le, c(0)).select(k(0x8200_0000), k(0))
        let s1 = (g + k(0x7F00_0000)).bitcast(to: f)
        let s2 = (e - g).bitcast(to: f)
        let large = s2.fma(j, s2) * s1
        return magnitude.compare(.gt, c(192)).select(s1 * s1, magnitude.compare(.gt, c(126)).select(large, normal))
    }
}
