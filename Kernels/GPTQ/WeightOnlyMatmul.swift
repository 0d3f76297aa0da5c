import KernelIR
import Quantization

/// Emits `y[M, N] = x[M, K] · W[K, N]` over a GPTQ-packed `W`, shared by GEMV and GEMM.
///
/// A program owns `tileM` rows × `tileN` vectors of `vectorWidth` columns. Groups are the
/// outer loop (unless act-order scatters them); within a group the packed K chunks are
/// unrolled by `unrollK`. Two ways to apply scales and zeros:
/// - *factorized* (GEMV): per group accumulate Σ x·q and Σ x, then add s·(Σx·q − z·Σx) —
///   one FMA per weight;
/// - *dequantize first* (GEMM, act-order): w = q·s − z·s once per weight, reused by all rows.
/// Ragged N runs the same code with one lane per column; ragged M clamps the rows it reads
/// and guards the rows it writes.
struct WeightOnlyMatmul {
    let spec: WeightOnlySpec
    let config: TileConfig
    let factorized: Bool
    let b: KernelBuilder
    let p: WeightOnlyParameters
    let u: GPTQUnpacker

    init(spec: WeightOnlySpec, config: TileConfig, factorized: Bool, builder: KernelBuilder) {
        self.spec = spec
        self.config = config
        self.factorized = factorized && !spec.layout.actOrder
        b = builder
        p = WeightOnlyParameters(builder, spec: spec, output: spec.activation)
        u = GPTQUnpacker(spec: spec, p: p, b: builder)
    }

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }

    func emit() {
        let columns = config.columnsPerProgram
        let columnTiles = (p.n + (columns - 1)) / columns
        forEachProgram(count: ((p.m + (config.tileM - 1)) / config.tileM) * columnTiles) { program in
            let m0 = (program / columnTiles) * config.tileM
            let column0 = (program % columnTiles) * columns
            if columns == 1 {
                tile(m0: m0, column0: column0, lanes: 1, tiles: 1)
                return
            }
            b.if(column0.compare(.le, p.n - columns)) {
                tile(m0: m0, column0: column0, lanes: config.vectorWidth, tiles: config.tileN)
            } else: {
                b.loop(column0, p.n) { column in tile(m0: m0, column0: column, lanes: 1, tiles: 1) }
            }
        }
    }

    /// Runs `body` for each program id: the CPU grid's, or one per GPU thread (guarded).
    func forEachProgram(count: Value, _ body: (Value) -> Void) {
        guard spec.gpu else { return body(b.programID()) }
        let id = (b.blockIndex() * b.blockSize() + b.threadIndex()).convert(.i64, unsigned: true)
        b.if(id.compare(.lt, count)) { body(id) }
    }

    func tile(m0: Value, column0: Value, lanes: Int, tiles: Int) {
        let f = KType.vector(.f32, lanes)
        let columns = (0..<tiles).map { column0 + $0 * lanes }
        let rows = (0..<config.tileM).map { r in r == 0 ? m0 : (m0 + r).min(p.m - 1) }
        let zero = b.constant(0.0, f)
        let acc = rows.map { _ in columns.map { _ in b.variable(zero) } }
        let cv = spec.chunkValues
        func activation(_ r: Int, _ row: Value) -> Value { p.x.load(rows[r] * p.k + row).convert(.f32) }


        if spec.layout.actOrder {
            b.loop(i64(0), p.k / cv, unroll: .count(config.unrollK)) { c in
                let words = columns.map { u.loadChunk(c, column: $0, lanes: lanes) }
                for j in 0..<cv {
                    let row = c * cv + j
                    let g = u.group(ofRow: row)
                    for t in 0..<tiles {
                        let s = u.scales(group: g, column: columns[t], lanes: lanes)
                        let z = u.zeros(group: g, column: columns[t], lanes: lanes)
                        let w = (u.quantized(words[t], j).convert(.f32) - z) * s
                        for r in rows.indices { acc[r][t].set(activation(r, row).splat(lanes).fma(w, acc[r][t].value)) }
                    }
                }
            }
        } else {
            let groupSize = spec.layout.groupSize
            let groups = groupSize > 0 ? p.k / groupSize : i64(1)
            let chunksPerGroup = groupSize > 0 ? i64(groupSize / cv) : p.k / cv
            // Independent FMA chains per accumulator, so FMA latency does not serialize the
            // factorized GEMV (chains = 8 / accumulators, at most one per value of a chunk).
            let chains = factorized ? Swift.max(1, Swift.min(cv, 8 / (rows.count * tiles))) : 1
            b.loop(i64(0), groups) { g in
                let s = columns.map { u.scales(group: g, column: $0, lanes: lanes) }
                let z = columns.map { u.zeros(group: g, column: $0, lanes: lanes) }
                let negZS = zip(s, z).map { -($0 * $1) }
                let partial = factorized ? rows.map { _ in columns.map { _ in (0..<chains).map { _ in b.variable(zero) } } } : []
                let xSum = factorized ? rows.map { _ in b.variable(b.constant(0.0, .vector(.f32, cv))) } : []
                b.loop(g * chunksPerGroup, (g + 1) * chunksPerGroup, unroll: .count(config.unrollK)) { c in
                    let words = columns.map { u.loadChunk(c, column: $0, lanes: lanes) }
                    // The chunk's activations, one vector per row.
                    let xChunk = rows.indices.map { p.x.load(rows[$0] * p.k + c * cv, lanes: cv).convert(.f32) }
                    // Values left in place in their word are worth q·2^shift; the chunk's
                    // activations are pre-scaled by 2^−shift instead (exact powers of two).
                    let inPlace = factorized ? (0..<cv).map { j in u.quantizedInPlace(words[0], j) != nil } : []
                    var xScaled = xChunk
                    if factorized {
                        for r in rows.indices { xSum[r].set(xSum[r].value + xChunk[r]) }
                        let factors = (0..<cv).map { j in
                            b.constant(inPlace[j] ? 1 / Double(1 << ((j * u.bits) % 32)) : 1, .f32)
                        }
                        xScaled = xChunk.map { $0 * (cv == 1 ? factors[0] : b.vector(factors)) }
                    }
                    for j in 0..<cv {
                        let xs = xChunk.map { cv == 1 ? $0 : $0.extract(j) }
                        for t in 0..<tiles {
                            if factorized {
                                let q = u.quantizedInPlace(words[t], j)?.value ?? u.quantized(words[t], j).convert(.f32)
                                for r in rows.indices {
                                    let v = partial[r][t][j % chains]
                                    let x = cv == 1 ? xScaled[r] : xScaled[r].extract(j)
                                    v.set(q.fma(x.splat(lanes), v.value))
                                }
                            } else {
                                let q = u.quantized(words[t], j).convert(.f32)
                                let w = q.fma(s[t], negZS[t])
                                for r in rows.indices { acc[r][t].set(xs[r].splat(lanes).fma(w, acc[r][t].value)) }
                            }
                        }
                    }
                }
                if factorized {
                    for r in rows.indices {
                        let total = xSum[r].value.reduceAdd().splat(lanes)
                        for t in 0..<tiles {
                            let dot = partial[r][t].dropFirst().reduce(partial[r][t][0].value) { $0 + $1.value }
                            acc[r][t].set(s[t].fma(dot - z[t] * total, acc[r][t].value))
                        }
                    }
                }
            }
        }
        for r in rows.indices {
            let store = {
                for t in 0..<tiles {
                    p.out.store(acc[r][t].value.convert(spec.activation), at: rows[r] * p.n + columns[t])
                }
            }
            if r == 0 { store() } else { b.if((m0 + r).compare(.lt, p.m), store) }
        }
    }
}
