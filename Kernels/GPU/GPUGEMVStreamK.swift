import KernelIR

/// Where one block's sums of one column tile go under stream-K (``GPUGEMVConfig/streamBlocksPerSM``):
/// the blocks that share the tile and this block's slot (i32 values).
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
    /// The share's units `[start, end)` and the tile of its first.
    let start: Value, end: Value, firstTile: Value

    /// Derived from an opaque zero (an asm LLVM neither hoists nor merges), so that each use
    /// computes its own instead of holding registers across the main loop.
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
    }

    /// Where block `other`'s share starts.
    func start(of other: Value) -> Value { other * units / grid }
}

extension GPUGEMVEmitter {
    /// Stream-K (``StreamShare``): one tile's worth of setup, then ``emit(_:)`` runs the block's
    /// units as one loop across tiles.
    func emitStream() {
        let share = StreamShare(self)
        emit(TileWork(tile: { share.firstTile }, bodies: { all in (self.i32(0), all, nil) }, stream: share))
    }

    /// Where the sums of tile `t` go: the blocks that share it and this block's slot, derived
    /// afresh (``StreamShare``) so that nothing of it is held across the main loop.
    func streamSegment(tile t: Value) -> StreamSegment {
        let s = StreamShare(self)
        let t0 = t * s.perTile
        // Block `β` holds unit `u` when start(β) ≤ u < start(β + 1): β = ((u + 1)·G − 1) / U.
        let first = ((t0 + 1) * s.grid - 1) / s.units, last = ((t0 + s.perTile) * s.grid - 1) / s.units
        func slot(begins: Value) -> Value { begins.compare(.lt, t0).select(i32(1), i32(0)) }
        return StreamSegment(tile: t, whole: first.compare(.eq, last), block: s.block, which: slot(begins: s.start),
                             first: first, last: last, firstWhich: slot(begins: s.start(of: first)))
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
