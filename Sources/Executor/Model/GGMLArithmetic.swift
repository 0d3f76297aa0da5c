/// The float arithmetic of llama.cpp's x86 CPU backend (AVX2 + FMA + F16C build) for the
/// operations of a Llama layer outside the quantized linear layers, reproduced operation by
/// operation so that ``LlamaModel`` can compute bit-identical activations.
///
/// llama.cpp rounds activations to 8-bit blocks before every quantized dot product; a one-ulp
/// difference anywhere can flip such a rounding and the difference then grows through the
/// layers (llama.cpp's own one-token and batched paths disagree on 2.8% of the top-1 tokens of
/// the checked passage for that reason). Matching llama.cpp strictly therefore needs its exact
/// order of float operations, which these functions follow:
///
/// - ``exp(_:)`` is `ggml_v_expf` (the polynomial behind `ggml_vec_soft_max_f32` and
///   `ggml_v_silu`), not the C library's `expf`;
/// - ``horizontalSum(_:)`` is the `hsum_float_8` tree, ``reduceF16Dot(_:)`` the
///   `GGML_F32x8_REDUCE` tree of `ggml_vec_dot_f16`.
enum GGMLArithmetic {
    /// `ggml_v_expf` for one lane: exp(x) with at most 1.5 ulp error, 0 below −103.97.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let r: Float = 0x1.8p23
        let z = r.addingProduct(x, 0x1.715476p+0)
        let n = z - r
        let b = x.addingProduct(-n, 0x1.62e4p-1).addingProduct(-n, 0x1.7f7d1cp-20)
        let e = z.bitPattern << 23
        let k = Float(bitPattern: e &+ Float(1).bitPattern)
        let u = b * b
        let high = Float(0x1.573e2ep-5).addingProduct(0x1.0e4020p-7, b)
        let low = Float(0x1.fffdb6p-2).addingProduct(0x1.555e66p-3, b)
        let j = (0x1.ffffecp-1 * b).addingProduct(low.addingProduct(high, u), u)
        guard abs(n) > 126 else { return k.addingProduct(j, k) }
        let g: UInt32 = n <= 0 ? 0x8200_0000 : 0
        let s1 = Float(bitPattern: g &+ 0x7F00_0000)
        if abs(n) > 192 { return s1 * s1 }
        let s2 = Float(bitPattern: e &- g)
        return s2.addingProduct(s2, j) * s1
    }

    /// `ggml_vec_swiglu_f32` for one value: `silu(gate) · up` with silu(g) = g / (1 + exp(0 − g)).
    @inline(__always)
    static func swiglu(gate: Float, up: Float) -> Float {
        gate / (1 + exp(0 - gate)) * up
    }

    /// `hsum_float_8` (and tinyBLAS's `hsum`): ((a0+a4)+(a2+a6)) + ((a1+a5)+(a3+a7)).
    @inline(__always)
    static func horizontalSum(_ a: SIMD8<Float>) -> Float {
        let t0 = a[0] + a[4], t1 = a[1] + a[5], t2 = a[2] + a[6], t3 = a[3] + a[7]
        return (t0 + t2) + (t1 + t3)
    }

    /// The reduction of `ggml_vec_dot_f16`'s four 8-lane accumulators (lane `l` of accumulator
    /// `j` holds the elements `i` with `i % 32 == 8j + l`): pairwise adds, then `hadd` twice.
    @inline(__always)
    static func reduceF16Dot(_ s: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)) -> Float {
        let x = (s.0 + s.2) + (s.1 + s.3)
        let t0 = x[0] + x[4], t1 = x[1] + x[5], t2 = x[2] + x[6], t3 = x[3] + x[7]
        return (t0 + t1) + (t2 + t3)
    }

    /// The dot product of two f16-valued float vectors (`count` a multiple of 8) as llama.cpp's
    /// attention mul_mats take it: batched (several tokens), llamafile's tinyBLAS sums lane
    /// `i % 8` in order and reduces with ``horizontalSum(_:)``; one token, `ggml_vec_dot_f16`
    /// (count a multiple of 32). Products of f16 values are exact in float, so FMA and
    /// multiply-add agree.
    @inline(__always)
    static func dotF16(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int, batched: Bool) -> Float {
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        func load(_ p: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> { p.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) }
        if batched {
            var acc = SIMD8<Float>()
            for i in stride(from: 0, to: count, by: 8) { acc += load(ra, i) * load(rb, i) }
            return horizontalSum(acc)
        }
        var s = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for i in stride(from: 0, to: count, by: 32) {
            s.0 += load(ra, i) * load(rb, i)
            s.1 += load(ra, i + 8) * load(rb, i + 8)
            s.2 += load(ra, i + 16) * load(rb, i + 16)
            s.3 += load(ra, i + 24) * load(rb, i + 24)
        }
        return reduceF16Dot(s)
    }
}
