import KernelIR
import Quantization

/// Emits the body of ``GPTQGPUWGMMA`` for one config.
struct GPUWGMMAEmitter {
    let layout: GPTQLayout
    let c: GPUWGMMAConfig
    let b: KernelBuilder
    let p: WeightOnlyParameters
    /// The activation, operand and output type: `.f16` or `.bf16`.
    let activation: ScalarType
    /// The split-K parameters (``GPUWGMMAConfig/splits`` above 1), else nil.
    let scratch: (workspace: Value, counters: Value)?

    var perChannel: Bool { layout.groupSize <= 0 }
    var asymmetric: Bool { layout.zeroPoints != .symmetric }
    /// 8-bit weights: two 128-bit loads per lane and K block, the byte conversions of ``GPUHalfDequant``.
    var bytes: Bool { layout.bits == 8 }
    /// 2-bit weights: one 128-bit load per lane and 128 K (two panels) or one 64-bit load per 64 K
    /// (one panel), the crumb conversions of ``GPUHalfDequant``.
    var crumbs: Bool { layout.bits == 2 }
    /// The K steps (of 16) of a 64-value block that share one group: 4 unless the group is 16 or 32.
    var stepsPerGroup: Int { perChannel || layout.groupSize >= 64 ? 4 : layout.groupSize / 16 }
    /// 16-byte activation chunks per thread and pipeline panel; with fewer chunks than threads
    /// (16 tokens, two or more warpgroups) the first `tokens · 8` threads copy one each.
    var chunksPerThread: Int { max(1, c.tokens * 8 / c.threads) }
    /// Accumulators per thread: the `64 × tokens` f32 tile over 128 threads.
    var accumulators: Int { c.tokens / 2 }

    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    /// The per-lane operands of one 64-value K block: the repacked words (one `4 × i32` vector for
    /// 4-bit, two for 8-bit, two i32 for 2-bit), and per group the scales (and packed zero words) of the lane's
    /// columns `n0`, `n1`.
    struct Block {
        var words: [Value]
        var scales: [Value]
        var zeros: [Value]
        var flat: [Value] { words + scales + zeros }
        func rebuilt(_ values: [Value]) -> Block {
            let w = words.count
            return Block(words: Array(values[..<w]), scales: Array(values[w..<(w + scales.count)]),
                         zeros: Array(values[(w + scales.count)...]))
        }
    }

    /// The magic-number dequantization into the activation type (f16 or bf16).
    var dequant: GPUHalfDequant { GPUHalfDequant(b: b, type: activation) }

    /// `wgmma.mma_async` m64nNk16, A (f16 or bf16 fragments) from registers, B from a shared descriptor.
    func wgmma(_ acc: Value, a: [Value], descriptor: Value, one: Value) -> Value {
        // Operands: n outputs, n tied accumulator inputs, then A (4), the descriptor and `one`.
        let n = accumulators, a0 = 2 * n
        let outs = (0..<n).map { "$\($0)" }.joined(separator: ", ")
        let type = dequant.ptxName
        let text = "{ .reg .pred p; setp.ne.b32 p, $\(a0 + 5), 0; wgmma.mma_async.sync.aligned.m64n\(c.tokens)k16.f32.\(type).\(type) "
            + "{\(outs)}, {$\(a0), $\(a0 + 1), $\(a0 + 2), $\(a0 + 3)}, $\(a0 + 4), p, 1, 1, 0; }"
        let constraints = Array(repeating: "=f", count: n) + (0..<n).map(String.init) + ["r", "r", "r", "r", "l", "r"]
        return b.inlineAsm(text, constraints: constraints.joined(separator: ","), result: .vector(.f32, n),
                           (0..<n).map { acc.extract($0) } + a + [descriptor, one])
    }

    /// Waits for this warpgroup's `wgmma`s; the accumulators pass through so nothing reads them earlier.
    func wait(_ acc: Value, pending: Int) -> Value {
        let n = accumulators
        let constraints = Array(repeating: "=f", count: n) + (0..<n).map(String.init)
        return b.inlineAsm("wgmma.wait_group.sync.aligned \(pending);", constraints: constraints.joined(separator: ","),
                           result: .vector(.f32, n), (0..<n).map { acc.extract($0) })
    }

    func emit() {
        let tid = b.threadIndex()
        let lane = tid & 31, warp = tid >> 5
        let g = lane >> 2, t = lane & 3
        let warpgroup = warp >> 2, warpInGroup = warp & 3
        let n32 = p.n.convert(.i32), k32 = p.k.convert(.i32), m32 = p.m.convert(.i32)
        let tokenBase = b.blockIndex(.y) * c.tokens
        let kBlocks = (k32 + 63) >> 6
        let tiles = (kBlocks + (c.panels - 1)) / c.panels
        // Split-K: split z takes pipeline steps [z·per, min((z + 1)·per, tiles)) (maybe none); steps
        // past its end are clamped to its last (their activations are copied but never multiplied).
        let range: (first: Value, last: Value, count: Value)? = scratch.map { _ in
            let per = (tiles + (c.splits - 1)) / c.splits
            let first = b.blockIndex(.z) * per
            let end = (first + per).min(tiles)
            return (first, end - 1, (end - first).max(i32(0)))
        }
        /// The pipeline step of local step `kt`, clamped to the block's range.
        func clamped(_ kt: Value) -> Value {
            guard let range else { return kt.min(tiles - 1) }
            return (range.first + kt).min(range.last)
        }
        let columnBlocks = (n32 + 15) >> 4
        // This warp's 16 weight columns (clamped for loads; the stores use the unclamped ones).
        let block = (b.blockIndex(.x) * c.warpgroups + warpgroup) * 4 + warpInGroup
        let loadBlock = block.min(columnBlocks - 1)
        let columns = [loadBlock * 16 + g, (loadBlock * 16 + g + 8).min(n32 - 1)]
        let zeroWords = (n32 * layout.bits + 31) >> 5
        // Zero points per packed word, and the shift from a column to its word.
        let zerosPerWord = 32 / layout.bits, zeroWordShift = zerosPerWord.trailingZeroBitCount
        let groups = perChannel ? i32(1) : (k32 + (layout.groupSize - 1)) / layout.groupSize

        // The 128-byte swizzle repeats every 1024 bytes of shared address: align the ring to it.
        let dynamic = b.dynamicSharedMemory(activation)
        let address = b.inlineAsm("cvt.u32.u64 $0, $1;", constraints: "=r,l", result: .i32, [dynamic])
        let shared = dynamic.offset(((i32(0) - address) & 1023) >> 1)

        // 2-bit: 128-value K blocks (pairs of 64-value ones), the layout's unit.
        let kPairs = crumbs ? (k32 + 127) >> 7 : i32(0)
        /// The operands of K block `kb` (clamped: blocks past K multiply zero-filled activations);
        /// `words` replaces the weight load (2-bit, two panels: halves of one 128-bit load).
        func load(block kb: Value, words given: [Value]? = nil) -> Block {
            let words: [Value]
            if let given {
                words = given
            } else if crumbs {
                // Half kb % 2 of the lane's 16 bytes of K pair kb / 2: one 64-bit load.
                let v = p.qweight.load(((loadBlock * kPairs + (kb >> 1)) * 32 + lane) * 4 + ((kb & 1) << 1), lanes: 2, alignment: 8)
                words = [v.extract(0), v.extract(1)]
            } else {
                words = bytes
                    ? (0..<2).map { half in p.qweight.load((((loadBlock * kBlocks + kb) * 2 + half) * 32 + lane) * 4, lanes: 4, alignment: 16) }
                    : [p.qweight.load(((loadBlock * kBlocks + kb) * 32 + lane) * 4, lanes: 4, alignment: 16)]
            }
            var scales: [Value] = [], zeros: [Value] = []
            for first in stride(from: 0, to: 4, by: stepsPerGroup) {
                let gi = perChannel ? i32(0) : ((kb * 64 + 16 * first) / layout.groupSize).min(groups - 1)
                scales += columns.map { p.scales.load(gi * n32 + $0, alignment: 2) }
                if asymmetric { zeros += columns.map { p.qzeros.load(gi * zeroWords + ($0 >> zeroWordShift), alignment: 4) } }
            }
            return Block(words: words, scales: scales, zeros: zeros)
        }
        func load(tile kt: Value) -> [Block] {
            if crumbs && c.panels == 2 {
                // Both K blocks of step kt (K pair kt, within the layout's padding) in one 128-bit load.
                let v = p.qweight.load(((loadBlock * kPairs + kt) * 32 + lane) * 4, lanes: 4, alignment: 16)
                return (0..<2).map { q in load(block: (kt * 2 + q).min(kBlocks - 1), words: [v.extract(2 * q), v.extract(2 * q + 1)]) }
            }
            return (0..<c.panels).map { q in load(block: (kt * c.panels + q).min(kBlocks - 1)) }
        }

        /// The four A fragments (4 × f16×2 or bf16×2 as i32 each) of a K block.
        func dequantize(_ block: Block) -> [[Value]] {
            let fragment = dequantizer(block)
            return (0..<4).map(fragment)
        }
        /// The group parameters of `block` now, and a function that dequantizes its fragment `s`
        /// (K step s) when called.
        func dequantizer(_ block: Block) -> (Int) -> [Value] {
            let d = dequant
            var parameters: [(scales: [Value], zeros: [Value])] = []
            for (index, _) in stride(from: 0, to: 4, by: stepsPerGroup).enumerated() where crumbs {
                // 2-bit, f16: register r (column r % 2) takes the crumbs at shift o = 2r, so the
                // negated zero −(2^(10 − o) + z') per register; bf16: −(128 + z') per column.
                let scales = (0..<2).map { h in d.scalePair(block.scales[2 * index + h]) }
                let raw = (0..<2).map { h -> Value? in
                    asymmetric ? (block.zeros[2 * index + h] >> ((columns[h] & (zerosPerWord - 1)) * layout.bits)) & ((1 << layout.bits) - 1) : nil
                }
                let zeros = d.bf16 ? (0..<2).map { h in d.negatedZero(raw[h], layout: layout, shift: 0) }
                    : (0..<4).map { r in d.negatedZero(raw[r % 2], layout: layout, shift: 2 * r) }
                parameters.append((scales, zeros))
            }
            for (index, _) in stride(from: 0, to: 4, by: stepsPerGroup).enumerated() where !crumbs {
                // f16: column h uses the magic constant of shift o = 4h, −(2^(10 − o) + z) as f16×2;
                // bf16: every register uses shift 0, −(128 + z) as bf16×2.
                let scales = (0..<2).map { h in d.scalePair(block.scales[2 * index + h]) }
                let zeros = (0..<2).map { h -> Value in
                    let z = asymmetric
                        ? (block.zeros[2 * index + h] >> ((columns[h] & (zerosPerWord - 1)) * layout.bits)) & ((1 << layout.bits) - 1) : nil
                    // 8-bit: −(1024 + z') as f16×2, or −(2^23 + z') as f32 for bf16.
                    return bytes ? d.negatedByteZero(z, layout: layout) : d.negatedZero(z, layout: layout, shift: d.bf16 ? 0 : 4 * h)
                }
                parameters.append((scales, zeros))
            }
            return { s in
                let (scales, zeros) = parameters[s / stepsPerGroup]
                if crumbs {
                    // Step s: word s / 2, pairs 4·(s % 2) + r (register r, column n0 + 8·(r % 2)).
                    let w = block.words[s / 2]
                    let shifted = d.bf16 ? w : w >> 8
                    return (0..<4).map { r in
                        let (word, o) = d.crumbSource(w, shifted8: shifted, pair: 4 * (s % 2) + r)
                        return d.pair(word, shift: o, negatedZero: zeros[d.bf16 ? r % 2 : r], scale: scales[r % 2], mask: 3)
                    }
                }
                if bytes {
                    // Step s: words 2(s % 2) and 2(s % 2) + 1 of half s / 2; register 2h + u is
                    // bytes 2u, 2u + 1 of word h (column n0 + 8u).
                    let pair = (0..<2).map { block.words[s / 2].extract(2 * (s % 2) + $0) }
                    return (0..<4).map { r in
                        d.bytePair(pair[r / 2], upper: r % 2, negatedZero: zeros[r % 2], scale: scales[r % 2])
                    }
                }
                let w = block.words[0].extract(s)
                let shifted = d.bf16 ? w : w >> 8
                // Register r: nibbles at bits 4r and 16 + 4r (column n0 + 8·(r % 2)).
                return (0..<4).map { r in
                    let (word, o) = d.source(w, shifted8: shifted, pair: r)
                    return d.pair(word, shift: o, negatedZero: zeros[r % 2], scale: scales[r % 2])
                }
            }
        }

        // A stage holds `panels` panels of `tokens` rows of 64 K values (128 bytes), K-major with
        // the 128-byte swizzle of wgmma: chunk c (8 values) of row r sits at 128·r + 16·(c ^ (r % 8)).
        // Chunk i of a panel's copy is row i / 8, chunk i % 8: eight lanes read one row's 128
        // contiguous bytes and write eight different bank groups.
        func copy(tile kt: Value) {
            let stage = (kt % c.stages) * c.stageHalves
            for q in 0..<c.panels {
                let k0 = clamped(kt) * (64 * c.panels) + 64 * q
                if c.tokens * 8 < c.threads {
                    b.if(tid.compare(.lt, i32(c.tokens * 8))) { copyChunks(stage: stage, q: q, k0: k0) }
                } else {
                    copyChunks(stage: stage, q: q, k0: k0)
                }
            }
            b.inlineAsm("cp.async.commit_group;", constraints: "", [])
        }
        func copyChunks(stage: Value, q: Int, k0: Value) {
            for i in 0..<chunksPerThread {
                let chunk = tid + c.threads * i
                let token = chunk >> 3, part = chunk & 7
                let kk = k0 + part * 8
                let row = (tokenBase + token).min(m32 - 1)
                let size = kk.compare(.lt, k32).select(i32(16), i32(0))
                let offset = stage + (q * c.tokens * 64) + token * 64 + (part ^ (token & 7)) * 8
                b.inlineAsm("cp.async.cg.shared.global [$0], [$1], 16, $2;", constraints: "l,l,r",
                            [shared.offset(offset), p.x.offset(row * k32 + kk.min(k32 - 8)), size])
            }
        }

        // Descriptor of the ring base: address / 16, LBO 16 B (unused with swizzling), SBO 1024 B
        // (next 8 tokens), 128-byte swizzle; K step s starts 32·s bytes into the rows.
        let layoutBits = (16 >> 4) << 16 | (1024 >> 4) << 32 | 1 << 62
        let base = b.inlineAsm("{ .reg .b64 t; shr.b64 t, $1, 4; and.b64 t, t, 16383; or.b64 $0, t, \(layoutBits); }",
                               constraints: "=l,l", result: .i64, [shared])
        let one = i32(1)

        /// Waits until the oldest pending tile has landed (at most distance − 1 younger copy groups
        /// pending) and for every warpgroup of the block.
        func landed() {
            b.inlineAsm("cp.async.wait_group \(c.distance - 1);", constraints: "", [])
            b.inlineAsm("fence.proxy.async.shared::cta;", constraints: "", [])
            b.barrier()
        }
        for s in 0..<c.distance { copy(tile: i32(s)) }
        // Overlapped: step 0 is dequantized before the loop and the loads run one step further ahead.
        let lead = c.overlap ? 1 : 0
        let early = c.overlap ? load(tile: clamped(i32(0))).map(dequantize) : nil
        let ahead = (0..<c.prefetch).map { load(tile: clamped(i32($0 + lead))) }
        let carried = ahead.map { $0.flatMap(\.flat).map { b.variable($0) } }
        let acc = b.variable(b.constant(0.0, .vector(.f32, accumulators)))
        /// Pipeline step `kt` on `given` A fragments (nil: dequantized here, before the barrier);
        /// overlapped and unless it is the `last`, returns step kt + 1's, dequantized while step kt's
        /// wgmmas run.
        func step(_ kt: Value, _ given: [[[Value]]]?, last: Bool = false) -> [[[Value]]]? {
            // The oldest prefetched operands: step kt's (overlapped: step kt + 1's).
            var values = carried[0].map(\.value)[...]
            let oldest = ahead[0].map { template -> Block in
                let count = template.flat.count
                defer { values = values.dropFirst(count) }
                return template.rebuilt(Array(values.prefix(count)))
            }
            for d in 0..<(c.prefetch - 1) {
                for (variable, next) in zip(carried[d], carried[d + 1]) { variable.set(next.value) }
            }
            let next = load(tile: clamped(kt + c.prefetch + lead))
            for (variable, value) in zip(carried[c.prefetch - 1], next.flatMap(\.flat)) { variable.set(value) }
            // Per K step (``GPUWGMMAConfig/perStep``, never overlapped): the group parameters now,
            // each fragment just before its wgmma; otherwise every fragment now.
            let makers = c.perStep ? oldest.map(dequantizer) : []
            let fragments = c.perStep ? [] : given ?? oldest.map(dequantize)

            // Tile kt has landed once at most distance − 1 younger copy groups are pending. After
            // the barrier every warpgroup has retired the wgmmas of tile kt − 1, whose stage the
            // copy of tile kt + distance refills.
            landed()
            copy(tile: kt + c.distance)
            let stage = ((kt % c.stages) * (c.stageHalves * 2 / 16)).convert(.i64)
            if !c.perStep { b.inlineAsm("wgmma.fence.sync.aligned;", constraints: "", []) }
            var value = acc.value
            for q in 0..<c.panels {
                for s in 0..<4 {
                    let descriptor = base + stage + b.constant(q * c.tokens * 128 / 16 + s * 2, .i64)
                    let a: [Value]
                    if c.perStep {
                        // This step's fragment while the previous steps' wgmmas run; a fence orders
                        // its registers before the wgmma that reads them.
                        a = makers[q](s)
                        b.inlineAsm("wgmma.fence.sync.aligned;", constraints: "", [])
                    } else {
                        a = fragments[q][s]
                    }
                    value = wgmma(value, a: a, descriptor: descriptor, one: one)
                }
            }
            b.inlineAsm("wgmma.commit_group.sync.aligned;", constraints: "", [])
            // Overlapped: step kt + 1's fragments while step kt's wgmmas run.
            let following = given == nil || last ? nil : oldest.map(dequantize)
            acc.set(wait(value, pending: 0))
            return following
        }
        let steps = range?.count ?? tiles
        if let early {
            // Two steps per iteration: the fragments the first step computes are fresh values. Written
            // straight into the loop-carried variables that the next step's wgmmas read while they are
            // written, ptxas would serialize the wgmmas ("non wgmma instructions defining input
            // registers of a wgmma between start and end of the pipeline stage").
            let fragments = early.map { $0.map { $0.map { b.variable($0) } } }
            func carriedFragments() -> [[[Value]]] { fragments.map { $0.map { $0.map(\.value) } } }
            b.loop(i32(0), steps / 2, unroll: .disable) { j in
                let second = step(j * 2 + 1, step(j * 2, carriedFragments())!)!
                for (variables, values) in zip(fragments, second) {
                    for (row, fragment) in zip(variables, values) { for (variable, value) in zip(row, fragment) { variable.set(value) } }
                }
            }
            b.if((steps & 1).compare(.ne, 0)) { _ = step(steps - 1, carriedFragments(), last: true) }
        } else {
            b.loop(i32(0), steps, unroll: .disable) { kt in _ = step(kt, nil) }
        }
        b.inlineAsm("cp.async.wait_group 0;", constraints: "", [])

        if let scratch {
            splitEpilogue(acc.value, scratch: scratch, tid: tid, store: store)
        } else {
            store(acc.value)
        }

        // Accumulator 4j + 2h + e: weight column n0 + 8h, token 8j + 2t + e. Lanes g and g ^ 1
        // swap so that each holds two adjacent columns of one token (even g: token 2t, odd: 2t + 1).
        func store(_ value: Value) {
            let odd = (g & 1).compare(.ne, i32(0))
            // With staged stores the block's tile goes through shared memory (rows of `columns + 8`
            // halves: the 8 rows a warp writes at once fall in different banks), then out in 16-byte
            // row chunks; otherwise each pair goes straight to y.
            let rowStride = c.columns + 8
            if c.stagedStores { b.barrier() }  // every warpgroup is done reading the ring
            let columnBase = c.stagedStores ? warpgroup * 64 + warpInGroup * 16 + g - (g & 1) : block * 16 + g - (g & 1)
            for j in 0..<(c.tokens / 8) {
                for h in 0..<2 {
                    let e0 = value.extract(4 * j + 2 * h), e1 = value.extract(4 * j + 2 * h + 1)
                    let received = b.shuffle(odd.select(e0, e1), .xor, i32(4))
                    let pair = b.vector([odd.select(received, e0), odd.select(e1, received)]).convert(activation)
                    let tokenOffset: Int = 8 * j, columnOffset: Int = 8 * h
                    let token = t * 2 + (g & 1) + tokenOffset
                    let column = columnBase + columnOffset
                    if c.stagedStores {
                        shared.store(pair, at: token * rowStride + column, alignment: 4)
                    } else {
                        b.if((tokenBase + token).compare(.lt, m32)) {
                            b.if(column.compare(.lt, n32)) {
                                p.out.store(pair, at: (tokenBase + token) * n32 + column, alignment: 4)
                            }
                        }
                    }
                }
            }
            guard c.stagedStores else { return }
            b.barrier()
            let chunksPerRow = c.columns / 8
            for i in 0..<(c.tokens * chunksPerRow / c.threads) {
                let chunk = tid + c.threads * i
                let row = chunk / chunksPerRow, part = chunk % chunksPerRow
                let v = shared.load(row * rowStride + part * 8, lanes: 8, alignment: 16)
                let token = tokenBase + row, column = b.blockIndex(.x) * c.columns + part * 8
                b.if(token.compare(.lt, m32)) {
                    b.if(column.compare(.lt, n32)) { p.out.store(v, at: token * n32 + column, alignment: 16) }
                }
            }
        }
    }
}
