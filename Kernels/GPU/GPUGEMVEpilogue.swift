import KernelIR

/// The end of ``GPUGEMVEmitter/emit()``: the accumulators as quads of output columns, the K warps'
/// partials added in shared memory, and the stores (or, with split-K, ``splitEpilogue``).
extension GPUGEMVEmitter {
    /// `acc[j][τ][h]`: the accumulator tiles; `channel`: per-channel scales (applied here, once);
    /// `columns`: the lane's first column of each column word; `tq`: `lane % 4` (i64).
    func emitEpilogue(acc: [[[Variable]]], channel: GroupParameters?, columns: [Value], tq: Value, lane: Value, kWarp kg: Value,
                      columnGroup cg: Value, split: Value) {
        let nt = c.columnWords, kw = c.kWarps
        // Quads: 4 consecutive columns of one output row, in a fixed order.
        var quads: [(j: Int, row: Value, value: Value)] = []
        for j in 0..<nt {
            var tiles = (0..<2).map { tau in (0..<halves).map { acc[j][tau][$0].value } }
            if let channel {
                for tau in 0..<2 {
                    let sv = channel.scales[j].permute([2 * tau, 2 * tau, 2 * tau + 1, 2 * tau + 1])
                    tiles[tau] = tiles[tau].map { $0 * sv }
                }
            }
            for h in 0..<halves {
                for parity in 0..<2 {
                    let value = b.vector([tiles[0][h].extract(parity), tiles[0][h].extract(2 + parity),
                                          tiles[1][h].extract(parity), tiles[1][h].extract(2 + parity)])
                    quads.append((j, tq * 2 + (8 * h + parity), value))
                }
            }
        }
        func store(_ q: (j: Int, row: Value, value: Value), _ sum: Value) {
            b.if(q.row.compare(.lt, p.m) & columns[q.j].compare(.lt, p.n)) {
                p.out.store(sum.convert(bf16 ? .bf16 : .f16), at: q.row * p.n + columns[q.j], alignment: 8)
            }
        }
        // K warps 1… of each column group park their partials in shared memory; K warp 0 adds
        // them in warp order.
        let laneOffset = lane.convert(.i64, unsigned: true) * 4
        let count = quads.count
        var shared: Value? = nil
        // Partials of column group `cg` start at `cg·(kw − 1)` warp slots.
        let groupBase = c.columnWarps == 1 ? i64(0) : cg.convert(.i64, unsigned: true) * ((kw - 1) * count * 128)
        if kw > 1 {
            let memory = b.sharedMemory(.f32, count: generator.sharedFloats(c))
            shared = memory
            let kg64 = kg.convert(.i64, unsigned: true)
            b.if(kg.compare(.ne, 0)) {
                for (index, q) in quads.enumerated() {
                    memory.store(q.value, at: groupBase + ((kg64 - 1) * count + index) * 128 + laneOffset, alignment: 16)
                }
            }
            b.barrier()
        }
        b.if(kg.compare(.eq, 0)) {
            let sums = quads.enumerated().map { index, q in
                var sum = q.value
                for w in 1..<max(1, kw) where w < kw {
                    sum = sum + shared!.load(groupBase + (i64(((w - 1) * count + index) * 128) + laneOffset), lanes: 4, alignment: 16)
                }
                return sum
            }
            guard c.splits > 1 else {
                for (q, sum) in zip(quads, sums) { store(q, sum) }
                return
            }
            splitEpilogue(quads: quads, sums: sums, laneOffset: laneOffset, lane: lane, split: split, columnGroup: cg, store: store)
        }
    }
}
