import KernelIR
import Quantization

/// The int8 strategy for the 256-value super-blocks (Q2_K … Q6_K, IQ4_XS). Each 64-byte weight
/// vector covers two 32-value sub-blocks (Q4_K/Q5_K: low or high nibbles of 64 quant bytes, matching the
/// ``GGUFActivationLayout/pairedBlocks`` activation order) or 64 values in order (Q6_K, with
/// its 16-value scales). Per-lane f32 scales are `d · sc` times the activation block scale;
/// Q4_K's min term is `dmin · m · Σ (d_x Σa)` from the activation block sums, Q6_K's −32
/// offset is subtracted in integers.
struct GGUFInt8KQuants {
    let spec: GGUFMatmulSpec
    let config: GGUFTileConfig
    let b: KernelBuilder
    let e: GGUFEmit
    let p: GGUFInt8Parameters

    /// One weight row's decoded super-block: unsigned byte vectors with their lane scales
    /// (d · sc), and the doubled mins for Q4_K.
    /// Q2_K's mins are per 16 values: `laneMins[v]` holds `dmin · m` for each lane of vector v.
    struct Decoded { var vectors: [Value] = []; var scales: [Value] = []; var mins: Value?; var laneMins: [Value]? }

    func emit() {
        if config.reuseWeights { return emitReusingWeights() }
        let superBlocks = p.k / 256, blocks = p.k / 32
        let rowBytes = superBlocks * spec.bytesPerBlock
        GGUFTileWalk(config: config, m: p.m, n: p.n).emit(b, y: p.y) { rows, cols in
            let zero16 = e.splat(0, .f32, 16)
            let acc = rows.map { _ in cols.map { _ in b.variable(zero16) } }
            let weights = cols.map { p.w.offset($0 * rowBytes) }
            b.loop(e.i64(0), superBlocks, unroll: .count(config.unrollK)) { sb in
                // GEMV: decode one weight row at a time (fewer live registers); GEMM: decode the
                // tile's weight rows once, then reuse them for every activation row.
                if rows.count == 1 {
                    let state = rowState(sb, row: rows[0], blocks: blocks)
                    for (t, w) in weights.enumerated() { accumulate(state, decode(w.offset(sb * spec.bytesPerBlock)), acc[0][t]) }
                } else {
                    let decoded = weights.map { decode($0.offset(sb * spec.bytesPerBlock)) }
                    for (r, row) in rows.enumerated() {
                        let state = rowState(sb, row: row, blocks: blocks)
                        for t in decoded.indices { accumulate(state, decoded[t], acc[r][t]) }
                    }
                }
            }
            return acc.map { $0.map { $0.value.reduceAdd() } }
        }
    }

    /// For vector `v` (0..<4), the sub-block (32 values) of each of the 16 lanes.
    func laneBlocks(_ v: Int) -> [Int] {
        switch spec.type {
        case .q6_K, .q2_K, .q3_K: (0..<16).map { 2 * v + $0 / 8 }
        case .iq4_XS: (0..<16).map { 4 * (v / 2) + $0 / 4 }  // lo/hi halves of four sub-blocks
        default: (0..<16).map { 4 * (v / 2) + (v % 2) + 2 * ($0 / 8) }  // lo/hi of pair-of-pairs v/2
        }
    }

    func decode(_ block: Value) -> Decoded {
        if spec.type == .q2_K || spec.type == .q3_K { return decodeLowBits(block) }
        var out = Decoded()
        if spec.type == .iq4_XS {
            // 6-bit signed scales: low 4 bits in scales_l[s/2] (nibble s%2), high 2 in scales_h.
            let d = block.load(e.i64(0), lanes: 2).bitcast(to: .f16).convert(.f32)
            let dl = GGUFKScales.iq4XS(block, e: e, d: d)[0]
            out.scales = (0..<4).map { dl.permute(laneBlocks($0)) }
            for group in 0..<2 {
                let q = block.load(e.i64(8 + 64 * group), lanes: 64)
                out.vectors += [q & 15, e.shiftBytesRight(q, 4) & 15].map { e.lookup(GGUFSmallBlock.unsignedCodebook, $0) }
            }
            return out
        }
        if spec.type != .q6_K {
            let header = block.load(e.i64(0), lanes: 4)
            let (sc, mins) = GGUFKScales.q4K(block.load(e.i64(4), lanes: 12), e: e)
            let dl = sc * e.half(header, at: 0).splat(8)
            out.mins = (mins * e.half(header, at: 2).splat(8)).permute(Array(0..<8) + Array(0..<8))
            let five = spec.type == .q5_K
            // Q5_K: bit s of qh[l] is the fifth bit of value l of sub-block s.
            let qh = five ? block.load(e.i64(16), lanes: 32).permute(Array(0..<32) + Array(0..<32)) : nil
            let first = e.mask(64) { $0 < 32 }
            func fifth(_ s0: Int, _ s1: Int) -> Value {
                func toBit4(_ s: Int) -> Value { s <= 4 ? e.shiftBytesLeft(qh!, 4 - s) : e.shiftBytesRight(qh!, s - 4) }
                return first.select(toBit4(s0), toBit4(s1)) & 0x10
            }
            for pair in 0..<2 {
                let q = block.load(e.i64((five ? 48 : 16) + 64 * pair), lanes: 64)
                var low = q & 15, high = e.shiftBytesRight(q, 4) & 15
                if five {
                    low = low | fifth(4 * pair, 4 * pair + 2)
                    high = high | fifth(4 * pair + 1, 4 * pair + 3)
                }
                out.vectors += [low, high]
            }
            out.scales = (0..<4).map { dl.permute(laneBlocks($0)) }
            return out
        }
        // Q6_K
        let d = block.load(e.i64(208), lanes: 2).bitcast(to: .f16).convert(.f32)
        let sc = block.load(e.i64(192), lanes: 16).convert(.f32) * d.splat(16)
        let first = e.mask(64) { $0 < 32 }
        for h in 0..<2 {
            let ql = block.load(e.i64(64 * h), lanes: 64)
            let qh = block.load(e.i64(128 + 32 * h), lanes: 32).permute(Array(0..<32) + Array(0..<32))
            let highA = first.select(e.shiftBytesLeft(qh, 4), e.shiftBytesLeft(qh, 2)) & 0x30
            let highB = first.select(qh, e.shiftBytesRight(qh, 2)) & 0x30
            out.vectors += [(ql & 15) | highA, (e.shiftBytesRight(ql, 4) & 15) | highB]
        }
        // Vector v = 2h + j covers values 64v..; lane L has scale index 4v + L/4.
        out.scales = (0..<4).map { v in sc.permute((0..<16).map { 4 * v + $0 / 4 }) }
        return out
    }

    /// One activation row's share of a super-block: its int8 vectors, lane scales, integer
    /// offsets and the sums the mins need.
    struct RowState { let a, dxLanes, starts, laneWeights: [Value]; let halfSums: Value? }

    func rowState(_ sb: Value, row: Value, blocks: Value) -> RowState {
        let zero = e.splat(0, .i32, 16), ones = e.splat(1, .i8, 64)
        let a = (0..<4).map { p.xq.load(row * p.k + sb * 256 + 64 * $0, lanes: 64) }
        let dx = p.xd.load(row * blocks + sb * 8, lanes: 8)
        let dxLanes = (0..<4).map { dx.permute(laneBlocks($0)) }
        let offsetShift: Int? = switch spec.type { case .q6_K: 5; case .iq4_XS: 7; case .q3_K: 2; default: nil }
        let laneSums = offsetShift != nil || spec.type == .q2_K ? a.map { e.dpbusd(zero, ones, $0) } : []
        let starts = offsetShift.map { shift in laneSums.map { zero - ($0 << shift) } } ?? [zero, zero, zero, zero]
        // Q2_K: Σ over a sub-block's lanes of (four-value sums · d_x) is d_x · Σa.
        let laneWeights = spec.type == .q2_K ? (0..<4).map { laneSums[$0].convert(.f32) * dxLanes[$0] } : []
        let halfSums = spec.type == .q4_K || spec.type == .q5_K
            ? (p.xs.load(row * blocks + sb * 8, lanes: 8) * 0.5).permute(Array(0..<8) + Array(0..<8)) : nil
        return RowState(a: a, dxLanes: dxLanes, starts: starts, laneWeights: laneWeights, halfSums: halfSums)
    }

    func accumulate(_ r: RowState, _ w: Decoded, _ acc: Variable) {
        var sum = acc.value
        for v in 0..<4 {
            let dot = e.dpbusd(r.starts[v], w.vectors[v], r.a[v]).convert(.f32)
            sum = (dot * w.scales[v]).fma(r.dxLanes[v], sum)
        }
        if let halfSums = r.halfSums, let mins = w.mins { sum = (-mins).fma(halfSums, sum) }
        if let laneMins = w.laneMins {
            for v in 0..<4 { sum = (-laneMins[v]).fma(r.laneWeights[v], sum) }
        }
        acc.set(sum)
    }
}
