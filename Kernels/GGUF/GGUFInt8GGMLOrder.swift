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
            let pairWeights = (0..<pairs).map { (weights[2 * $0], weights[2 * $0 + 1]) }
            /// Accumulates block `block` (decoded for every pair) in order.
            func accumulate(_ block: Value, _ decoded: [PairedBlock]) {
                pairedBlock(block, decoded, rows: rows, blocks: blocks, acc: paired, minimumSums: pairedMinimumSums)
                if cols.count % 2 == 1 {
                    single(block, rows: rows, weights: [weights.last!], blocks: blocks, tail: tail, minimumSums: tailMinimumSums)
                }
            }
            // Groups of blocks decoded together (as many as one 64-byte gather holds), then the rest one by one.
            let groupBlocks = spec.type == .q8_0 ? 2 : 4
            let groups = blocks / groupBlocks
            b.loop(e.i64(0), groups, unroll: .count(config.unrollK)) { g in
                // Gathers once per group; each block is unpacked just before it is used (fewer live registers).
                let gathered = pairWeights.map { gatherGroup(g, groupBlocks, $0.0, $0.1) }
                for i in 0..<groupBlocks { accumulate(g * groupBlocks + i, gathered.map { $0.block(i) }) }
            }
            b.loop(groups * groupBlocks, blocks) { block in
                accumulate(block, pairWeights.map { decodeBlock(block, $0.0, $0.1) })
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

    /// A block of a pair of weight rows, ready for ``pairedBlock(_:_:rows:blocks:acc:minimumSums:)``:
    /// 64 unsigned bytes (each row's 32 values in order) and the block scales (and minima)
    /// spread over each row's eight lanes.
    struct PairedBlock { let quants: Value; let scales: Value; let minima: Value? }

    /// The 64 bytes of a pair from 16-byte (Q4_1 nibbles) or 32-byte (Q8_0) pieces `q0`, `q1`
    /// already spread over all lanes, as unsigned values.
    func pairQuants(_ q0: Value, _ q1: Value) -> Value {
        let q = e.mask(64) { $0 < 32 }.select(q0, q1)
        if spec.type == .q8_0 { return q ^ e.splat(-128, .i8, 64) }
        return e.mask(64) { $0 % 32 < 16 }.select(q, e.shiftBytesRight(q, 4)) & 15
    }

    /// Lanes 0..<8 of `first`'s lane `i`, lanes 8..<16 of `second`'s.
    func spreadPair(_ first: Value, _ second: Value, lane i: Int) -> Value {
        e.mask(16) { $0 < 8 }.select(first.permute(Array(repeating: i, count: 16)), second.permute(Array(repeating: i, count: 16)))
    }

    /// Decodes block `block` of the weight rows `w0`, `w1`.
    func decodeBlock(_ block: Value, _ w0: Value, _ w1: Value) -> PairedBlock {
        // The f16 header of both blocks (d, or d and m), converted at once.
        let header = format.min != nil ? 4 : 2
        let repeated = (0..<(2 * header)).map { $0 % header }
        let bytes = e.mask(2 * header) { $0 < header }.select(w0.load(block * bpb, lanes: header).permute(repeated),
                                                               w1.load(block * bpb, lanes: header).permute(repeated))
        let halves = bytes.bitcast(to: .vector(.f16, header)).convert(.f32)
        let fields = header / 2
        let lanesOf = { (first: Int, second: Int) in (0..<16).map { $0 < 8 ? first : second } }
        let minima = format.min != nil ? halves.permute(lanesOf(1, fields + 1)) : nil
        let (offset, lanes) = spec.type == .q8_0 ? (2, 32) : (format.quants, 16)
        let spread = (0..<64).map { $0 % lanes }
        let quants = pairQuants(w0.load(block * bpb + offset, lanes: lanes).permute(spread),
                                w1.load(block * bpb + offset, lanes: lanes).permute(spread))
        return PairedBlock(quants: quants, scales: halves.permute(lanesOf(0, fields)), minima: minima)
    }

    /// The `count` blocks of group `g` (Q4_1: 4 blocks, 80 bytes; Q8_0: 2 blocks, 68 bytes) of
    /// the weight rows `w0`, `w1`, gathered with one gather per row; `block(i)` unpacks block `i`.
    struct GatheredGroup { let block: (Int) -> PairedBlock }

    func gatherGroup(_ g: Value, _ count: Int, _ w0: Value, _ w1: Value) -> GatheredGroup {
        let (offset, lanes) = spec.type == .q8_0 ? (2, 32) : (format.quants, 16)
        let rows = [w0, w1].map { w in
            let (q, first) = e.gather(w, g * (count * bpb), span: count * bpb,
                                      picks: (0..<64).map { j in (j / lanes) * bpb + offset + j % lanes })
            let scales = e.halves64(first, at: (0..<count).map { $0 * bpb })
            let minima = format.min.map { m in e.halves64(first, at: (0..<count).map { $0 * bpb + m }) }
            return (q, scales, minima)
        }
        return GatheredGroup { i in
            let pick = (0..<64).map { lanes * i + $0 % lanes }
            let minima = format.min != nil ? spreadPair(rows[0].2!, rows[1].2!, lane: i) : nil
            return PairedBlock(quants: pairQuants(rows[0].0.permute(pick), rows[1].0.permute(pick)),
                               scales: spreadPair(rows[0].1, rows[1].1, lane: i), minima: minima)
        }
    }

    /// Accumulates one decoded block for every (activation row, pair of weight rows).
    func pairedBlock(_ block: Value, _ decoded: [PairedBlock], rows: [Value], blocks: Value, acc: [[Variable]], minimumSums: [[Variable]]) {
        let ones = e.splat(1, .i8, 64), zero = e.splat(0, .i32, 16)
        for (r, row) in rows.enumerated() {
            let a = p.xq.load(row * p.k + block * 32, lanes: 32).permute((0..<64).map { $0 % 32 })
            let dx = p.xd.load(row * blocks + block).splat(16)
            // Q8_0's weights are stored as value + 128: subtract 128 · Σ of each lane's four activations.
            let start = spec.type == .q8_0 ? zero - (e.dpbusd(zero, ones, a) << 7) : zero
            for (pair, d) in decoded.enumerated() {
                let dot = e.dpbusd(start, d.quants, a).convert(.f32)
                acc[r][pair].set(dot.fma(d.scales * dx, acc[r][pair].value))
            }
            if format.min != nil {
                let sx = p.xs.load(row * blocks + block).splat(16)
                for (pair, d) in decoded.enumerated() { minimumSums[r][pair].set(d.minima!.fma(sx, minimumSums[r][pair].value)) }
            }
        }
    }
}
