import KernelIR
import Quantization

extension GGUFInt8KQuants {
    /// The ``GGUFTileConfig/reuseWeights`` schedule: a program owns `tileN` weight rows and a
    /// band of activation rows. For each super-block it decodes its weight rows once (into
    /// registers, which LLVM spills to the stack when they do not fit: the per-program
    /// scratch), then walks every row of the band: per (row, weight row) the same integer dot
    /// products and f32 scaling as the tiled schedule, reduced to a scalar and added into `y`
    /// (written, not added, for the first super-block). At 512 rows the tiled schedule decodes
    /// every weight block 128 times (once per 4-row tile); this one once per band.
    func emitReusingWeights() {
        let superBlocks = p.k / 256, blocks = p.k / 32
        let rowBytes = superBlocks * spec.bytesPerBlock
        let tileN = config.tileN
        let program = b.programID()
        let columnTiles = (p.n + (tileN - 1)) / tileN
        let n0 = (program % columnTiles) * tileN
        let (r0, r1): (Value, Value)
        if config.bandRows > 0 {
            let band = e.i64(config.bandRows)
            r0 = (program / columnTiles) * band
            r1 = (r0 + band).min(p.m)
        } else {
            (r0, r1) = (e.i64(0), p.m)
        }
        let cols = (0..<tileN).map { t in t == 0 ? n0 : (n0 + t).min(p.n - 1) }
        let valid = (0..<tileN).map { t in t == 0 ? nil : (n0 + t).compare(.lt, p.n) }
        let weights = cols.map { p.w.offset($0 * rowBytes) }
        let zero16 = e.splat(0, .f32, 16), zero = b.constant(0.0, .f32)
        b.loop(e.i64(0), superBlocks) { sb in
            let decoded = weights.map { decode($0.offset(sb * spec.bytesPerBlock)) }
            let first = sb.compare(.eq, e.i64(0))
            b.loop(r0, r1, unroll: .count(config.tileM)) { row in
                let state = rowState(sb, row: row, blocks: blocks)
                for t in cols.indices {
                    let acc = b.variable(zero16)
                    accumulate(state, decoded[t], acc)
                    let part = acc.value.reduceAdd()
                    let at = row * p.n + cols[t]
                    let store = { p.y.store(first.select(zero, p.y.load(at)) + part, at: at) }
                    if let ok = valid[t] { b.if(ok, store) } else { store() }
                }
            }
        }
    }
}
