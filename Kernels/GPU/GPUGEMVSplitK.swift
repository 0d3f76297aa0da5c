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
        b.if(arrive(counter: tile, lane: lane).compare(.eq, c.splits - 1)) {
            b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
            for (index, q) in quads.enumerated() {
                var total: Value? = nil
                for s in 0..<c.splits {
                    let part = loadPartial(slot(i64(s)) + index * 128)
                    total = total.map { $0 + part } ?? part
                }
                store(q, total!)
            }
            b.if(lane.compare(.eq, 0)) { counters.store(b.constant(0, .i32), at: tile) }
        }
    }

    /// After a warp's partial sums are stored: makes them visible (a fence), counts the warp's
    /// block in `counters[counter]` and returns, in every lane, how many had counted before.
    func arrive(counter: Value, lane: Value) -> Value {
        b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
        b.inlineAsm("bar.warp.sync -1;", constraints: "", [])
        let arrived = b.variable(b.constant(0, .i32))
        b.if(lane.compare(.eq, 0)) { arrived.set(counters.atomicAdd(b.constant(1, .i32), at: counter)) }
        return b.shuffle(arrived.value, .index, b.constant(0, .i32))
    }

    /// Four partial sums from `workspace[index]`, read through the L2 (another block wrote them).
    func loadPartial(_ index: Value) -> Value {
        b.inlineAsm("ld.global.cg.v4.f32 {$0, $1, $2, $3}, [$4];", constraints: "=f,=f,=f,=f,l",
                    result: .vector(.f32, 4), [workspace.offset(index)])
    }
}

/// One stream-K segment (``GPUGEMVConfig/streamBlocksPerSM``): the part of a column tile one
/// block computes, and the blocks that share the tile (i32 values; ``GPUGEMVEmitter`` emits them
/// after the segment's main loop, where fewer registers are live).
struct StreamSegment {
    /// The column tile.
    let tile: Value
    /// Whether this block computes the whole tile (i1): then it stores `y` itself.
    let whole: Value
    /// This block and the slot of its partial: 0 for the first segment of its share, 1 for the last.
    let block: Value, which: Value
    /// The first and the last block of the tile, and the slot of the first's partial.
    let first: Value, last: Value, firstWhich: Value
}

/// A block's stream-K share: the `U` units (column tile, chunk of `kWarps` bodies) in
/// tile-major order, block `b` of `G` taking `[b·U/G, (b+1)·U/G)` (i32 throughout: `U·G < 2^29`
/// for every shape ``GPTQGPUGEMV/unsupportedShape(m:n:k:config:)`` admits, `N·K < 2^34`, with `G`
/// at most 8 blocks × a few hundred SMs).
struct StreamShare {
    /// Units per tile, all units, the blocks that share them (at most one per unit), this block.
    let perTile: Value, units: Value, grid: Value, block: Value
    /// The share's units `[start, end)` and the tiles `[firstTile, endTile)` it touches.
    let start: Value, end: Value, firstTile: Value, endTile: Value

    /// Derived from an opaque zero (an asm LLVM neither hoists nor merges), so that each
    /// segment computes its own.
    init(_ e: GPUGEMVEmitter) {
        let b = e.b
        let zero = b.inlineAsm("mov.u32 $0, 0;", constraints: "=r", result: .i32, [])
        let kBlocks = ((e.p.k.convert(.i32) + zero) / e.valuesPerWord + 3) / 4
        let kw = e.c.kWarps
        perTile = ((kBlocks + (e.c.unrollK - 1)) / e.c.unrollK + (kw - 1)) / kw
        units = (e.p.n.convert(.i32) + zero + (e.c.blockColumns - 1)) / e.c.blockColumns * perTile
        // With fewer units than blocks, the blocks past the units get none (and count nowhere):
        // every block of a tile's range `[first, last]` then has a share.
        grid = b.gridSize().min(units) + zero
        block = b.blockIndex() + zero
        start = block.min(grid) * units / grid
        end = (block + 1).min(grid) * units / grid
        firstTile = start / perTile
        endTile = end.compare(.gt, start).select((end + (perTile - 1)) / perTile, firstTile)
    }

    /// Where block `other`'s share starts.
    func start(of other: Value) -> Value { other * units / grid }
}

extension GPUGEMVEmitter {
    /// Stream-K (``StreamShare``): a share crosses tiles, so the block runs one segment per tile
    /// it touches.
    func emitStreamSegments() {
        // Both segments use the same shared arrays: make them where both can see them.
        if c.activationStages >= 2 { _ = activationTile() }
        if c.kWarps > 1 { _ = reductionMemory() }
        // With G ≥ tiles (``GPUGEMVConfig/grid(n:multiprocessors:)``) a share is at most one tile
        // long, so it touches one or two tiles: two straight segments. Each derives its share
        // afresh from an opaque zero, so that nothing of the first is held across its main loop
        // for the second (as one runtime loop over the segments, 166 registers instead of 128).
        let share = StreamShare(self)
        b.if(share.end.compare(.gt, share.start)) { segment(share, tile: share.firstTile) }
        let second = StreamShare(self)
        b.if(second.endTile.compare(.gt, second.firstTile + 1)) { segment(second, tile: second.firstTile + 1) }
    }

    /// The block's share of tile `t`: its main loop, then the store or the partial sums.
    func segment(_ s: StreamShare, tile t: Value) {
        let kw = c.kWarps
        let t0 = t * s.perTile
        let from = s.start.max(t0) - t0, to = s.end.min(t0 + s.perTile) - t0
        // The previous segment's warps are done with the shared memory.
        b.barrier()
        emit(TileWork(tile: { t }, bodies: { all in (from * kw, (to * kw).min(all), nil) }, stream: {
            // Block `β` holds unit `u` when share(β) ≤ u < share(β + 1): β = ((u + 1)·G − 1) / U.
            let first = ((t0 + 1) * s.grid - 1) / s.units, last = ((t0 + s.perTile) * s.grid - 1) / s.units
            func slot(begins: Value) -> Value { begins.compare(.lt, t0).select(self.i32(1), self.i32(0)) }
            return StreamSegment(tile: t, whole: first.compare(.eq, last), block: s.block, which: slot(begins: s.start),
                                 first: first, last: last, firstWhich: slot(begins: s.start(of: first)))
        }))
    }

    /// Stream-K's store: a tile computed whole goes to `y`; otherwise the partial sums go to this
    /// block's slot, and the tile's last block to arrive adds its blocks' partials in block order.
    func streamEpilogue(_ s: StreamSegment, quads: [(j: Int, row: Value, value: Value)], sums: [Value], laneOffset: Value,
                        lane: Value, columnGroup cg: Value, store: @escaping ((j: Int, row: Value, value: Value), Value) -> Void) {
        b.if(s.whole, {
            for (q, sum) in zip(quads, sums) { store(q, sum) }
        }, else: {
            let count = quads.count, cg64 = cg.convert(.i64, unsigned: true)
            func slot(_ block: Value, _ which: Value) -> Value {
                let index = (block * 2 + which).convert(.i64, unsigned: true)
                return (index * c.columnWarps + cg64) * (count * 128) + laneOffset
            }
            for (index, sum) in sums.enumerated() {
                workspace.store(sum, at: slot(s.block, s.which) + index * 128, alignment: 16)
            }
            let counter = s.tile.convert(.i64, unsigned: true) * c.columnWarps + cg64
            b.if(arrive(counter: counter, lane: lane).compare(.eq, s.last - s.first)) {
                b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
                for (index, q) in quads.enumerated() {
                    let total = b.variable(loadPartial(slot(s.first, s.firstWhich) + index * 128))
                    b.loop(s.first + 1, s.last + 1, unroll: .disable) { block in
                        total.set(total.value + loadPartial(slot(block, i32(0)) + index * 128))
                    }
                    store(q, total.value)
                }
                b.if(lane.compare(.eq, 0)) { counters.store(b.constant(0, .i32), at: counter) }
            }
        })
    }
}
