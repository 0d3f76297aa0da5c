import KernelIR
import Quantization

/// Emits the body of ``GPTQGPUGEMV`` for one config. See that type for the scheme.
///
/// Lane `(g, t)` (`g = lane / 4`, `t = lane % 4`) of a warp owns columns `c + 0…3` with
/// `c = block·blockColumns + cg·32·columnWords + 32·j + 4g` (`cg`: the warp's column group) and,
/// in K block `kb`, packed row `4·kb + t`. The
/// `mma` tile `τ` puts column `c + 2τ` in A row `g` and `c + 2τ + 1` in A row `g + 8`; its
/// accumulator `(c0, c1, c2, c3)` is then `y[2t, c+2τ], y[2t+1, c+2τ], y[2t, c+2τ+1],
/// y[2t+1, c+2τ+1]` (rows `+ 8h` for the second half of 16 rows).
struct GPUGEMVEmitter {
    let generator: GPTQGPUGEMV
    let c: GPUGEMVConfig
    let b: KernelBuilder
    let p: WeightOnlyParameters
    /// What the bytes of `qweight` are: GPTQ integers, or FP8 e4m3 codes (``FP8GPUGEMV``, in
    /// the 8-bit per-channel symmetric layout).
    let encoding: GEMVWeightEncoding

    /// Parts of the loop left out for a timing bound (``GPTQGPUGEMV/emitBound(_:cutting:)``); empty
    /// for every kernel that computes.
    let cuts: GPUGEMVCuts

    init(generator: GPTQGPUGEMV, config: GPUGEMVConfig, builder: KernelBuilder, encoding: GEMVWeightEncoding = .gptq,
         cuts: GPUGEMVCuts = []) {
        self.generator = generator
        self.encoding = encoding
        self.cuts = cuts
        c = config
        b = builder
        p = WeightOnlyParameters(builder, spec: generator.spec, output: generator.spec.activation == .bf16 ? .bf16 : .f16)
        workspace = builder.parameter("workspace", .pointer(.f32, .global))
        counters = builder.parameter("counters", .pointer(.i32, .global))
        // `m ≥ 1`, so `m >> 31` is 0, but neither LLVM nor ptxas can know it: the magic number
        // stays in a register and `(w & mask) | magic` becomes one `lop3` (two immediates need two).
        let bf16 = generator.spec.activation == .bf16
        let base = bf16 ? (generator.spec.layout.bits == 8 ? 0x4B00_0000 : 0x4300_4300) : 0x6400_6400
        magic = config.registerMagic ? (p.m.convert(.i32) >> 31) + base : nil
    }

    /// The magic number `0x6400_6400` (bf16: `0x4300_4300`; 8-bit bf16: `0x4B00_0000`, the f32
    /// exponent of 2^23 for ``dequantizeBytes(word:pair:negatedZero:)``) held in a register
    /// (``GPUGEMVConfig/registerMagic``).
    let magic: Value?

    /// bf16 activations and outputs (``WeightOnlySpec/activation``): the weights are dequantized
    /// to bf16 with the magic number 128 (`0x4300`: 7 mantissa bits hold `q < 128` exactly, so every
    /// pair is shifted down to bit 0 first; 8-bit weights and FP8 codes go through f32 instead:
    /// ``dequantizeBytes(word:pair:negatedZero:)``, ``bfloatPair(half:)``) and the `mma` multiplies bf16.
    var bf16: Bool { generator.spec.activation == .bf16 }

    /// Split-K scratch: f32 partial sums and per-column-tile arrival counters (zero between launches).
    let workspace: Value, counters: Value

    var layout: GPTQLayout { generator.spec.layout }
    var bits: Int { layout.bits }
    var valuesPerWord: Int { 32 / bits }
    /// f16 pairs per word: pair `i` holds values `i` and `i + pairs`.
    var pairs: Int { valuesPerWord / 2 }
    /// `mma` K steps (16 K values across a quad) per word.
    var steps: Int { pairs / 2 }
    var halves: Int { c.maxRows / 8 }
    var perChannel: Bool { layout.groupSize <= 0 }

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }
    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    /// Where value `i` of a pair sits: after an optional 8-bit right shift of the word, at bit
    /// `offset` of each 16-bit half (`offset + bits ≤ 10`, inside the f16 mantissa).
    func place(ofPair i: Int) -> (shifted: Bool, offset: Int) {
        if bf16 { return (false, 0) }
        let bit = bits * i
        return bit >= 8 ? (true, bit - 8) : (false, bit)
    }

    var offsets: [Int] { Array(Set((0..<pairs).map { place(ofPair: $0).offset })).sorted() }

    /// Every load of one loop body: weights `[u][j]`, activations `[u][h]` (zero where the row
    /// is past K or M), group scales and zero words `[run][j]`.
    struct Loads {
        var words: [[Value]], xs: [[Value]], scales: [[Value]], zeros: [[Value]]
        var flat: [Value] { (words + xs + scales + zeros).flatMap { $0 } }
        /// The same shape over other values (variables carried to the next iteration).
        func rebuilt(_ values: [Value]) -> Loads {
            var rest = values[...]
            func take(_ rows: [[Value]]) -> [[Value]] {
                rows.map { row in row.map { _ in rest.removeFirst() } }
            }
            let w = take(words), x = take(xs), s = take(scales), z = take(zeros)
            return Loads(words: w, xs: x, scales: s, zeros: z)
        }
    }

    func emit() {
        let nt = c.columnWords, uk = c.unrollK, v = valuesPerWord
        if c.dependentLaunch {
            // The next kernel may launch now: its blocks take SM slots as this grid's retire.
            _ = b.inlineAsm("griddepcontrol.launch_dependents;", constraints: "~{memory}", result: .void, [])
        }
        let tid = b.threadIndex()
        let lane = tid & 31, warp = tid >> 5
        // Warp `warp` is K warp `kg` of column group `cg`.
        let kw = c.kWarps
        let cg = c.columnWarps == 1 ? i32(0) : warp / kw
        let kg = c.columnWarps == 1 ? warp : warp % kw
        let gq = (lane >> 2).convert(.i64, unsigned: true)
        let tq = (lane & 3).convert(.i64, unsigned: true)
        var column0 = b.blockIndex().convert(.i64, unsigned: true) * c.blockColumns + gq * 4
        if c.columnWarps > 1 { column0 = column0 + cg.convert(.i64, unsigned: true) * c.warpColumns }
        let columns = (0..<nt).map { column0 + 32 * $0 }
        // The hot loop indexes in i32 (``GPTQGPUGEMV/unsupportedShape`` keeps every tensor under
        // 2^31 elements): fewer instructions than 64-bit products.
        let n32 = p.n.convert(.i32), k32 = p.k.convert(.i32), m32 = p.m.convert(.i32)
        let g32 = lane >> 2, t32 = lane & 3
        let clamped = columns.map { $0.min(p.n - 4).convert(.i32) }
        let packedRows = k32 / v
        // Where packed row 0 of each column word sits: row-major, or in its 32-column strip
        // (``GPUGEMVConfig/tiledWords``), whose rows are 32 words apart.
        let strip = GPTQGPUGEMV.stripColumns
        let rowStride = c.tiledWords ? i32(strip) : n32
        let columnBase = c.tiledWords ? clamped.map { ($0 / strip) * (packedRows * strip) + $0 % strip } : clamped
        let kBlocks = (packedRows + 3) / 4
        let allBodies = (kBlocks + (uk - 1)) / uk
        // Split-K across blocks (grid y): split s takes bodies [s·per, (s+1)·per).
        let split32 = b.blockIndex(.y)
        let split = split32.convert(.i64, unsigned: true)
        let perSplit = (allBodies + (c.splits - 1)) / c.splits
        let firstBody = c.splits == 1 ? i32(0) : split32 * perSplit
        let bodies = c.splits == 1 ? allBodies : (firstBody + perSplit).min(allBodies)
        let gs = layout.groupSize
        let groups = perChannel ? i32(1) : k32 / gs
        let xRows = (0..<halves).map { h in (g32 + 8 * h).min(m32 - 1) }
        let xLive = (0..<halves).map { h in (g32 + 8 * h).compare(.lt, m32) }
        let xZero = b.constant(0.0, .vector(.f16, v))
        /// Whether the activations loaded into registers are zeroed where their packed row is past
        /// K. Rows past M need no zeros: they are row `M − 1` again (``xRows``), and the `mma` puts
        /// each activation row into its own output row, which is never stored. The weight loop is
        /// emitted twice below (`weightLoop`), unmasked for K a whole number of bodies (every body it
        /// computes is whole; loads past the end are never computed) and masked otherwise: the masks
        /// cost a `selp` per activation register, a fifth of the M = 16 register schedules' loop
        /// instructions in SASS (`r16w8c1u4pmiy`: 324 → 261 a body; 342 with the row masks too).
        var maskTail = true
        /// ``GPUGEMVCuts/activationLoads``: what stands in for every activation load, one
        /// value per row half (1/64 and the next f16 up): with one value for both, ptxas merges
        /// the two halves' identical `mma`s and the cut also halves the `mma`s and frees 40–50
        /// registers (s15 SASS count, Tools/gpu/results/2026-12-01-s15/sass).
        let xConstants = (0..<halves).map { h in b.constant(1.0 / 64 * (1 + Double(h) / 1024), .vector(.f16, v)) }
        let zero4 = b.constant(0.0, .vector(.f32, 4))
        // acc[j][τ][h]
        let acc = (0..<nt).map { _ in (0..<2).map { _ in (0..<halves).map { _ in b.variable(zero4) } } }
        let runLength = perChannel ? uk : min(uk, gs / generator.kBlockValues)
        let channel: GroupParameters? = perChannel ? {
            let raw = groupLoads(group: i32(0), columns: clamped)
            return groupParameters(scales: raw.scales, zeros: raw.zeros, columns: clamped)
        }() : nil

        let runs = uk / runLength
        let groupsPerRun = perChannel ? 1 : gs / generator.kBlockValues
        /// Per K block of a body: whether its packed row is inside K, and the row (clamped).
        func bodyRows(_ body: Value) -> (live: [Value], rows: [Value]) {
            let rows = (0..<uk).map { u in (body * uk + u) * 4 + t32 }
            return (rows.map { $0.compare(.lt, packedRows) }, rows.map { $0.min(packedRows - 1) })
        }
        // With a ring, weights (and staged activations) travel through shared memory instead.
        let staged = c.stages >= 2
        let tiled = c.activationStages >= 2
        /// The body's activations (zero past K and M); `after` (0) orders them behind the
        /// dependent-launch wait.
        func loadActivations(body: Value, after: Value? = nil) -> [[Value]] {
            let (live, rows) = bodyRows(body)
            return (0..<uk).map { u in
                (0..<halves).map { h in
                    var index = xRows[h] * k32 + rows[u] * v
                    if let after { index = index + after }
                    if cuts.contains(.activationLoads) { return xConstants[h] }
                    if cuts.contains(.activationBytes) { index = index & 255 }
                    var x = p.x.load(index, lanes: v, alignment: min(16, 2 * v))
                    if bf16 { x = x.bitcast(to: .vector(.f16, v)) }  // only the bits travel on
                    return maskTail ? live[u].select(x, xZero) : x
                }
            }
        }
        func load(body: Value, activations: Bool = true) -> Loads {
            let kb0 = body * uk
            // Weights first, then activations, then group parameters.
            let (_, rows) = bodyRows(body)
            let words: [[Value]] = staged ? [] : rows.map { rc in columnBase.map { loadWeights(at: rc * rowStride + $0) } }
            let xs = c.stagedActivations || tiled || !activations ? [] : loadActivations(body: body)
            var scales: [[Value]] = [], zeros: [[Value]] = []
            if !perChannel {
                for r in 0..<runs {
                    let gi = ((kb0 + r * runLength) / groupsPerRun).min(groups - 1)
                    let raw = groupLoads(group: gi, columns: clamped)
                    scales.append(raw.scales)
                    zeros.append(raw.zeros)
                }
            }
            return Loads(words: words, xs: xs, scales: scales, zeros: zeros)
        }
        /// ``GPUGEMVCuts/activationLoads``: the body's activations as constants.
        func constantActivations() -> [[Value]] { Array(repeating: xConstants, count: uk) }
        func compute(_ loads: Loads) {
            let words = loads.words, xs = loads.xs
            for r in 0..<runs {
                let gp = channel ?? groupParameters(scales: loads.scales[r], zeros: loads.zeros[r], columns: clamped)
                var run: [[[Value?]]] = Array(repeating: Array(repeating: Array(repeating: nil, count: halves), count: 2), count: nt)
                for u in (r * runLength)..<((r + 1) * runLength) {
                    // Pair i of a word is K values (i, i + pairs), or (2i, 2i + 1) when interleaved:
                    // the activations pair the same way, the latter as loaded.
                    let xp = (0..<halves).map { h in
                        c.interleavedWords ? (0..<pairs).map { xs[u][h].bitcast(to: .vector(.i32, pairs)).extract($0) }
                            : (0..<pairs).map { i in xs[u][h].permute([i, i + pairs]).bitcast(to: .i32) }
                    }
                    for j in 0..<nt {
                        let a: [[Value]] = (0..<4).map { i in
                            let w = words[u][j].extract(i)
                            let shifted = w >> 8
                            return (0..<pairs).map { dequantize(word: w, shifted: shifted, pair: $0, negatedZeros: gp.negatedZeros[j][i]) }
                        }
                        for tau in 0..<2 {
                            for s in 0..<steps {
                                for h in 0..<halves {
                                    let fragment = [a[2 * tau][2 * s], a[2 * tau + 1][2 * s], a[2 * tau][2 * s + 1], a[2 * tau + 1][2 * s + 1]]
                                    let prior = perChannel ? (run[j][tau][h] ?? acc[j][tau][h].value) : run[j][tau][h]
                                    run[j][tau][h] = mma(a: fragment, b: [xp[h][2 * s], xp[h][2 * s + 1]], c: prior)
                                }
                            }
                        }
                    }
                }
                for j in 0..<nt {
                    for tau in 0..<2 {
                        let sv = gp.scales[j].permute([2 * tau, 2 * tau, 2 * tau + 1, 2 * tau + 1])
                        for h in 0..<halves {
                            let total = run[j][tau][h]!
                            acc[j][tau][h].set(perChannel ? total : sv.fma(total, acc[j][tau][h].value))
                        }
                    }
                }
            }
        }
        if tiled {
            // The block's activations, staged chunk by chunk in shared memory: every warp runs
            // the same number of iterations (one barrier each); a K warp past the end of its
            // split computes on zero activations.
            let tile = GPUGEMVActivationTile(self)
            let iterations = (bodies - firstBody + (kw - 1)) / kw
            let limit = (bodies * (uk * 4)).min(packedRows)
            // With a dependent launch the block waits before its first activation copy (loading
            // the first weights ahead of the wait here, as the register path does, raised the
            // registers from 124–126 to 138–152 and cost 1.5× on the H200).
            let after = c.dependentLaunch ? waitForPrerequisites() : nil
            func copy(chunk: Value, slot: Value) {
                var start = (firstBody + chunk * kw) * (uk * 4)
                if let after { start = start + after }
                if !cuts.contains(.activationLoads) { tile.copy(self, start: start, limit: limit, slot: slot, thread: tid) }
            }
            for s in 0..<(c.activationStages - 1) { copy(chunk: i32(s), slot: i32(s)) }
            let first = c.prefetch ? load(body: firstBody + kg) : nil
            let carried = first.map { $0.flat.map { b.variable($0) } } ?? []
            let slot = b.variable(i32(0))
            /// Chunk `i`: this warp computes `loads` (nil: loads them now) and returns the loads of the
            /// body ``GPUGEMVConfig/earlyBodies`` chunks ahead (one without early loads).
            func chunk(_ i: Value, _ loads: Loads?) -> Loads? {
                let body = firstBody + i * kw + kg
                // Early loads go before the barrier, which holds them a body (or two) ahead of their use.
                let early = c.earlyBodies > 0 ? load(body: body + c.earlyBodies * kw) : nil
                if !cuts.contains(.barriers) {
                    tile.wait(self, pending: c.activationStages - 2)
                    b.barrier()
                }
                let current = slot.value
                // The slot of chunk i − 1: every warp has finished with it (the barrier).
                let last = c.activationStages - 1
                copy(chunk: i + last, slot: current.compare(.eq, 0).select(i32(last), current - 1))
                var loads = loads ?? load(body: body)
                let next = early ?? (c.prefetch ? load(body: body + kw) : nil)
                loads.xs = cuts.contains(.activationLoads) ? constantActivations()
                    : tile.activations(slot: current, kWarp: kg, g: g32, t: t32)
                compute(loads)
                slot.set(current.compare(.eq, last).select(i32(0), current + 1))
                return next
            }
            if let first, c.earlyBodies == 2 {
                // Two bodies in flight: the body after the next rides in its own registers.
                let second = load(body: firstBody + kw + kg)
                let carriedSecond = second.flat.map { b.variable($0) }
                b.loop(i32(0), iterations, step: i32(1), unroll: .disable) { i in
                    let next = first.rebuilt(carriedSecond.map(\.value))
                    let early = chunk(i, first.rebuilt(carried.map(\.value)))!
                    Self.set(carried, to: next)
                    Self.set(carriedSecond, to: early)
                }
            } else if let first {
                carriedLoop(from: i32(0), to: iterations, step: 1, first: first, carried: carried) { i, loads in chunk(i, loads)! }
            } else {
                b.loop(i32(0), iterations, step: i32(1), unroll: .disable) { i in _ = chunk(i, nil) }
            }
            tile.wait(self, pending: 0)
        } else {
            let ring = staged ? GPUGEMVRing(self, warp: warp, lane: lane) : nil
            /// The ring and register schedules' weight loop with its prologue. Emitted once, or,
            /// where the activations travel in registers, twice: masked past K when K is not a whole
            /// number of bodies, unmasked otherwise (``maskTail``). Each copy has its own prologue:
            /// with one prologue feeding both loops, ptxas gave the unmasked loop 7–8 % more
            /// instructions and up to 8 more registers (SASS of `r16w8c1u4pmiy`, `r8w4c1u4plm`).
            func weightLoop() {
                if let ring {
                    func copy(body: Value, slot: Value) {
                        let (live, rows) = bodyRows(body)
                        ring.copy(self, slot: slot, weightIndex: rows.map { rc in clamped.map { rc * n32 + $0 } },
                                  activationIndex: rows.map { rc in xRows.map { $0 * k32 + rc * v } },
                                  live: live.map { l in xLive.map { l & $0 } })
                    }
                    // The ring runs `stages − 1` bodies ahead; group parameters (and activations that are
                    // not staged) are loaded one body ahead into registers when `prefetch` is set.
                    for s in 0..<(c.stages - 1) { copy(body: firstBody + kg + s * kw, slot: i32(s)) }
                    let first = c.prefetch ? load(body: firstBody + kg) : nil
                    let carried = first.map { $0.flat.map { b.variable($0) } } ?? []
                    let slot = b.variable(i32(0))
                    b.loop(firstBody + kg, bodies, step: i32(kw), unroll: .disable) { body in
                        ring.wait(self, pending: c.stages - 2)
                        let current = slot.value
                        var loads = first.map { $0.rebuilt(carried.map(\.value)) } ?? load(body: body)
                        loads.words = ring.weights(slot: current)
                        if c.stagedActivations { loads.xs = cuts.contains(.activationLoads) ? constantActivations() : ring.activations(slot: current) }
                        // Refill the slot the previous body used (its reads are done: they fed its mma).
                        copy(body: body + (c.stages - 1) * kw, slot: current.compare(.eq, 0).select(i32(c.stages - 1), current - 1))
                        if first != nil {
                            for (variable, value) in zip(carried, load(body: body + kw).flat) { variable.set(value) }
                        }
                        compute(loads)
                        slot.set(current.compare(.eq, c.stages - 1).select(i32(0), current + 1))
                    }
                    ring.wait(self, pending: 0)
                } else if c.prefetch {
                    // Software pipelining: the loads of the warp's next body are in flight while this
                    // one computes (past the end they re-read the last row, which the caches serve).
                    var first = load(body: firstBody + kg, activations: !c.dependentLaunch)
                    if c.dependentLaunch { first.xs = loadActivations(body: firstBody + kg, after: waitForPrerequisites()) }
                    carriedLoop(from: firstBody + kg, to: bodies, step: kw, first: first, carried: first.flat.map { b.variable($0) }) { body, current in
                        let next = load(body: body + kw)
                        compute(current)
                        return next
                    }
                } else {
                    let after = c.dependentLaunch ? waitForPrerequisites() : nil
                    b.loop(firstBody + kg, bodies, step: i32(kw), unroll: .disable) { body in
                        var loads = load(body: body, activations: after == nil)
                        if let after { loads.xs = loadActivations(body: body, after: after) }
                        compute(loads)
                    }
                }
            }
            if c.bodyLoopCopies == 1 || cuts.contains(.activationLoads) {
                weightLoop()
            } else {
                b.if((packedRows % (uk * 4)).compare(.ne, 0), weightLoop, else: {
                    maskTail = false
                    weightLoop()
                    maskTail = true
                })
            }
        }

        emitEpilogue(acc: acc, channel: channel, columns: columns, tq: tq, lane: lane, kWarp: kg, columnGroup: cg, split: split)
    }
}
