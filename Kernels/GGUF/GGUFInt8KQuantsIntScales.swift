import KernelIR
import Quantization

/// Integer sub-block scales for the ``GGUFTileConfig/reuseWeights`` schedule of Q4_K, Q5_K and
/// Q6_K. The activations are Q8_K (one scale `d_x` per super-block), so a super-block's
/// contribution is `d · d_x · Σ_s sc_s Σ q·a` (minus the mins): per 64-byte weight vector one
/// `vpmaddubsw` (pairs of u8 × i8 products as i16; the codes are at most 63, so no
/// saturation) and one `vpdpwssd` with the i16 scales accumulate in i32, and the f32 work is
/// one conversion and two FMAs per super-block instead of three f32 ops per vector.
extension GGUFInt8KQuants {
    /// Whether the reuse schedule takes integer scales for this type.
    var integerScales: Bool { [.q4_K, .q5_K, .q6_K].contains(spec.type) }

    /// The i16 scale of each i16 lane (value pair) of weight vector `v`, from the scale
    /// vector `sc` (8 sub-block scales for Q4_K/Q5_K, 16 for Q6_K).
    func pairScales(_ sc: Value, _ v: Int) -> Value {
        let blocks = laneBlocks(v)
        return spec.type == .q6_K ? sc.permute((0..<32).map { 4 * v + $0 / 8 }) : sc.permute((0..<32).map { blocks[$0 / 2] })
    }

    /// The decoded super-block with integer scales: `vectors` are the unsigned codes,
    /// `scales` the four `<32 x i16>` pair scales, `mins` (Q4_K/Q5_K) the f32 `dmin · m` and
    /// `d` the f32 super-block scale as 16 lanes.
    func decodeIntegerScales(_ block: Value) -> (decoded: Decoded, d: Value) {
        var out = decode(block)
        let sc: Value, d: Value
        if spec.type == .q6_K {
            sc = block.load(e.i64(192), lanes: 16).convert(.i16)
            d = block.load(e.i64(208), lanes: 2).bitcast(to: .f16).convert(.f32)
        } else {
            let (scales, _) = GGUFKScales.q4K(block.load(e.i64(4), lanes: 12), e: e)
            sc = scales.convert(.i16)
            d = e.half(block.load(e.i64(0), lanes: 4), at: 0)
        }
        out.scales = (0..<4).map { pairScales(sc, $0) }
        return (out, d.splat(16))
    }

    /// The scratch of the integer-scale path: record (j, t) holds 256 code bytes and 256 bytes
    /// of pair scales, and 32 f32 (d, then the mins).
    struct IntegerScratch {
        let bytes, floats: Value
        let tileN: Int

        func store(_ d: Decoded, scale: Value, j: Value, t: Int) {
            let record = j * tileN + t
            for (v, q) in d.vectors.enumerated() { bytes.store(q, at: record * 512 + 64 * v, alignment: 64) }
            for (v, s) in d.scales.enumerated() { bytes.store(s.bitcast(to: .vector(.i8, 64)), at: record * 512 + 256 + 64 * v, alignment: 64) }
            floats.store(scale, at: record * 32, alignment: 64)
            if let mins = d.mins { floats.store(mins, at: record * 32 + 16, alignment: 64) }
        }

        func load(j: Value, t: Int, mins: Bool) -> (decoded: Decoded, d: Value) {
            let record = j * tileN + t
            var out = Decoded()
            out.vectors = (0..<4).map { bytes.load(record * 512 + 64 * $0, lanes: 64, alignment: 64) }
            out.scales = (0..<4).map { bytes.load(record * 512 + 256 + 64 * $0, lanes: 64, alignment: 64).bitcast(to: .vector(.i16, 32)) }
            if mins { out.mins = floats.load(record * 32 + 16, lanes: 16, alignment: 64) }
            return (out, floats.load(record * 32, lanes: 16, alignment: 64))
        }
    }

    /// One activation row's share of a super-block for the integer path: its int8 vectors,
    /// `d_x` as 16 lanes, Q6_K's `32 · a` pair sums (the −32 offset) and the mins' sums.
    struct IntegerRowState { let a: [Value]; let dx: Value; let offsets: [Value]?; let halfSums: Value? }

    func integerRowState(_ sb: Value, row: Value, blocks: Value) -> IntegerRowState {
        let a = (0..<4).map { p.xq.load(row * p.k + sb * 256 + 64 * $0, lanes: 64) }
        // Q8_K: the eight 32-value blocks of a super-block share one scale.
        let dx = p.xd.load(row * blocks + sb * 8).splat(16)
        let offsets = spec.type == .q6_K ? a.map { maddubs(e.splat(32, .i8, 64), $0) } : nil
        let halfSums = spec.type == .q6_K ? nil
            : (p.xs.load(row * blocks + sb * 8, lanes: 8) * 0.5).permute(Array(0..<8) + Array(0..<8))
        return IntegerRowState(a: a, dx: dx, offsets: offsets, halfSums: halfSums)
    }

    /// `vpmaddubsw`: lane i of the `<32 x i16>` result is u[2i]·s[2i] + u[2i+1]·s[2i+1]
    /// (`u` unsigned, `s` signed bytes).
    func maddubs(_ u: Value, _ s: Value) -> Value {
        b.intrinsic("llvm.x86.avx512.pmaddubs.w.512", result: .vector(.i16, 32), [u, s])
    }

    func accumulateIntegers(_ r: IntegerRowState, _ w: Decoded, d: Value, _ acc: Variable) {
        let t = KType.vector(.i32, 16)
        var isum: Value?
        for v in 0..<4 {
            var pairs = maddubs(w.vectors[v], r.a[v])
            if let offsets = r.offsets { pairs = pairs - offsets[v] }
            // The first vector with the non-destructive vpmaddwd: no zeroed accumulator to copy.
            isum = isum.map { b.intrinsic("llvm.x86.avx512.vpdpwssd.512", result: t, [$0, pairs.bitcast(to: t), w.scales[v].bitcast(to: t)]) }
                ?? b.intrinsic("llvm.x86.avx512.pmaddw.d.512", result: t, [pairs, w.scales[v]])
        }
        var sum = isum!.convert(.f32).fma(d * r.dx, acc.value)
        if let halfSums = r.halfSums, let mins = w.mins { sum = (-mins).fma(halfSums, sum) }
        acc.set(sum)
    }
}
