import KernelIR

extension GPUGEMVEmitter {
    /// Split-K across blocks, deterministically: each block writes its partial sums to
    /// `workspace[split][tile]`, then counts itself in `counters[tile]` (release: a fence and a
    /// relaxed atomic); the block that counts last (acquire) adds the partials in split order,
    /// stores `y` and resets the counter to zero for the next launch.
    func splitEpilogue(quads: [(j: Int, row: Value, value: Value)], sums: [Value], laneOffset: Value, lane: Value,
                       split: Value, columnGroup cg: Value, store: ((j: Int, row: Value, value: Value), Value) -> Void) {
        // One counter and workspace slot per column group of each block.
        var tile = b.blockIndex().convert(.i64, unsigned: true)
        var tiles = b.gridSize().convert(.i64, unsigned: true)
        if c.columnWarps > 1 {
            tile = tile * c.columnWarps + cg.convert(.i64, unsigned: true)
            tiles = tiles * c.columnWarps
        }
        let count = quads.count
        func slot(_ s: Value) -> Value { (s * tiles + tile) * (count * 128) + laneOffset }
        for (index, sum) in sums.enumerated() {
            workspace.store(sum, at: slot(split) + index * 128, alignment: 16)
        }
        b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
        b.inlineAsm("bar.warp.sync -1;", constraints: "", [])
        let arrived = b.variable(b.constant(0, .i32))
        b.if(lane.compare(.eq, 0)) { arrived.set(counters.atomicAdd(b.constant(1, .i32), at: tile)) }
        let before = b.shuffle(arrived.value, .index, b.constant(0, .i32))
        b.if(before.compare(.eq, c.splits - 1)) {
            b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
            for (index, q) in quads.enumerated() {
                var total: Value? = nil
                for s in 0..<c.splits {
                    let address = workspace.offset(slot(i64(s)) + index * 128)
                    let part = b.inlineAsm("ld.global.cg.v4.f32 {$0, $1, $2, $3}, [$4];", constraints: "=f,=f,=f,=f,l",
                                           result: .vector(.f32, 4), [address])
                    total = total.map { $0 + part } ?? part
                }
                store(q, total!)
            }
            b.if(lane.compare(.eq, 0)) { counters.store(b.constant(0, .i32), at: tile) }
        }
    }
}
