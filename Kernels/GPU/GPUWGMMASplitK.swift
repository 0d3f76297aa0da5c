import KernelIR

extension GPUWGMMAEmitter {
    /// Split-K across blocks, deterministically (``GPUWGMMAConfig/splits``): each block writes its
    /// `64·warpgroups × tokens` f32 partial tile to `workspace[split][tile]` (thread `tid`'s
    /// accumulators `4j…4j+3` at `(j · threads + tid) · 4`: coalesced 16-byte stores), fences
    /// (release) and meets its block at a barrier; thread 0 counts the block in `counters[tile]`,
    /// and a `bar.red.or` tells the whole block whether it was the last. The last block fences
    /// (acquire), adds the partials in split order (`ld.global.cg`: past L1, which is not
    /// coherent), hands the sum to `store` and resets the counter to zero for the next launch.
    func splitEpilogue(_ value: Value, scratch: (workspace: Value, counters: Value), tid: Value, store: (Value) -> Void) {
        let tile = b.blockIndex(.y) * b.gridSize(.x) + b.blockIndex(.x)
        let tileCount = b.gridSize(.x) * b.gridSize(.y)
        let quads = accumulators / 4
        func slot(_ split: Value) -> Value { (split * tileCount + tile) * (c.threads * accumulators) + tid * 4 }
        let mine = slot(b.blockIndex(.z))
        for j in 0..<quads {
            let part = b.vector((0..<4).map { value.extract(4 * j + $0) })
            scratch.workspace.store(part, at: mine + j * c.threads * 4, alignment: 16)
        }
        b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
        b.barrier()
        let arrived = b.variable(i32(0))
        // acq_rel at gpu scope, after the barrier: releases the whole block's partials (cumulative
        // over what the barrier ordered before it) and acquires those of the blocks counted before.
        b.if(tid.compare(.eq, i32(0))) {
            let old = b.inlineAsm("atom.acq_rel.gpu.global.add.u32 $0, [$1], 1;", constraints: "=r,l", result: .i32,
                                  [scratch.counters.offset(tile)])
            arrived.set(old + 1)
        }
        // Only thread 0 holds the count: `arrived == splits` is its vote, and the barrier's OR
        // gives every thread the answer.
        let last = b.inlineAsm("{ .reg .pred p, q; setp.eq.u32 q, $1, \(c.splits); bar.red.or.pred p, 0, q; selp.u32 $0, 1, 0, p; }",
                               constraints: "=r,r", result: .i32, [arrived.value])
        b.if(last.compare(.ne, i32(0))) {
            b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
            var sums: [Value] = []
            for j in 0..<quads {
                var total: Value? = nil
                for s in 0..<c.splits {
                    let address = scratch.workspace.offset(slot(i32(s)) + j * c.threads * 4)
                    let part = b.inlineAsm("ld.global.cg.v4.f32 {$0, $1, $2, $3}, [$4];", constraints: "=f,=f,=f,=f,l",
                                           result: .vector(.f32, 4), [address])
                    total = total.map { $0 + part } ?? part
                }
                sums += (0..<4).map { total!.extract($0) }
            }
            store(b.vector(sums))
            b.if(tid.compare(.eq, i32(0))) { scratch.counters.store(i32(0), at: tile) }
        }
    }
}
