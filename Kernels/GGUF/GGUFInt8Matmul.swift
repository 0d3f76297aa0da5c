import KernelIR
import Quantization

/// The kernel parameters of the int8 strategy, in order: `xq` (i8), `xd` (f32), `xs` (f32) as
/// written by ``GGUFActivationQuantizer``, the GGUF weight bytes `w` (`N` rows of `K/block`
/// blocks), `y[M][N]` (f32), then `m`, `n`, `k` (i64).
struct GGUFInt8Parameters {
    let xq, xd, xs, w, y, m, n, k: Value
    init(_ b: KernelBuilder) {
        xq = b.parameter("xq", .pointer(.i8))
        xd = b.parameter("xd", .pointer(.f32))
        xs = b.parameter("xs", .pointer(.f32))
        w = b.parameter("w", .pointer(.i8))
        y = b.parameter("y", .pointer(.f32))
        m = b.parameter("m", .i64)
        n = b.parameter("n", .i64)
        k = b.parameter("k", .i64)
    }
}

/// Emits `y = x · Wᵀ` for the 32-value block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL) with
/// integer dot products: per group of four blocks one 64-byte `vpdpbusd` per nibble half (or
/// per pair of Q8_0 blocks), one f32 FMA per 16 lanes for the block scales. Signed weights are
/// made unsigned (Q4_0: q ∈ 0…15 stands for q − 8; Q5_0: q − 16; Q8_0 and IQ4_NL: value + 128)
/// and the offset times the activation sum is subtracted in integers; the mins of Q4_1/Q5_1
/// add `m · s` with the activation block sum `s` (as ggml's Q8_1 dot products do).
/// Blocks after the last whole group run one at a time with 256-bit `vpdpbusd` into 8-lane
/// accumulators.
struct GGUFInt8Matmul {
    let spec: GGUFMatmulSpec
    let config: GGUFTileConfig
    let b: KernelBuilder
    let e: GGUFEmit
    let p: GGUFInt8Parameters

    init(spec: GGUFMatmulSpec, config: GGUFTileConfig, builder: KernelBuilder) {
        self.spec = spec
        self.config = config
        b = builder
        e = GGUFEmit(b: builder)
        p = GGUFInt8Parameters(builder)
    }

    var bpb: Int { spec.bytesPerBlock }
    var format: GGUFSmallBlock { GGUFSmallBlock(spec.type) }

    func emit() {
        if spec.valuesPerBlock == 256 {
            GGUFInt8KQuants(spec: spec, config: config, b: b, e: e, p: p).emit()
            return
        }
        let blocks = p.k / 32
        let rowBytes = blocks * bpb
        if spec.followsGGMLOrder {
            emitInGGMLOrder(blocks: blocks, rowBytes: rowBytes)
            return
        }
        GGUFTileWalk(config: config, m: p.m, n: p.n).emit(b, y: p.y) { rows, cols in
            let zero16 = e.splat(0, .f32, 16)
            let acc = rows.map { _ in cols.map { _ in b.variable(zero16) } }
            let tail = rows.map { _ in cols.map { _ in b.variable(e.splat(0, .f32, 8)) } }
            let weights = cols.map { p.w.offset($0 * rowBytes) }
            let groups = blocks / 4
            b.loop(e.i64(0), groups, unroll: .count(config.unrollK)) { g in
                group(g, rows: rows, weights: weights, blocks: blocks, acc: acc)
            }
            b.loop(groups * 4, blocks) { block in
                single(block, rows: rows, weights: weights, blocks: blocks, tail: tail)
            }
            return rows.indices.map { r in cols.indices.map { t in acc[r][t].value.reduceAdd() + tail[r][t].value.reduceAdd() } }
        }
    }

    /// One group of four blocks for every (row, weight row) pair.
    func group(_ g: Value, rows: [Value], weights: [Value], blocks: Value, acc: [[Variable]]) {
        let ones = e.splat(1, .i8, 64), zero = e.splat(0, .i32, 16)
        // Weights: unsigned byte vectors, lane i of the result is block lane/4 (Q4) or
        // 2v + lane/8 (Q8_0, vector v), and the block scales.
        var wVectors: [[Value]] = [], wScales: [Value] = [], wMins: [Value] = []
        for w in weights {
            if spec.type == .q8_0 {
                // Two pairs of 34-byte blocks (68 bytes each): lanes 0..<32 block 2v, 32..<64 block 2v + 1.
                var d: [Value] = []
                wVectors.append((0..<2).map { v in
                    let (q, first) = e.gather(w, g * (4 * bpb) + v * 2 * bpb, span: 2 * bpb,
                                              picks: (0..<64).map { j in (j / 32) * bpb + 2 + j % 32 })
                    d.append(e.halves64(first, at: [0, bpb]))
                    return q ^ e.splat(-128, .i8, 64)
                })
                wScales.append(b.vector([d[0].extract(0), d[0].extract(1), d[1].extract(0), d[1].extract(1)]))
            } else {
                let (q, first) = e.gather(w, g * (4 * bpb), span: 4 * bpb,
                                          picks: (0..<64).map { j in (j / 16) * bpb + format.quants + j % 16 })
                func halves(_ offset: Int) -> Value {
                    let at = (0..<4).map { $0 * bpb + offset }
                    if at.last! + 1 < 64 { return e.halves64(first, at: at) }
                    let (bytes, _) = e.gather(w, g * (4 * bpb), span: 4 * bpb, picks: (0..<64).map { j in j < 8 ? at[j / 2] + j % 2 : 0 })
                    return e.halves64(bytes, at: [0, 2, 4, 6])
                }
                wScales.append(halves(0))
                var nibbles = [q & 15, e.shiftBytesRight(q, 4) & 15]
                if let high = format.highBits {
                    // Bit j of block i's qh is the fifth bit of value j: two 64-bit lane masks.
                    let (h, _) = e.gather(w, g * (4 * bpb), span: 4 * bpb,
                                          picks: (0..<64).map { j in j < 16 ? (j % 8 / 2) * bpb + high + 2 * (j / 8) + j % 2 : 0 })
                    let masks = h.bitcast(to: .vector(.i64, 8))
                    nibbles = (0..<2).map { nibbles[$0] | masks.extract($0).bitcast(to: .vector(.i1, 64)).select(e.splat(16, .i8, 64), e.splat(0, .i8, 64)) }
                }
                if format.codebook { nibbles = nibbles.map { e.lookup(GGUFSmallBlock.unsignedCodebook, $0) } }
                wVectors.append(nibbles)
                if let min = format.min { wMins.append(e.spread(halves(min), 4)) }
            }
        }
        for (r, row) in rows.enumerated() {
            let a = [p.xq.load(row * p.k + g * 128, lanes: 64), p.xq.load(row * p.k + g * 128 + 64, lanes: 64)]
            let dx = p.xd.load(row * blocks + g * 4, lanes: 4)
            let sums = a.map { e.dpbusd(zero, ones, $0) }  // Σ of four activations per lane
            if spec.type == .q8_0 {
                for v in 0..<2 {
                    let spreadMask = (0..<16).map { 2 * v + $0 / 8 }
                    let dxv = dx.permute(spreadMask)
                    let start = zero - (sums[v] << 7)
                    for t in weights.indices {
                        let dot = e.dpbusd(start, wVectors[t][v], a[v]).convert(.f32)
                        acc[r][t].set((dot * wScales[t].permute(spreadMask)).fma(dxv, acc[r][t].value))
                    }
                }
                continue
            }
            let dx16 = e.spread(dx, 4)
            let laneSum = sums[0] + sums[1]
            let start = format.offsetShift.map { zero - (laneSum << $0) } ?? zero
            // The mins multiply the block sums s (f16 of d·Σq, as ggml's q8_1), a quarter per lane.
            let minWeight = format.min != nil ? e.spread(p.xs.load(row * blocks + g * 4, lanes: 4) * 0.25, 4) : nil
            for t in weights.indices {
                let dot = e.dpbusd(e.dpbusd(start, wVectors[t][0], a[0]), wVectors[t][1], a[1]).convert(.f32)
                var sum = (dot * e.spread(wScales[t], 4)).fma(dx16, acc[r][t].value)
                if let minWeight { sum = wMins[t].fma(minWeight, sum) }
                acc[r][t].set(sum)
            }
        }
    }

    /// One block (past the last whole group, or every block in ggml's order) with 256-bit dot
    /// products. With `minimumSums` the block minima accumulate there as ggml's `summs`.
    func single(_ block: Value, rows: [Value], weights: [Value], blocks: Value, tail: [[Variable]],
                minimumSums: [[Variable]]? = nil) {
        let ones = e.splat(1, .i8, 32), zero = e.splat(0, .i32, 8)
        var wVectors: [Value] = [], wScales: [Value] = [], wMins: [Value] = []
        for w in weights {
            let raw = w.load(block * bpb, lanes: bpb)
            wScales.append(e.half(raw, at: 0))
            if spec.type == .q8_0 {
                wVectors.append(raw.permute((0..<32).map { 2 + $0 }) ^ e.splat(-128, .i8, 32))
            } else {
                let q = raw.permute((0..<32).map { format.quants + $0 % 16 })
                var v = e.mask(32) { $0 < 16 }.select(q & 15, e.shiftBytesRight(q, 4) & 15)
                if let high = format.highBits {
                    let bits = raw.permute([high, high + 1, high + 2, high + 3]).bitcast(to: .vector(.i1, 32))
                    v = v | bits.select(e.splat(16, .i8, 32), e.splat(0, .i8, 32))
                }
                if format.codebook { v = e.lookup(GGUFSmallBlock.unsignedCodebook, v) }
                wVectors.append(v)
                if let min = format.min { wMins.append(e.half(raw, at: min)) }
            }
        }
        for (r, row) in rows.enumerated() {
            let a = p.xq.load(row * p.k + block * 32, lanes: 32)
            let dx = p.xd.load(row * blocks + block)
            let sx = p.xs.load(row * blocks + block)
            let sums = e.dpbusd(zero, ones, a)
            let start = format.offsetShift.map { zero - (sums << $0) } ?? zero
            // Eight lanes accumulate across the tail blocks; one reduction at the end.
            for t in weights.indices {
                let dot = e.dpbusd(start, wVectors[t], a).convert(.f32)
                var sum = dot.fma((wScales[t] * dx).splat(8), tail[r][t].value)
                if format.min != nil {
                    if let minimumSums {
                        minimumSums[r][t].set(wMins[t].fma(sx, minimumSums[r][t].value))
                    } else {
                        sum = wMins[t].splat(8).fma((sx * 0.125).splat(8), sum)
                    }
                }
                tail[r][t].set(sum)
            }
        }
    }
}

/// Where the fields of a 32-value GGUF block lie, for the int8 kernels.
struct GGUFSmallBlock {
    /// Byte offset of the 16 nibble bytes (or of Q8_0's 32 bytes).
    let quants: Int
    /// Byte offset of the f16 min (Q4_1, Q5_1).
    let min: Int?
    /// Byte offset of the 32 fifth bits (Q5_0, Q5_1).
    let highBits: Int?
    /// Whether nibbles index the IQ4_NL codebook.
    let codebook: Bool
    /// The unsigned stand-in is `value + 2^shift`: subtract `2^shift · Σa`.
    let offsetShift: Int?

    init(_ type: GGMLType) {
        switch type {
        case .q4_0: (quants, min, highBits, codebook, offsetShift) = (2, nil, nil, false, 3)
        case .q4_1: (quants, min, highBits, codebook, offsetShift) = (4, 2, nil, false, nil)
        case .q5_0: (quants, min, highBits, codebook, offsetShift) = (6, nil, 2, false, 4)
        case .q5_1: (quants, min, highBits, codebook, offsetShift) = (8, 2, 4, false, nil)
        case .iq4_NL: (quants, min, highBits, codebook, offsetShift) = (2, nil, nil, true, 7)
        default: (quants, min, highBits, codebook, offsetShift) = (2, nil, nil, false, 7)  // Q8_0
        }
    }

    /// The IQ4_NL codebook (`kvalues_iq4nl`) plus 128, as unsigned bytes.
    static let unsignedCodebook: [Int] = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113].map { $0 + 128 }
    /// The IQ4_NL codebook itself.
    static let codebookValues: [Int] = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113]
}
