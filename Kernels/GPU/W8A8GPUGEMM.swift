import KernelIR

/// W8A8 GEMM on NVIDIA tensor cores: `y[M, N] = Σ_k xq[m, k] · w[n, k]`, scaled, for int8
/// (`mma.sync.m16n8k32.s32.s8.s8.s32`, sm_80+) or FP8 e4m3 (`mma.sync.m16n8k32.f32.e4m3.e4m3.f32`,
/// sm_89+, PTX 8.4) activations `xq[M, K]` and weights `w[N, K]`, both K-contiguous, with f16 or
/// bf16 outputs. Scales: see ``W8A8GPUSpec/Scaling``; int8 may add a per-token zero point.
///
/// Each block computes a `blockM × blockN` output tile over K tiles of 64 bytes. Per K tile the
/// block copies its activation and weight rows into dynamic shared memory (launch with
/// `sharedMemoryBytes: config.sharedBytes`) with `cp.async` (16 bytes a
/// copy, zero-filled past M, N and K), `stages` tiles ahead. A lane `(g, t)` (`g = lane / 4`,
/// `t = lane % 4`) reads bytes `16t … 16t + 15` of a row with one 128-bit shared load (the four
/// lanes of a row read 64 contiguous bytes, so a quarter-warp reads 128 contiguous bytes: no
/// bank conflicts) and feeds words `2s, 2s + 1` to k-step `s`: the K order inside an `mma` is free
/// when both operands agree, so no `ldmatrix` shuffle is needed.
///
/// Parameters: `x` (i8 or f8e4m3), `w` (same), `sx: f32`, `sw: f32`, `zx: i32 [M]`,
/// `colsum: i32 [N]` (both read only for the asymmetric int8 spec), `y` (f16 or bf16),
/// `workspace: f32` and `counters: i32` (split-K scratch: ``W8A8GPUConfig/workspaceFloats(m:n:)``
/// and ``W8A8GPUConfig/counterCount(m:n:)``, counters zeroed once), then `m`, `n`, `k` as i64.
/// Any M, N, K ≥ 1 runs (ragged edges by predication); ``W8A8GPUConfig/alignedK`` variants need
/// K % 16 == 0 (``unsupportedShape(m:n:k:config:)``).
public struct W8A8GPUGEMM: KernelGenerator {
    public var spec: W8A8GPUSpec
    public init(spec: W8A8GPUSpec) { self.spec = spec }

    public var family: KernelFamily { .gemm }

    /// Large M: int8 128 × 128 tiles with 4 warps of 64 × 64, FP8 (whose `mma` takes more
    /// registers in ptxas for sm_90) 8 warps of 64 × 32, block-128 (two sets of accumulators)
    /// 128 × 64 tiles with 8 warps of 32 × 32: the largest warp tiles that do not spill. Deeper
    /// rings and 128 × 256 / 256 × 128 tiles in dynamic shared memory did not help on the H200
    /// (int8 M = 1024, 8192²: 254–275 µs, 314 with 64 × 32 warp tiles; run 1 in Tools/gpu/results/2026-11-30-w8a8-2):
    /// `mma.sync` issue, not memory, bounds these kernels there; Hopper takes ``W8A8WGMMAGEMM``.
    public var defaultConfig: W8A8GPUConfig {
        switch (spec.operand, spec.scaling) {
        case (.int8, _): W8A8GPUConfig()
        case (_, .block128): W8A8GPUConfig(blockN: 64, warpsM: 4, warpsN: 2, stages: 4)
        default: W8A8GPUConfig(warpsN: 4)
        }
    }

    public var candidateConfigs: [W8A8GPUConfig] {
        switch (spec.operand, spec.scaling) {
        case (.int8, _):
            // Above 48 KiB through dynamic shared memory: deeper rings and 128 × 256 / 256 × 128 tiles.
            [W8A8GPUConfig(), W8A8GPUConfig(stages: 4), W8A8GPUConfig(stages: 6), W8A8GPUConfig(warpsN: 4, stages: 4),
             W8A8GPUConfig(blockN: 256, warpsN: 4, stages: 3), W8A8GPUConfig(blockN: 256, warpsN: 4, stages: 4),
             W8A8GPUConfig(blockM: 256, warpsM: 4, stages: 4), W8A8GPUConfig(blockM: 256, warpsM: 4, stages: 5),
             W8A8GPUConfig(blockM: 64, blockN: 128, warpsM: 1, warpsN: 4, stages: 4)]
        case (_, .block128):
            [W8A8GPUConfig(blockN: 64, warpsM: 4, warpsN: 2, stages: 4), W8A8GPUConfig(blockM: 64, warpsM: 2, warpsN: 4, stages: 4),
             W8A8GPUConfig(warpsN: 4)]
        default:
            [W8A8GPUConfig(warpsN: 4), W8A8GPUConfig(blockN: 64, stages: 4), W8A8GPUConfig(blockM: 64, warpsM: 1, warpsN: 4, stages: 4),
             W8A8GPUConfig(warpsM: 4, warpsN: 2), W8A8GPUConfig(blockM: 256, blockN: 64, warpsM: 4, warpsN: 2, stages: 2)]
        }
    }

    /// Small-M (decode) configs: 16 rows (one `mma` m-tile), split-K over `splits` blocks. Five
    /// stages (45 KiB) were 1–3 % faster than four on the H200 at M = 1 and 16 (run 3 in
    /// Tools/gpu/results/2026-11-30-w8a8).
    public static func smallMConfig(blockN: Int = 128, warpsN: Int = 4, stages: Int = 5, splits: Int, alignedK: Bool = true) -> W8A8GPUConfig {
        W8A8GPUConfig(blockM: 16, blockN: blockN, warpsM: 1, warpsN: warpsN, stages: stages, splits: splits, alignedK: alignedK)
    }

    /// A config for an `m × n × k` problem on `multiprocessors` SMs: split-K 16-row tiles for
    /// M ≤ 16 (about two blocks per SM: on the H200 more, smaller blocks streamed slower, run 2 in
    /// Tools/gpu/results/2026-11-30-w8a8), 64-row tiles up to M = 64, the default above.
    public func config(m: Int, n: Int, k: Int, multiprocessors: Int = 132) -> W8A8GPUConfig {
        let aligned = k % 16 == 0
        let tiles = (k + W8A8GPUConfig.blockK - 1) / W8A8GPUConfig.blockK
        if m <= 16 {
            let columnTiles = (n + 127) / 128
            let splits = max(1, min(tiles / 4, (2 * multiprocessors + columnTiles / 2) / columnTiles, 16))
            return Self.smallMConfig(splits: splits, alignedK: aligned)
        }
        var c = defaultConfig
        if m <= 64 { c = W8A8GPUConfig(blockM: 64, warpsM: spec.scaling == .block128 ? 2 : 1, warpsN: 4, stages: 4) }
        c.alignedK = aligned
        return c
    }

    /// `w8a8_gemm_mma_e4m3_block128_sym_bf16_gpu_m128n128w2x2s3`.
    public func variantName(_ c: W8A8GPUConfig) -> String { "w8a8_gemm_mma_\(spec)_gpu_\(c)" }

    public func validate(_ c: W8A8GPUConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "w8a8_gemm_mma", message: m) }
        if spec.output != .f16 && spec.output != .bf16 { throw fail("output dtype \(spec.output.name) is not one of f16, bf16") }
        if spec.activationZeroPoint && spec.operand != .int8 { throw fail("activation zero points need int8 operands") }
        if spec.scaling == .block128 && spec.operand != .fp8e4m3 { throw fail("block-128 scales are for FP8 e4m3 only") }
        if spec.scaling == .block128 && (c.blockN > 128 || 128 % c.blockN != 0) {
            throw fail("\(c): block-128 scales need blockN dividing 128 (one weight scale per block and K block)")
        }
        if c.warpsM < 1 || c.warpsN < 1 || c.threads > 1024 { throw fail("\(c): 1…32 warps") }
        if c.blockM % (16 * c.warpsM) != 0 { throw fail("\(c): blockM must be a multiple of 16·warpsM") }
        if c.blockN % (8 * c.warpsN) != 0 { throw fail("\(c): blockN must be a multiple of 8·warpsN") }
        if !(2...8).contains(c.stages) { throw fail("\(c): stages must be 2…8") }
        if c.splits < 1 || c.splits > 64 { throw fail("\(c): splits must be 1…64") }
        if c.rasterRows < 1 { throw fail("\(c): rasterRows must be positive") }
        if c.sharedBytes > 227 * 1024 { throw fail("\(c): \(c.sharedBytes) bytes of shared memory exceed 227 KiB") }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: W8A8GPUConfig) -> String? {
        if m < 1 || n < 1 || k < 1 { return "\(m)×\(n)×\(k): every dimension must be positive" }
        if c.alignedK && k % 16 != 0 { return "K = \(k) is not a multiple of 16: use the alignedK = false variant" }
        let limit = Int(Int32.max)
        if m * k > limit || n * k > limit || m * n > limit || c.workspaceFloats(m: m, n: n) > limit {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        return nil
    }

    public func emit(_ c: W8A8GPUConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .gpu)
        // `.maxntid` only: asking for two 8-warp blocks per SM (a 128-register cap) made the
        // 64 × 64 int8 and 64 × 32 FP8 warp tiles spill (ptxas 13.0, sm_90: 226 and 186 registers).
        b.launchBounds(maxThreads: c.threads)
        W8A8GPUEmitter(spec: spec, c: c, b: b).emit()
        return b.finish()
    }
}

/// Emits the body of one ``W8A8GPUGEMM`` variant; the epilogue is in `W8A8GPUEpilogue.swift`.
struct W8A8GPUEmitter {
    let spec: W8A8GPUSpec
    let c: W8A8GPUConfig
    let b: KernelBuilder
    let x, w, sx, sw, zx, colsum, y, workspace, counters, m, n, k: Value

    init(spec: W8A8GPUSpec, c: W8A8GPUConfig, b: KernelBuilder) {
        self.spec = spec
        self.c = c
        self.b = b
        let p = W8A8GPUParameters(b, spec: spec)
        (x, w, sx, sw, zx, colsum, y, workspace, counters, m, n, k) = (p.x, p.w, p.sx, p.sw, p.zx, p.colsum, p.y, p.workspace, p.counters, p.m, p.n, p.k)
    }

    var mTiles: Int { c.warpRows / 16 }
    var nTiles: Int { c.warpColumns / 8 }
    var integer: Bool { spec.operand == .int8 }
    var accumulatorType: KType { .vector(integer ? .i32 : .f32, 4) }
    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    /// The thread's coordinates, shared by the main loop and the epilogue.
    struct Coordinates {
        let tid, lane, g, t, wm, wn: Value
        let m32, n32, k32: Value
        let rowBase, colBase: Value
    }

    /// `d = a·b + c` on one m16n8k32 tile.
    func mma(a: [Value], b fragment: [Value], c accumulator: Value) -> Value {
        w8a8MMA(b, integer: integer, a: a, b: fragment, c: accumulator)
    }

    func emit() {
        let tid = b.threadIndex()
        let lane = tid & 31, warp = tid >> 5
        let m32 = m.convert(.i32), n32 = n.convert(.i32)
        let tile = rasterTile(b, m32: m32, n32: n32, blockM: c.blockM, blockN: c.blockN, rasterRows: c.rasterRows)
        let at = Coordinates(tid: tid, lane: lane, g: lane >> 2, t: lane & 3, wm: warp / c.warpsN, wn: warp % c.warpsN,
                             m32: m32, n32: n32, k32: k.convert(.i32), rowBase: tile.rowBase, colBase: tile.colBase)
        let tiles = (at.k32 + (W8A8GPUConfig.blockK - 1)) / W8A8GPUConfig.blockK
        // This split's K tiles; block-128 scaling keeps 128-value K blocks (tile pairs) whole.
        var perSplit = (tiles + (c.splits - 1)) / c.splits
        if spec.scaling == .block128 { perSplit = (perSplit + 1) & ~1 }
        let start = b.blockIndex(.z) * perSplit
        let end = (start + perSplit).min(tiles)
        let shared = b.dynamicSharedMemory(.i32)
        let stageWords = (c.blockM + c.blockN) * 16

        let zero = b.constant(0, accumulatorType)
        let acc = (0..<mTiles).map { _ in (0..<nTiles).map { _ in b.variable(zero) } }
        let zeroF = b.constant(0.0, .vector(.f32, 4))
        let totals = spec.scaling == .block128 ? (0..<mTiles).map { _ in (0..<nTiles).map { _ in b.variable(zeroF) } } : []

        let depth = c.stages
        for s in 0..<(depth - 1) {
            copy(tile: start + s, end: end, stage: i32(s * stageWords), shared: shared, at: at)
        }
        // Block-128 scaling runs two tiles (one K block) per iteration and folds after them; a
        // K block with one tile left computes a zero-filled second tile.
        let perIteration = spec.scaling == .block128 ? 2 : 1
        let stop = perIteration == 1 ? end : start + ((end - start + 1) & ~1)
        b.loop(start, stop, step: i32(perIteration), unroll: .disable) { first in
            let blockScales = spec.scaling == .block128 ? foldScales(kBlock: first >> 1, at: at) : nil
            for u in 0..<perIteration {
                let kt = first + u
                let local = kt - start
                b.inlineAsm("cp.async.wait_group \(depth - 2);", constraints: "", [])
                b.barrier()
                copy(tile: kt + (depth - 1), end: end, stage: ((local + (depth - 1)) % depth) * stageWords, shared: shared, at: at)
                compute(stage: (local % depth) * stageWords, shared: shared, acc: acc, at: at)
            }
            if let blockScales { fold(blockScales, acc: acc, totals: totals) }
        }
        b.inlineAsm("cp.async.wait_group 0;", constraints: "", [])
        let results = spec.scaling == .block128 ? totals : acc
        W8A8GPUEpilogue(emitter: self, at: at).emit(results.map { $0.map(\.value) })
    }

    /// Copies K tile `tile` (zero-filled when `tile ≥ end`) into the stage at word `stage`,
    /// then commits the copies as one `cp.async` group.
    func copy(tile: Value, end: Value, stage: Value, shared: Value, at: Coordinates) {
        let inRange = tile.compare(.lt, end)
        let operands: [(operand: Value, rows: Int, limit: Value, base: Value, sharedBase: Int)] = [
            (x, c.blockM, at.m32, at.rowBase, 0), (w, c.blockN, at.n32, at.colBase, c.blockM * 16)]
        for (operand, rows, limit, base, sharedBase) in operands {
            let chunks = rows * 4
            for i in 0..<((chunks + c.threads - 1) / c.threads) {
                let chunk = at.tid + c.threads * i
                func body() {
                    let row = chunk >> 2, part = chunk & 3
                    let globalRow = base + row
                    let kByte: Value = tile * W8A8GPUConfig.blockK + part * 16
                    let valid: Value = inRange & globalRow.compare(.lt, limit)
                    let remaining: Value = (at.k32 - kByte).max(i32(0)).min(i32(16))
                    let bytes: Value = valid.select(remaining, i32(0))
                    let local: Value = row * 16 + part * 4
                    let destination: Value = stage + (local + sharedBase)
                    if c.alignedK {
                        let source = bytes.compare(.gt, 0).select(globalRow * at.k32 + kByte, i32(0))
                        b.inlineAsm("cp.async.cg.shared.global\(c.l2Prefetch ? ".L2::256B" : "") [$0], [$1], 16, $2;", constraints: "l,l,r",
                                    [shared.offset(destination), operand.offset(source), bytes])
                    } else {
                        shared.store(bytesOneByOne(operand, row: globalRow, kByte: kByte, count: bytes, at: at), at: destination, alignment: 16)
                    }
                }
                if (i + 1) * c.threads > chunks {
                    b.if(chunk.compare(.lt, chunks), body)
                } else {
                    body()
                }
            }
        }
        b.inlineAsm("cp.async.commit_group;", constraints: "", [])
    }

    /// Sixteen bytes of row `row` from `kByte`, the first `count` loaded one by one and the rest
    /// zero, as four little-endian words.
    func bytesOneByOne(_ operand: Value, row: Value, kByte: Value, count: Value, at: Coordinates) -> Value {
        let words = (0..<4).map { word -> Value in
            var packed = i32(0)
            for byte in 0..<4 {
                let j = word * 4 + byte
                let present = count.compare(.gt, j)
                let index = present.select(row * at.k32 + kByte + j, i32(0))
                var value = operand.load(index)
                if spec.operand == .fp8e4m3 { value = value.bitcast(to: .i8) }
                packed = packed | (present.select(value.convert(.i32, unsigned: true), i32(0)) << (8 * byte))
            }
            return packed
        }
        return b.vector(words)
    }

    /// One K tile from the stage at word `stage`: two k-steps of `mTiles × nTiles` `mma`s.
    func compute(stage: Value, shared: Value, acc: [[Variable]], at: Coordinates) {
        let a: [[Value]] = (0..<mTiles).map { i in
            let row = at.wm * c.warpRows + at.g + 16 * i
            return [row, row + 8].map { r in shared.load(stage + r * 16 + at.t * 4, lanes: 4, alignment: 16) }
        }
        let bs: [Value] = (0..<nTiles).map { j in
            let row = at.wn * c.warpColumns + at.g + 8 * j
            return shared.load(stage + (c.blockM * 16) + row * 16 + at.t * 4, lanes: 4, alignment: 16)
        }
        for s in 0..<2 {
            for i in 0..<mTiles {
                let fragment = [a[i][0].extract(2 * s), a[i][1].extract(2 * s), a[i][0].extract(2 * s + 1), a[i][1].extract(2 * s + 1)]
                for j in 0..<nTiles {
                    acc[i][j].set(mma(a: fragment, b: [bs[j].extract(2 * s), bs[j].extract(2 * s + 1)], c: acc[i][j].value))
                }
            }
        }
    }

    /// Block-128 scaling: per m-tile, the factors `sx[row, kBlock] · sw[col / 128, kBlock]` of
    /// rows `g, g, g + 8, g + 8` (the accumulator lanes), loaded before the K block computes.
    func foldScales(kBlock: Value, at: Coordinates) -> [Value] {
        let kGroups = (at.k32 + 127) >> 7
        let weightScale = sw.load((at.colBase >> 7) * kGroups + kBlock)
        return (0..<mTiles).map { i in
            let factors = (0..<2).map { h -> Value in
                let row = (at.rowBase + at.wm * c.warpRows + at.g + (16 * i + 8 * h)).min(at.m32 - 1)
                return sx.load(row * kGroups + kBlock) * weightScale
            }
            return b.vector([factors[0], factors[0], factors[1], factors[1]])
        }
    }

    /// Block-128 scaling: `totals += acc · factors`, then `acc = 0`.
    func fold(_ factors: [Value], acc: [[Variable]], totals: [[Variable]]) {
        for i in 0..<mTiles {
            for j in 0..<nTiles {
                totals[i][j].set(acc[i][j].value.fma(factors[i], totals[i][j].value))
                acc[i][j].set(b.constant(0.0, .vector(.f32, 4)))
            }
        }
    }
}
