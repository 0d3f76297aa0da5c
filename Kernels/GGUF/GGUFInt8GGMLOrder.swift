import KernelIR

/// The int8 kernel in the float order of ggml's x86 AVX2 dot products
/// (`ggml_vec_dot_q4_1_q8_1`, `ggml_vec_dot_q8_0_q8_0`, and llamafile's `tinyBLAS_Q0_AVX` for
/// batches, which sums the same way), for the types of ``GGUFMatmulSpec/followsGGMLOrder``.
///
/// ggml keeps eight f32 lanes per output: lane j accumulates, block after block,
/// `acc_j = fma(d_w · d_x, Σ_{i<4} w[4j+i]·x[4j+i], acc_j)`; Q4_1's minima add up separately as
/// `summs = fma(m, s, summs)`; the result is `((a0+a4)+(a2+a6)) + ((a1+a5)+(a3+a7)) + summs`
/// (`hsum_float_8`). The integer sums are exact, so matching this order makes the kernel's
/// results bit-identical to llama.cpp's, which a strict comparison with llama.cpp needs (a one-
/// ulp difference flips later activation roundings and grows through the layers).
///
/// Two weight rows share a 512-bit vector: bytes 0..<32 are row t's block in value order,
/// 32..<64 row t + 1's, against the block's activations twice; one `vpdpbusd` gives both rows'
/// eight lane sums, one f32 FMA accumulates them. An odd last weight row takes the 256-bit
/// ``GGUFInt8Matmul/single(_:rows:weights:blocks:tail:minimumSums:)`` step.
extension GGUFInt8Matmul {
    func emitInGGMLOrder(blocks: Value, rowBytes: Value) {
        GGUFTileWalk(config: config, m: p.m, n: p.n).emit(b, y: p.y) { rows, cols in
            let pairs = cols.count / 2
            let zero16 = e.splat(0, .f32, 16)
            let paired = rows.map { _ in (0..<pairs).map { _ in b.variable(zero16) } }
            // Q4_1's summs of each pair of weight rows, repeated over each row's eight lanes.
            let pairedMinimumSums = rows.map { _ in (0..<pairs).map { _ in b.variable(zero16) } }
            let tail = rows.map { _ in [b.variable(e.splat(0, .f32, 8))] }
            let tailMinimumSums = rows.map { _ in [b.variable(b.constant(0.0, .f32))] }
            let weights = cols.map { p.w.offset($0 * rowBytes) }
            b.loop(e.i64(0), blocks, unroll: .count(config.unrollK)) { block in
                pairedBlock(block, rows: rows, weights: Array(weights.prefix(2 * pairs)), blocks: blocks,
                            acc: paired, minimumSums: pairedMinimumSums)
                if cols.count % 2 == 1 {
                    single(block, rows: rows, weights: [weights.last!], blocks: blocks, tail: tail, minimumSums: tailMinimumSums)
                }
            }
            /// `hsum_float_8` of lanes `first ..< first + 8`.
            func horizontalSum(_ a: Value, _ first: Int) -> Value {
                let h = (0..<4).map { a.extract(first + $0) + a.extract(first + $0 + 4) }
                return (h[0] + h[2]) + (h[1] + h[3])
            }
            return rows.indices.map { r in cols.indices.map { t in
                if t == 2 * pairs { return horizontalSum(tail[r][0].value, 0) + tailMinimumSums[r][0].value }
                let sum = horizontalSum(paired[r][t / 2].value, 8 * (t % 2))
                return format.min != nil ? sum + pairedMinimumSums[r][t / 2].value.extract(8 * (t % 2)) : sum
            } }
        }
    }

    /// One block for every (activation row, pair of weight rows). Block scales (and minima) of
    /// a pair are converted together and spread over the pair's lanes; their products with the
    /// activation scales are lane-wise, so each lane still computes ggml's `d_w · d_x`.
    func pairedBlock(_ block: Value, rows: [Value], weights: [Value], blocks: Value, acc: [[Variable]], minimumSums: [[Variable]]) {
        let firstRow = e.mask(64) { $0 < 32 }
        let ones = e.splat(1, .i8, 64), zero = e.splat(0, .i32, 16)
        let lanesOf = { (first: Int, second: Int) in (0..<16).map { $0 < 8 ? first : second } }
        var vectors: [Value] = [], scales: [Value] = [], minima: [Value] = []
        for pair in 0..<(weights.count / 2) {
            let (w0, w1) = (weights[2 * pair], weights[2 * pair + 1])
            // The f16 header of both blocks (d, or d and m), converted at once.
            let header = format.min != nil ? 4 : 2
            let repeated = (0..<(2 * header)).map { $0 % header }
            let bytes = e.mask(2 * header) { $0 < header }.select(w0.load(block * bpb, lanes: header).permute(repeated),
                                                                   w1.load(block * bpb, lanes: header).permute(repeated))
            let halves = bytes.bitcast(to: .vector(.f16, header)).convert(.f32)
            let fields = header / 2
            scales.append(halves.permute(lanesOf(0, fields)))
            if format.min != nil { minima.append(halves.permute(lanesOf(1, fields + 1))) }
            // 64 unsigned bytes: each weight row's 32 values in order.
            if spec.type == .q8_0 {
                let spread = (0..<64).map { $0 % 32 }
                let q = firstRow.select(w0.load(block * bpb + 2, lanes: 32).permute(spread), w1.load(block * bpb + 2, lanes: 32).permute(spread))
                vectors.append(q ^ e.splat(-128, .i8, 64))
            } else {
                let spread = (0..<64).map { $0 % 16 }
                let q = firstRow.select(w0.load(block * bpb + format.quants, lanes: 16).permute(spread),
                                        w1.load(block * bpb + format.quants, lanes: 16).permute(spread))
                vectors.append(e.mask(64) { $0 % 32 < 16 }.select(q & 15, e.shiftBytesRight(q, 4) & 15))
            }
        }
        for (r, row) in rows.enumerated() {
            let a = p.xq.load(row * p.k + block * 32, lanes: 32).permute((0..<64).map { $0 % 32 })
            let dx = p.xd.load(row * blocks + block).splat(16)
            // Q8_0's weights are stored as value + 128: subtract 128 · Σ of each lane's four activations.
            let start = spec.type == .q8_0 ? zero - (e.dpbusd(zero, ones, a) << 7) : zero
            for pair in 0..<(weights.count / 2) {
                let dot = e.dpbusd(start, vectors[pair], a).convert(.f32)
                acc[r][pair].set(dot.fma(scales[pair] * dx, acc[r][pair].value))
            }
            if format.min != nil {
                let sx = p.xs.load(row * blocks + block).splat(16)
                for pair in 0..<(weights.count / 2) { minimumSums[r][pair].set(minima[pair].fma(sx, minimumSums[r][pair].value)) }
            }
        }
    }
}
