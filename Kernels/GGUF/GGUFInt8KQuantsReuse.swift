import KernelIR
import Quantization

extension GGUFInt8KQuants {
    /// Super-blocks decoded into the scratch per step of the ``GGUFTileConfig/reuseWeights``
    /// schedule: 16 (4096 values of K; at most 64 KiB of scratch) for up to 4 weight rows, else
    /// 8. Sixteen measured about 3% faster than 8 at 4 × 2 (Q4_K, Q6_K, 512 × 4096 × 4096).
    var reuseChunk: Int { config.tileN > 4 ? 8 : 16 }

    /// f32 values of one decoded super-block of one weight row in the scratch: four 16-lane
    /// scale vectors, then Q4_K/Q5_K's 16-lane mins or Q2_K's four 16-lane mins.
    var scratchFloats: Int {
        switch spec.type {
        case .q4_K, .q5_K: 80
        case .q2_K: 128
        default: 64
        }
    }

    /// The ``GGUFTileConfig/reuseWeights`` schedule: a program owns `tileN` weight rows and a
    /// band of activation rows. Per step of ``reuseChunk`` super-blocks it decodes its weight
    /// rows once into a stack scratch (unsigned codes and f32 lane scales, the layout
    /// ``decode(_:)`` produces), then walks the band `tileM` rows at a time: the same integer
    /// dot products and f32 scaling as the tiled schedule, reading the weights from the
    /// scratch, accumulated in registers over the step and added into `y` (written for the
    /// first step). The tiled schedule decodes every weight block once per `tileM` rows (128
    /// times at 512 rows); this one once per band.
    func emitReusingWeights() {
        let superBlocks = p.k / 256, blocks = p.k / 32
        let rowBytes = superBlocks * spec.bytesPerBlock
        let (tileN, chunk) = (config.tileN, reuseChunk)
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
        let integer = integerScales
        let codes = b.stackArray(.i8, count: chunk * tileN * (integer ? 512 : 256))
        let floats = b.stackArray(.f32, count: chunk * tileN * (integer ? 32 : scratchFloats))
        let scratch = Scratch(codes: codes, floats: floats, tileN: tileN, floatsPerRow: scratchFloats)
        let integerScratch = IntegerScratch(bytes: codes, floats: floats, tileN: tileN)
        b.loop(e.i64(0), superBlocks, step: e.i64(chunk)) { c0 in
            let count = (superBlocks - c0).min(e.i64(chunk))
            b.loop(e.i64(0), count) { j in
                for (t, w) in weights.enumerated() {
                    let block = w.offset((c0 + j) * spec.bytesPerBlock)
                    if integer {
                        let (decoded, d) = decodeIntegerScales(block)
                        integerScratch.store(decoded, scale: d, j: j, t: t)
                    } else {
                        scratch.store(decode(block), j: j, t: t)
                    }
                }
            }
            let kinds = (mins: spec.type == .q4_K || spec.type == .q5_K, laneMins: spec.type == .q2_K)
            sweep(count: count, first: c0.compare(.eq, e.i64(0)), cols: cols, valid: valid, rows: (r0, r1)) { j, rows, acc in
                let sb = c0 + j
                if integer {
                    let decoded = cols.indices.map { integerScratch.load(j: j, t: $0, mins: kinds.mins) }
                    for (i, row) in rows.enumerated() {
                        let state = integerRowState(sb, row: row, blocks: blocks)
                        for t in cols.indices { accumulateIntegers(state, decoded[t].decoded, d: decoded[t].d, acc[i][t]) }
                    }
                } else {
                    let decoded = cols.indices.map { scratch.load(j: j, t: $0, like: kinds) }
                    for (i, row) in rows.enumerated() {
                        let state = rowState(sb, row: row, blocks: blocks)
                        for t in cols.indices { accumulate(state, decoded[t], acc[i][t]) }
                    }
                }
            }
        }
    }

    /// The decoded super-blocks of one step: record (j, t) for super-block j of weight row t.
    struct Scratch {
        let codes, floats: Value
        let tileN, floatsPerRow: Int

        func store(_ d: Decoded, j: Value, t: Int) {
            let record = j * tileN + t
            for (v, q) in d.vectors.enumerated() { codes.store(q, at: record * 256 + 64 * v, alignment: 64) }
            var at = 0
            for s in d.scales + (d.mins.map { [$0] } ?? []) + (d.laneMins ?? []) {
                floats.store(s, at: record * floatsPerRow + at, alignment: 64)
                at += 16
            }
        }

        func load(j: Value, t: Int, like d: (mins: Bool, laneMins: Bool)) -> Decoded {
            let record = j * tileN + t
            var out = Decoded()
            out.vectors = (0..<4).map { codes.load(record * 256 + 64 * $0, lanes: 64, alignment: 64) }
            let f = { (i: Int) in floats.load(record * floatsPerRow + 16 * i, lanes: 16, alignment: 64) }
            out.scales = (0..<4).map(f)
            if d.mins { out.mins = f(4) }
            if d.laneMins { out.laneMins = (4..<8).map(f) }
            return out
        }
    }

    /// Walks the band's rows `tileM` at a time over the `count` decoded super-blocks of a
    /// step; `body(j, rows, acc)` accumulates super-block `j` of the step for the rows.
    func sweep(count: Value, first: Value, cols: [Value], valid: [Value?], rows band: (Value, Value),
               _ body: (_ j: Value, _ rows: [Value], _ acc: [[Variable]]) -> Void) {
        let zero16 = e.splat(0, .f32, 16), zero = b.constant(0.0, .f32)
        let tileM = config.tileM
        b.loop(band.0, band.1, step: e.i64(tileM)) { r in
            let rows = (0..<tileM).map { i in i == 0 ? r : (r + i).min(band.1 - 1) }
            let acc = rows.map { _ in cols.map { _ in b.variable(zero16) } }
            b.loop(e.i64(0), count, unroll: .count(config.unrollK)) { j in body(j, rows, acc) }
            for (i, row) in rows.enumerated() {
                let rowOK = i == 0 ? nil : (r + i).compare(.lt, band.1)
                for t in cols.indices {
                    let part = acc[i][t].value.reduceAdd()
                    let at = row * p.n + cols[t]
                    let store = { p.y.store(first.select(zero, p.y.load(at)) + part, at: at) }
                    let ok: Value? = switch (rowOK, valid[t]) {
                    case let (a?, c?): a & c
                    case let (a?, nil): a
                    case let (nil, c?): c
                    case (nil, nil): nil
                    }
                    if let ok { b.if(ok, store) } else { store() }
                }
            }
        }
    }
}
