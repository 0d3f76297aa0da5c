import KernelIR

/// Emits the body of one ``W8A8GPUDecode`` variant: the weight-streaming main loop, the warp
/// reduction in shared memory, split-K across blocks and the epilogue.
///
/// Accumulator lanes `(c0, c1)` of tile `(r, j)` are weight row `16r + g`, tokens `8j + 2t,
/// 8j + 2t + 1`; `(c2, c3)` are row `16r + g + 8`.
struct W8A8DecodeEmitter {
    let spec: W8A8GPUSpec
    let c: W8A8DecodeConfig
    let b: KernelBuilder
    let p: W8A8GPUParameters

    init(spec: W8A8GPUSpec, c: W8A8DecodeConfig, b: KernelBuilder) {
        self.spec = spec
        self.c = c
        self.b = b
        p = W8A8GPUParameters(b, spec: spec)
    }

    var integer: Bool { spec.operand == .int8 }
    var tokenTiles: Int { c.rowBound / 8 }
    var accumulatorType: KType { .vector(integer ? .i32 : .f32, 4) }
    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    /// The thread's coordinates.
    /// `warp`: the warp's index among its row group's `warps` (its K turn); `group`: the row group.
    struct Coordinates {
        let tid, lane, warp, group, g, t: Value
        let m32, n32, k32: Value
        let rowBase: Value
    }

    /// `d = a·b + c` on one m16n8k32 tile.
    func mma(a: [Value], b fragment: [Value], c accumulator: Value) -> Value {
        w8a8MMA(b, integer: integer, a: a, b: fragment, c: accumulator)
    }

    /// Sixteen weight bytes, streamed: not kept in L1, the L2 fetching the surrounding 256 bytes.
    func loadWeights(_ index: Value) -> Value {
        b.inlineAsm("ld.global.nc.L1::no_allocate.L2::256B.v4.u32 {$0, $1, $2, $3}, [$4];", constraints: "=r,=r,=r,=r,l",
                    result: .vector(.i32, 4), [p.w.offset(index)])
    }

    /// Sixteen activation bytes (read by every block of the K range: L1-cached).
    func loadActivations(_ index: Value) -> Value {
        b.inlineAsm("ld.global.nc.v4.u32 {$0, $1, $2, $3}, [$4];", constraints: "=r,=r,=r,=r,l", result: .vector(.i32, 4), [p.x.offset(index)])
    }

    func emit() {
        let tid = b.threadIndex()
        let lane = tid & 31
        let warp = tid >> 5, group = warp / c.warps
        let at = Coordinates(tid: tid, lane: lane, warp: warp % c.warps, group: group, g: lane >> 2, t: lane & 3,
                             m32: p.m.convert(.i32), n32: p.n.convert(.i32), k32: p.k.convert(.i32),
                             rowBase: b.blockIndex(.x) * c.blockRows + group * (16 * c.rowTiles))
        // Rows past N and tokens past M read the last valid row or token; their outputs are dropped.
        // Tiled weights: the lane's 16 bytes of chunk 0 in row tile `r` and half `h` (tiles past
        // the padded N read the last tile).
        let rowOffsets: [[Value]]
        if c.tiled {
            typealias Layout = W8A8DecodeTiledLayout
            let chunks = (at.k32 + (Layout.chunkK - 1)) / Layout.chunkK, lastTile = (at.n32 + (Layout.tileRows - 1)) / Layout.tileRows - 1
            rowOffsets = (0..<c.rowTiles).map { r in
                let tileBase = ((at.rowBase >> Layout.tileRows.trailingZeroBitCount) + r).min(lastTile) * chunks * Layout.chunkBytes + lane * 16
                return (0..<2).map { h in tileBase + Layout.halfBytes * h }
            }
        } else {
            rowOffsets = (0..<c.rowTiles).map { r in
                (0..<2).map { h in (at.rowBase + at.g + (16 * r + 8 * h)).min(at.n32 - 1) * at.k32 }
            }
        }
        let tokenOffsets = (0..<tokenTiles).map { j in (at.g + 8 * j).min(at.m32 - 1) * at.k32 }
        let step = c.stepBytes
        let totalSteps = (at.k32 + (step - 1)) / step
        let fullSteps = at.k32 / step
        let perSplit = (totalSteps + (c.splits - 1)) / c.splits
        let start = b.blockIndex(.z) * perSplit
        let end = (start + perSplit).min(totalSteps)

        let early = c.earlyEpilogue ? loadEpilogueOperands(at: at) : nil
        let zero = b.constant(0, accumulatorType)
        let acc = (0..<c.rowTiles).map { _ in (0..<tokenTiles).map { _ in b.variable(zero) } }
        let laneByte = at.t * 16
        /// The step's loads: `weights[u][r][h]`, `tokens[u][j]`. `predicated`: bytes past K are
        /// zero weights (and token byte 0, finite codes); `stepValid` false: every load reads
        /// index 0 (a prefetch past the last step, never used).
        let first = start + at.warp, stop = end.min(fullSteps)
        // Staggered: whole step `s` reads step `s + rotation`, wrapped into `start..<stop`.
        let count = (stop - start).max(i32(1))
        let rotation = c.staggered ? (b.blockIndex(.x) * 5) % count : nil
        func load(_ s: Value, predicated: Bool, stepValid: Value? = nil) -> Fragments {
            var s = s
            if let rotation, !predicated {
                let r = s + rotation
                s = r.compare(.ge, stop).select(r - count, r)
            }
            let kb = s * step + laneByte
            // Tiled: chunk `c` of a tile is 1024 bytes after chunk `c − 1` (a step spans step / 64 chunks).
            let chunkBytes = W8A8DecodeTiledLayout.chunkBytes, chunkK = W8A8DecodeTiledLayout.chunkK
            let tiledChunks = c.tiled ? s * (chunkBytes * step / chunkK) : nil
            var f = Fragments()
            for u in 0..<c.unroll {
                let kByte = kb + 64 * u
                let valid: Value? = predicated ? kByte.compare(.lt, at.k32) : stepValid
                func index(_ base: Value, _ offset: Value) -> Value { valid.map { $0.select(base + offset, i32(0)) } ?? (base + offset) }
                let weightOffset = tiledChunks.map { $0 + chunkBytes * u } ?? kByte
                f.weights.append(rowOffsets.map { pair in
                    pair.map { base in
                        let v = loadWeights(index(base, weightOffset))
                        return predicated ? valid!.select(v, b.constant(0, .vector(.i32, 4))) : v
                    }
                })
                f.tokens.append(tokenOffsets.map { loadActivations(index($0, kByte)) })
            }
            return f
        }
        // Whole steps unpredicated, warps in turn; then the partial last step (K % stepBytes ≠ 0)
        // by the warp whose turn it is.
        if c.pipelined {
            // The next step's loads are issued before this step's `mma`s.
            let current = load(first, predicated: false, stepValid: first.compare(.lt, stop)).variables(b)
            b.loop(first, stop, step: i32(c.warps), unroll: .disable) { s in
                let next = s + c.warps
                let prefetched = load(next, predicated: false, stepValid: next.compare(.lt, stop))
                compute(current.values, acc: acc)
                current.set(prefetched)
            }
        } else {
            b.loop(first, stop, step: i32(c.warps), unroll: .disable) { s in compute(load(s, predicated: false), acc: acc) }
        }
        let tailTurn = fullSteps.compare(.ge, start) & fullSteps.compare(.lt, end) & ((fullSteps - start) % c.warps).compare(.eq, at.warp)
        b.if(tailTurn) { compute(load(fullSteps, predicated: true), acc: acc) }
        reduce(acc.flatMap { $0 }.map(\.value), at: at, early: early)
    }

    /// The epilogue's global operands for this lane's outputs of accumulator tile `warp`
    /// (``W8A8DecodeConfig/earlyEpilogue``): `[h]` for rows `g + 8h`, `[e & 1]` for the lane's two
    /// tokens (or `[0]` per tensor). Indices clamped into range: every warp loads them, only the
    /// finishing ones use them, and outputs past N and M are not written.
    struct EpilogueOperands {
        var tensorScale: Value?
        var rowScale: [Value] = [], tokenScale: [Value] = [], zeroPoint: [Value] = [], columnSum: [Value] = []
    }

    func loadEpilogueOperands(at: Coordinates) -> EpilogueOperands {
        let r = at.warp / tokenTiles, j = at.warp % tokenTiles
        let rows = (0..<2).map { h in (at.rowBase + r * 16 + at.g + 8 * h).min(at.n32 - 1) }
        let tokens = (0..<2).map { e in (j * 8 + at.t * 2 + e).min(at.m32 - 1) }
        var o = EpilogueOperands()
        if spec.scaling == .perTensor {
            o.tensorScale = p.sx.load(i32(0)) * p.sw.load(i32(0))
        } else {
            o.rowScale = rows.map { p.sw.load($0) }
            o.tokenScale = spec.activationPerTensor ? [p.sx.load(i32(0))] : tokens.map { p.sx.load($0) }
        }
        if integer && spec.activationZeroPoint {
            o.zeroPoint = spec.activationPerTensor ? [p.zx.load(i32(0))] : tokens.map { p.zx.load($0) }
            o.columnSum = rows.map { p.colsum.load($0) }
        }
        return o
    }

    /// One step's loaded words: `weights[u][r][h]`, `tokens[u][j]` (4 × i32 each).
    struct Fragments {
        var weights: [[[Value]]] = []
        var tokens: [[Value]] = []

        /// The same held in variables (a software pipeline's registers).
        func variables(_ b: KernelBuilder) -> FragmentVariables {
            FragmentVariables(weights: weights.map { $0.map { $0.map { b.variable($0) } } }, tokens: tokens.map { $0.map { b.variable($0) } })
        }
    }

    struct FragmentVariables {
        let weights: [[[Variable]]]
        let tokens: [[Variable]]
        var values: Fragments { Fragments(weights: weights.map { $0.map { $0.map(\.value) } }, tokens: tokens.map { $0.map(\.value) }) }
        func set(_ f: Fragments) {
            for (u, rows) in weights.enumerated() { for (r, pair) in rows.enumerated() { for (h, v) in pair.enumerated() { v.set(f.weights[u][r][h]) } } }
            for (u, row) in tokens.enumerated() { for (j, v) in row.enumerated() { v.set(f.tokens[u][j]) } }
        }
    }

    /// The `mma`s of one step: two m16n8k32 k-steps per 64-byte chunk, or (``W8A8DecodeConfig/halfMMA``)
    /// e4m3 converted to f16 once per fragment and four m16n8k16 per chunk.
    func compute(_ f: Fragments, acc: [[Variable]]) {
        if c.halfMMA { return computeHalf(f, acc: acc) }
        for u in 0..<c.unroll {
            for s in 0..<2 {
                for r in 0..<c.rowTiles {
                    let w = f.weights[u][r]
                    let a = [w[0].extract(2 * s), w[1].extract(2 * s), w[0].extract(2 * s + 1), w[1].extract(2 * s + 1)]
                    for j in 0..<tokenTiles {
                        let x = f.tokens[u][j]
                        acc[r][j].set(mma(a: a, b: [x.extract(2 * s), x.extract(2 * s + 1)], c: acc[r][j].value))
                    }
                }
            }
        }
    }

    /// Bytes 0, 1 and 2, 3 of an e4m3 word as two f16×2 words (exact).
    func halves(_ word: Value) -> Value {
        b.inlineAsm("{ .reg .b16 l, h; mov.b32 {l, h}, $2; cvt.rn.f16x2.e4m3x2 $0, l; cvt.rn.f16x2.e4m3x2 $1, h; }",
                    constraints: "=r,=r,r", result: .vector(.i32, 2), [word])
    }

    /// FP8 through f16 `mma`s: word `q` of a lane's 16 bytes gives A `{w_g.lo, w_g+8.lo, w_g.hi,
    /// w_g+8.hi}` and B `{x.lo, x.hi}` of one m16n8k16 (the same K bytes on both sides).
    func computeHalf(_ f: Fragments, acc: [[Variable]]) {
        for u in 0..<c.unroll {
            let xs = f.tokens[u].map { x in (0..<4).map { halves(x.extract($0)) } }
            for r in 0..<c.rowTiles {
                let ws = f.weights[u][r].map { w in (0..<4).map { halves(w.extract($0)) } }
                for q in 0..<4 {
                    let a = [ws[0][q].extract(0), ws[1][q].extract(0), ws[0][q].extract(1), ws[1][q].extract(1)]
                    for j in 0..<tokenTiles {
                        let cs = (0..<4).map { acc[r][j].value.extract($0) }
                        acc[r][j].set(b.inlineAsm(
                            "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};",
                            constraints: "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f", result: .vector(.f32, 4),
                            a + [xs[j][q].extract(0), xs[j][q].extract(1)] + cs))
                    }
                }
            }
        }
    }

    /// Adds each row group's warps' accumulators in shared memory (warp order): its warp `v`
    /// finishes accumulator tile `v`; then split-K (when `splits > 1`) and the epilogue.
    func reduce(_ accumulators: [Value], at: Coordinates, early: EpilogueOperands?) {
        let vectors = accumulators.count
        let shared = b.sharedMemory(.f32, count: c.rowWarps * c.warps * vectors * 32 * 4)
        let groupBase = at.group * c.warps
        for (v, value) in accumulators.enumerated() {
            let bits = integer ? value.bitcast(to: .vector(.f32, 4)) : value
            shared.store(bits, at: (((groupBase + at.warp) * vectors + v) * 32 + at.lane) * 4, alignment: 16)
        }
        b.barrier()
        let finishing = at.warp.compare(.lt, vectors)
        let total = b.variable(b.constant(0.0, .vector(.f32, 4)))
        b.if(finishing) {
            var sum: Value? = nil
            for w in 0..<c.warps {
                let part = shared.load((((groupBase + w) * vectors + at.warp) * 32 + at.lane) * 4, lanes: 4, alignment: 16)
                sum = sum.map { add($0, part) } ?? part
            }
            total.set(sum!)
        }
        guard c.splits > 1 else {
            b.if(finishing) { store(total.value, at: at, early: early) }
            return
        }
        // Split-K across blocks, deterministically: every block writes its partial tile, counts
        // itself in `counters[tile]` (release fence, barrier, one atomic); the block that counts
        // last (acquire fence) adds the partials in split order and resets the counter.
        let flag = b.sharedMemory(.i32, count: 1)
        let tile = b.blockIndex(.x), tiles = b.gridSize(.x)
        let finisher = (at.group * vectors + at.warp) * 32 + at.lane
        func slot(_ split: Value) -> Value { ((split * tiles + tile) * (c.rowWarps * vectors * 32) + finisher) * 4 }
        b.if(finishing) { p.workspace.store(total.value, at: slot(b.blockIndex(.z)), alignment: 16) }
        b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
        b.barrier()
        b.if(at.tid.compare(.eq, 0)) { flag.store(p.counters.atomicAdd(i32(1), at: tile), at: i32(0)) }
        b.barrier()
        let last = flag.load(i32(0)).compare(.eq, c.splits - 1)
        b.if(last & finishing) {
            b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
            let sum = b.variable(b.constant(0.0, .vector(.f32, 4)))
            b.loop(i32(0), i32(c.splits), unroll: .disable) { s in
                let part = b.inlineAsm("ld.global.cg.v4.f32 {$0, $1, $2, $3}, [$4];", constraints: "=f,=f,=f,=f,l",
                                       result: .vector(.f32, 4), [p.workspace.offset(slot(s))])
                sum.set(add(sum.value, part))
            }
            store(sum.value, at: at, early: early)
        }
        b.if(last & at.tid.compare(.eq, 0)) { p.counters.store(i32(0), at: tile) }
    }

    /// `a + b` of two accumulator vectors held as f32 bits (int32 sums for int8).
    func add(_ a: Value, _ x: Value) -> Value {
        guard integer else { return a + x }
        let i4 = KType.vector(.i32, 4)
        return (a.bitcast(to: i4) + x.bitcast(to: i4)).bitcast(to: .vector(.f32, 4))
    }

    /// Scales and stores accumulator tile `warp` (row tile `warp / tokenTiles`, token tile
    /// `warp % tokenTiles`) of this lane; rows ≥ N and tokens ≥ M are not written. `early`: the
    /// operands loaded before the main loop (else loaded here).
    func store(_ bits: Value, at: Coordinates, early: EpilogueOperands?) {
        let r = at.warp / tokenTiles, j = at.warp % tokenTiles
        let perTensor = spec.scaling == .perTensor
        let tensorScale = early != nil ? early!.tensorScale : perTensor ? p.sx.load(i32(0)) * p.sw.load(i32(0)) : nil
        let tokenIndex = spec.activationPerTensor ? { (_: Int) in 0 } : { (e: Int) in e & 1 }
        for e in 0..<4 {
            let row = at.rowBase + r * 16 + at.g + 8 * (e >> 1)
            let token = j * 8 + at.t * 2 + (e & 1)
            b.if(row.compare(.lt, at.n32) & token.compare(.lt, at.m32)) {
                var value = bits.extract(e)
                if integer {
                    var sum = value.bitcast(to: .i32)
                    if spec.activationZeroPoint {
                        let zero = early.map { $0.zeroPoint[tokenIndex(e)] } ?? p.zx.load(spec.activationPerTensor ? i32(0) : token)
                        sum = sum - zero * (early.map { $0.columnSum[e >> 1] } ?? p.colsum.load(row))
                    }
                    value = sum.convert(.f32)
                }
                let scaled = tensorScale.map { value * $0 }
                    ?? (value * (early.map { $0.tokenScale[tokenIndex(e)] } ?? p.sx.load(spec.activationPerTensor ? i32(0) : token))
                        * (early.map { $0.rowScale[e >> 1] } ?? p.sw.load(row)))
                p.y.store(scaled.convert(spec.output), at: token * at.n32 + row)
            }
        }
    }
}
