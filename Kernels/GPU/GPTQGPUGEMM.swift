import KernelIR
import Quantization

/// The schedule of ``GPTQGPUGEMM``: compile-time constants of one variant.
public struct GPUGEMMConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Output rows per block (activation rows staged in shared memory per K tile).
    public var blockM: Int
    /// Output columns per block.
    public var blockN: Int
    /// Warps along M and along N; warp `(wm, wn)` computes a `blockM/warpsM × blockN/warpsN` tile.
    public var warpsM: Int
    public var warpsN: Int
    /// Software pipelining: the global loads of K tile `t + 1` are in flight while tile `t` computes.
    public var prefetch: Bool
    /// K values per K tile: 32 (4 packed rows) or 64 (8).
    public var blockK: Int
    /// Two shared-memory activation tiles: tile `t + 1` is stored while others still read tile
    /// `t`, one barrier per K tile instead of two (implies `prefetch`).
    public var doubleBuffer: Bool
    /// With `stages ≥ 2`: activations go global → shared by `cp.async` (sm_80+), `stages`
    /// tiles in flight, one barrier per K tile; weights stay register-prefetched one tile ahead.
    public var stages: Int

    public init(blockM: Int = 128, blockN: Int = 128, warpsM: Int = 2, warpsN: Int = 4, prefetch: Bool = true,
                blockK: Int = 32, doubleBuffer: Bool = false, stages: Int = 0) {
        self.stages = stages
        self.blockM = blockM
        self.blockN = blockN
        self.warpsM = warpsM
        self.warpsN = warpsN
        self.prefetch = prefetch || doubleBuffer
        self.blockK = blockK
        self.doubleBuffer = doubleBuffer
    }

    /// `m128n128w2x4p`, then `k64` for 64-value K tiles and `d` for double buffering.
    public var description: String {
        "m\(blockM)n\(blockN)w\(warpsM)x\(warpsN)\(prefetch && !doubleBuffer ? "p" : "")\(blockK != 32 ? "k\(blockK)" : "")\(doubleBuffer ? "d" : "")\(stages > 0 ? "a\(stages)" : "")"
    }
    /// Whether the variant uses `cp.async`.
    public var async: Bool { stages > 0 }
    /// Halves per shared-memory activation row: 64-value tiles are padded by 8 so that the
    /// 128-bit fragment loads of rows g and g + 1 fall in different banks.
    public var sharedStride: Int { blockK == 64 ? 72 : blockK }
    /// f16 elements of shared memory.
    public var sharedHalves: Int { (stages > 0 ? stages : doubleBuffer ? 2 : 1) * blockM * sharedStride }

    public var threads: Int { 32 * warpsM * warpsN }
    public var warpRows: Int { blockM / warpsM }
    public var warpColumns: Int { blockN / warpsN }
    /// The launch grid for an `m × n` output: `(n / blockN, ⌈m / blockM⌉)`.
    public func grid(m: Int, n: Int) -> (x: Int, y: Int) { (n / blockN, (m + blockM - 1) / blockM) }
}

/// Weight-only GEMM for large M (prefill) on NVIDIA GPUs (sm_80+): `y[M, N] = x[M, K] · W[K, N]`
/// over GPTQ-packed 4-bit weights (group −1/32/64/128, symmetric, v1 or v2 zeros, no
/// act-order), f16 or bf16 activations and outputs (the spec's `activation`:
/// `mma.sync…f32.bf16.bf16.f32` on weights dequantized to bf16, ``GPUHalfDequant``), f32
/// accumulation on tensor cores, f16 scales.
///
/// Each block computes a `blockM × blockN` output tile over K tiles of 32 values (4 packed rows).
/// Per K tile the block stages its `blockM × 32` activations in shared memory (128-bit loads
/// and stores); each warp then reads `mma.sync.m16n8k16` A fragments (activations) from
/// shared memory and builds B fragments (weights) in registers: lane `(g, t)` (`g = lane / 4`,
/// `t = lane % 4`) of n-tile `j` loads the 32-bit word of packed row `4·tile + t`, column
/// `8j + g`, and dequantizes it with the magic-number trick (`(w & mask) | 0x6400_6400`, one
/// `fma.f16x2` gives `q − z` exactly, one `mul.f16x2` applies the group scale). The K order
/// inside an `mma` is free when both operands agree: lane `t` provides the 8 K values of its
/// word, pairing value `p` with `p + 4` (the pairs the magic trick yields) in both A and B.
///
/// Parameters: the weight-only list (`x, qweight, qzeros, scales, g_idx, y, m, n, k`). Shapes:
/// N a multiple of `blockN`, K a multiple of 32 (and of the group size); M is free (rows past M
/// read a clamped row and are not stored). ``unsupportedShape(m:n:k:config:)`` says why a shape
/// is rejected; nothing else is checked at run time.
public struct GPTQGPUGEMM: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    public var family: KernelFamily { .gemm }

    /// The smallest K tile: 4 packed 4-bit rows.
    public static let blockK = 32

    /// The fastest register-staged config at M = 4096 on the H200 for 4-bit g128 v1 at all three
    /// Llama-70B-like shapes, within 1 % of the fastest `cp.async` one there (2.5 % for g128
    /// symmetric; Tools/gpu/results/2026-11-30-gemm). Measured on one chip: move it into the tuning
    /// database when there is one.
    public var defaultConfig: GPUGEMMConfig { GPUGEMMConfig(blockM: 256, blockN: 128, warpsM: 4, warpsN: 2) }

    public var candidateConfigs: [GPUGEMMConfig] {
        [GPUGEMMConfig(), GPUGEMMConfig(prefetch: false), GPUGEMMConfig(blockM: 128, blockN: 64, warpsM: 2, warpsN: 2),
         GPUGEMMConfig(blockM: 256, blockN: 128, warpsM: 4, warpsN: 2),
         GPUGEMMConfig(blockK: 64, doubleBuffer: true), GPUGEMMConfig(doubleBuffer: true),
         GPUGEMMConfig(blockM: 128, blockN: 128, warpsM: 4, warpsN: 2, blockK: 64, doubleBuffer: true),
         GPUGEMMConfig(blockM: 256, blockN: 128, warpsM: 4, warpsN: 2, doubleBuffer: true),
         GPUGEMMConfig(blockM: 128, blockN: 64, warpsM: 2, warpsN: 2, blockK: 64, doubleBuffer: true),
         GPUGEMMConfig(stages: 3), GPUGEMMConfig(stages: 4), GPUGEMMConfig(blockM: 256, blockN: 128, warpsM: 4, warpsN: 2, stages: 3),
         GPUGEMMConfig(blockM: 128, blockN: 64, warpsM: 2, warpsN: 2, stages: 4), GPUGEMMConfig(blockK: 64, stages: 2),
         GPUGEMMConfig(blockM: 128, blockN: 256, warpsM: 2, warpsN: 4, stages: 3)]
    }

    public func variantName(_ c: GPUGEMMConfig) -> String { "gptq_gemm_mma_\(spec.layoutName)_gpu_\(c)" }

    public func validate(_ c: GPUGEMMConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "gptq_gemm_mma", message: m) }
        let layout = spec.layout
        if layout.bits != 4 { throw fail("bit width \(layout.bits) is not supported (4-bit only)") }
        if layout.actOrder { throw fail("act-order (g_idx) weights are not supported") }
        if ![.f16, .bf16].contains(spec.activation) { throw fail("activations must be f16 or bf16, got \(spec.activation.name)") }
        if spec.convention != .gpu { throw fail("a GPU kernel needs the .gpu convention") }
        if ![0, 2, 3, 4].contains(c.stages) || (c.stages > 0 && c.doubleBuffer) {
            throw fail("\(c): stages must be 0 (no cp.async) or 2…4, and cp.async excludes doubleBuffer")
        }
        if ![32, 64].contains(c.blockK) { throw fail("\(c): blockK must be 32 or 64") }
        if layout.groupSize != -1 && (layout.groupSize <= 0 || layout.groupSize % c.blockK != 0) {
            throw fail("group size \(layout.groupSize) must be −1 or a multiple of the K tile (\(c.blockK))")
        }
        if c.warpsM < 1 || c.warpsN < 1 || c.threads > 1024 { throw fail("\(c): 1…32 warps") }
        if c.blockM % (16 * c.warpsM) != 0 { throw fail("\(c): blockM must be a multiple of 16·warpsM") }
        if c.blockN % (8 * c.warpsN) != 0 { throw fail("\(c): blockN must be a multiple of 8·warpsN") }
        if (c.blockM * c.blockK / 8) % c.threads != 0 {
            throw fail("\(c): the block's 16-byte activation chunks (blockM·blockK/8) must divide among its threads")
        }
        if c.sharedHalves * 2 > 48 * 1024 { throw fail("\(c): the activation tiles exceed 48 KiB of shared memory") }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: GPUGEMMConfig) -> String? {
        if m < 1 { return "M = \(m) must be positive" }
        if n < c.blockN || n % c.blockN != 0 { return "N = \(n) must be a positive multiple of \(c.blockN) (the block's columns)" }
        if k < c.blockK || k % c.blockK != 0 { return "K = \(k) must be a positive multiple of \(c.blockK) (the K tile)" }
        if let problem = spec.layout.validate(k: k, n: n) { return problem }
        let limit = Int(Int32.max)
        if m * k > limit || m * n > limit || k / 8 * n > limit {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        return nil
    }

    public func emit(_ c: GPUGEMMConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .gpu)
        GPUGEMMEmitter(layout: spec.layout, c: c, b: b, p: WeightOnlyParameters(b, spec: spec, output: spec.activation),
                       activation: spec.activation).emit()
        return b.finish()
    }
}

/// Emits the body of ``GPTQGPUGEMM`` for one config.
struct GPUGEMMEmitter {
    let layout: GPTQLayout
    let c: GPUGEMMConfig
    let b: KernelBuilder
    let p: WeightOnlyParameters
    /// The activation, operand and output type: `.f16` or `.bf16`.
    let activation: ScalarType

    var dequant: GPUHalfDequant { GPUHalfDequant(b: b, type: activation) }
    var mTiles: Int { c.warpRows / 16 }
    var nTiles: Int { c.warpColumns / 8 }
    var chunksPerThread: Int { c.blockM * c.blockK / 8 / c.threads }
    var perChannel: Bool { layout.groupSize <= 0 }
    var asymmetric: Bool { layout.zeroPoints != .symmetric }

    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    struct Loads {
        var xs: [Value], words: [Value], scales: [Value], zeros: [Value]
        var flat: [Value] { xs + words + scales + zeros }
        func rebuilt(_ values: [Value]) -> Loads {
            var rest = values[...]
            func take(_ row: [Value]) -> [Value] { row.map { _ in rest.removeFirst() } }
            let x = take(xs), w = take(words), s = take(scales), z = take(zeros)
            return Loads(xs: x, words: w, scales: s, zeros: z)
        }
    }

    /// `d = a·b + c` on one m16n8k16 tile (f16 or bf16 inputs, f32 accumulators).
    func mma(a: [Value], b fragment: [Value], c accumulator: Value) -> Value {
        let cs = (0..<4).map { accumulator.extract($0) }
        let type = dequant.ptxName
        return b.inlineAsm(
            "mma.sync.aligned.m16n8k16.row.col.f32.\(type).\(type).f32 {$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};",
            constraints: "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f", result: .vector(.f32, 4), a + fragment + cs)
    }

    func emit() {
        let tid = b.threadIndex()
        let lane = tid & 31, warp = tid >> 5
        let g = lane >> 2, t = lane & 3
        let wm = warp / c.warpsN, wn = warp % c.warpsN
        let n32 = p.n.convert(.i32), k32 = p.k.convert(.i32), m32 = p.m.convert(.i32)
        let rowBase = b.blockIndex(.y) * c.blockM
        let colBase = b.blockIndex(.x) * c.blockN
        let bk = c.blockK, stride = c.sharedStride
        /// Packed rows (32-bit words) per lane per K tile: lane `t` takes rows `W·t + u`.
        let wordsPerLane = bk / 32
        let tiles = k32 / bk
        let shared = b.sharedMemory(activation, count: c.sharedHalves)
        let bufferHalves = c.blockM * stride

        // Activation chunks (8 halves) this thread stages: global index and shared index.
        let partsPerRow = bk / 8
        let chunks = (0..<chunksPerThread).map { i -> (global: Value, local: Value) in
            let chunk = tid + c.threads * i
            let row = chunk / partsPerRow, part = chunk % partsPerRow
            let globalRow = (rowBase + row).min(m32 - 1)
            return (globalRow * k32 + part * 8, row * stride + part * 8)
        }
        // This lane's weight columns, one per n-tile.
        let warpColumn = colBase + wn * c.warpColumns
        let columns = (0..<nTiles).map { (j: Int) -> Value in warpColumn + g + 8 * j }
        let zeroWords = (n32 * 4 + 31) >> 5

        func load(tile kt: Value) -> Loads {
            var loads = loadWeights(tile: kt)
            loads.xs = chunks.map { p.x.load($0.global + kt * bk, lanes: 8, alignment: 16) }
            return loads
        }
        func loadWeights(tile kt: Value) -> Loads {
            var words: [Value] = []
            for u in 0..<wordsPerLane {
                let packedRow = kt * (4 * wordsPerLane) + t * wordsPerLane + u
                words += columns.map { p.qweight.load(packedRow * n32 + $0, alignment: 4) }
            }
            let gi = perChannel ? i32(0) : (kt * bk) / layout.groupSize
            let scales = columns.map { p.scales.load(gi * n32 + $0, alignment: 2) }
            let zeros = asymmetric ? columns.map { p.qzeros.load(gi * zeroWords + ($0 >> 3), alignment: 4) } : []
            return Loads(xs: [], words: words, scales: scales, zeros: zeros)
        }

        let zero4 = b.constant(0.0, .vector(.f32, 4))
        let acc = (0..<mTiles).map { _ in (0..<nTiles).map { _ in b.variable(zero4) } }

        func compute(_ loads: Loads, buffer: Value) {
            // Per n-tile: the scale as a pair and the constants −(2^(10−o) + z) (f16, o = 0, 4) or
            // −(128 + z) (bf16, o = 0 only).
            let d = dequant
            let shifts = d.bf16 ? [0] : [0, 4]
            let parameters: [(Value, [Int: Value])] = (0..<nTiles).map { j in
                let s2 = d.scalePair(loads.scales[j])
                var negatedZeros: [Int: Value] = [:]
                for o in shifts {
                    let z = asymmetric ? (loads.zeros[j] >> ((columns[j] & 7) * 4)) & 15 : nil
                    negatedZeros[o] = d.negatedZero(z, layout: layout, shift: o)
                }
                return (s2, negatedZeros)
            }
            for u in 0..<wordsPerLane {
                // B fragments: per n-tile, 4 pairs (q_p − z, q_{p+4} − z)·s as f16×2 / bf16×2 in an i32.
                let bs: [[Value]] = (0..<nTiles).map { j in
                    let (s2, negatedZeros) = parameters[j]
                    let w = loads.words[u * nTiles + j], shifted = d.bf16 ? w : w >> 8
                    return (0..<4).map { pair in
                        let (word, o) = d.source(w, shifted8: shifted, pair: pair)
                        return d.pair(word, shift: o, negatedZero: negatedZeros[o]!, scale: s2)
                    }
                }
                // A fragments: rows g and g + 8 of each m-tile, the 8 K values of word u, paired (p, p + 4).
                let kOffset = buffer + (t * wordsPerLane + u) * 8
                let a: [[[Value]]] = (0..<mTiles).map { i in
                    let offset: Int = 16 * i
                    let row = wm * c.warpRows + g + offset
                    return [row, row + 8].map { r in
                        let x = shared.load(r * stride + kOffset, lanes: 8, alignment: 16)
                        return (0..<4).map { pair in x.permute([pair, pair + 4]).bitcast(to: .i32) }
                    }
                }
                for s in 0..<2 {
                    for i in 0..<mTiles {
                        for j in 0..<nTiles {
                            let fragment = [a[i][0][2 * s], a[i][1][2 * s], a[i][0][2 * s + 1], a[i][1][2 * s + 1]]
                            acc[i][j].set(mma(a: fragment, b: [bs[j][2 * s], bs[j][2 * s + 1]], c: acc[i][j].value))
                        }
                    }
                }
            }
        }

        func stage(_ xs: [Value], buffer: Value) {
            for (chunk, x) in zip(chunks, xs) { shared.store(x, at: buffer + chunk.local, alignment: 16) }
        }

        if c.async {
            // cp.async: tile t + stages − 1 goes global → shared while tile t computes. At the
            // top of tile t, wait for this thread's copies of tile t, then a barrier makes
            // everyone's visible and guarantees that the buffer refilled next (read in tile
            // t − 1) is no longer read.
            let depth = c.stages
            func copy(tile kt: Value) {
                let buffer = (kt % depth) * bufferHalves
                let source = kt.min(tiles - 1) * bk
                for chunk in chunks {
                    b.inlineAsm("cp.async.cg.shared.global [$0], [$1], 16;", constraints: "l,l",
                                [shared.offset(buffer + chunk.local), p.x.offset(chunk.global + source)])
                }
                b.inlineAsm("cp.async.commit_group;", constraints: "", [])
            }
            for s in 0..<(depth - 1) { copy(tile: i32(s)) }
            let first = load(tile: i32(0))
            let weights = Loads(xs: [], words: first.words, scales: first.scales, zeros: first.zeros)
            let carried = weights.flat.map { b.variable($0) }
            b.loop(i32(0), tiles, unroll: .disable) { kt in
                let current = weights.rebuilt(carried.map(\.value))
                let next = loadWeights(tile: (kt + 1).min(tiles - 1))
                for (variable, value) in zip(carried, next.flat) { variable.set(value) }
                b.inlineAsm("cp.async.wait_group \(depth - 2);", constraints: "", [])
                b.barrier()
                copy(tile: kt + (depth - 1))
                compute(current, buffer: (kt % depth) * bufferHalves)
            }
            b.inlineAsm("cp.async.wait_group 0;", constraints: "", [])
        } else if c.doubleBuffer {
            // Tile t computes from buffer t & 1 while tile t + 1 (loaded into registers before
            // the compute) goes into the other buffer; one barrier per tile. The other buffer was
            // last read in tile t − 1, which every warp finished before the previous barrier.
            let first = load(tile: i32(0))
            stage(first.xs, buffer: i32(0))
            b.barrier()
            let weights = Loads(xs: [], words: first.words, scales: first.scales, zeros: first.zeros)
            let carried = weights.flat.map { b.variable($0) }
            b.loop(i32(0), tiles, unroll: .disable) { kt in
                let current = weights.rebuilt(carried.map(\.value))
                let next = load(tile: (kt + 1).min(tiles - 1))
                let nextWeights = Loads(xs: [], words: next.words, scales: next.scales, zeros: next.zeros)
                for (variable, value) in zip(carried, nextWeights.flat) { variable.set(value) }
                let parity = kt & 1
                compute(current, buffer: parity * bufferHalves)
                stage(next.xs, buffer: (parity ^ i32(1)) * bufferHalves)
                b.barrier()
            }
        } else {
            func step(_ current: Loads) {
                b.barrier()  // every warp is done reading the previous tile
                stage(current.xs, buffer: i32(0))
                b.barrier()
                compute(current, buffer: i32(0))
            }
            if c.prefetch {
                let first = load(tile: i32(0))
                let carried = first.flat.map { b.variable($0) }
                b.loop(i32(0), tiles, unroll: .disable) { kt in
                    let current = first.rebuilt(carried.map(\.value))
                    let next = load(tile: (kt + 1).min(tiles - 1))
                    for (variable, value) in zip(carried, next.flat) { variable.set(value) }
                    step(current)
                }
            } else {
                b.loop(i32(0), tiles, unroll: .disable) { kt in step(load(tile: kt)) }
            }
        }

        let warpRow = rowBase + wm * c.warpRows
        // Accumulator (c0, c1) is row g, columns 2t and 2t + 1 of the n-tile; (c2, c3) row g + 8.
        for i in 0..<mTiles {
            for j in 0..<nTiles {
                let value = acc[i][j].value
                let columnOffset: Int = 8 * j
                let column = warpColumn + t * 2 + columnOffset
                for h in 0..<2 {
                    let rowOffset: Int = 16 * i + 8 * h
                    let row = warpRow + g + rowOffset
                    b.if(row.compare(.lt, m32)) {
                        let pair = b.vector([value.extract(2 * h), value.extract(2 * h + 1)]).convert(activation)
                        p.out.store(pair, at: row * n32 + column, alignment: 4)
                    }
                }
            }
        }
    }
}
