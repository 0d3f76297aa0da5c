import KernelIR

/// The end of a ``W8A8GPUGEMM`` block: split-K reduction (when `splits > 1`), then scales,
/// the int8 zero-point correction, conversion to f16/bf16 and guarded stores.
///
/// Accumulator lanes `(c0, c1)` of tile `(i, j)` are row `g`, columns `2t, 2t + 1` of the
/// `16 × 8` tile; `(c2, c3)` are row `g + 8`.
struct W8A8GPUEpilogue {
    let emitter: W8A8GPUEmitter
    let at: W8A8GPUEmitter.Coordinates

    var b: KernelBuilder { emitter.b }
    var c: W8A8GPUConfig { emitter.c }
    var spec: W8A8GPUSpec { emitter.spec }
    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    func emit(_ results: [[Value]]) {
        guard c.splits > 1 else { return store(results) }
        reduceSplits(results)
    }

    /// Split-K across blocks, deterministically: every block writes its raw partial sums
    /// (int32 bits for int8) to `workspace[split][tile]`, then counts itself in
    /// `counters[tile]` (a release fence, a barrier, one relaxed atomic); the block that counts
    /// last (acquire fence) adds the partials in split order, finishes the tile and resets the
    /// counter to zero for the next launch.
    func reduceSplits(_ results: [[Value]]) {
        let flag = b.sharedMemory(.i32, count: 1)
        let tile = b.blockIndex(.x)
        let tileCount = b.gridSize(.x)
        let vectors = results.count * (results.first?.count ?? 0)
        func slot(_ split: Value, _ v: Int) -> Value { (((split * tileCount + tile) * vectors + v) * c.threads + at.tid) * 4 }
        let flat = results.flatMap { $0 }
        for (v, value) in flat.enumerated() {
            let bits = emitter.integer ? value.bitcast(to: .vector(.f32, 4)) : value
            emitter.workspace.store(bits, at: slot(b.blockIndex(.z), v), alignment: 16)
        }
        b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
        b.barrier()
        b.if(at.tid.compare(.eq, 0)) { flag.store(emitter.counters.atomicAdd(i32(1), at: tile), at: i32(0)) }
        b.barrier()
        b.if(flag.load(i32(0)).compare(.eq, c.splits - 1)) {
            b.inlineAsm("fence.acq_rel.gpu;", constraints: "", [])
            // A loop, not unrolled: unrolled, every split's partials would be live at once.
            let zero = b.constant(0, flat.first?.type ?? .vector(.f32, 4))
            let totals = flat.map { _ in b.variable(zero) }
            b.loop(i32(0), i32(c.splits), unroll: .disable) { s in
                for (v, total) in totals.enumerated() {
                    let address = emitter.workspace.offset(slot(s, v))
                    var part = b.inlineAsm("ld.global.cg.v4.f32 {$0, $1, $2, $3}, [$4];", constraints: "=f,=f,=f,=f,l",
                                           result: .vector(.f32, 4), [address])
                    if emitter.integer { part = part.bitcast(to: .vector(.i32, 4)) }
                    total.set(total.value + part)
                }
            }
            let sums = totals.map(\.value)
            let columns = results.first?.count ?? 0
            store((0..<results.count).map { i in Array(sums[(i * columns)..<((i + 1) * columns)]) })
            b.if(at.tid.compare(.eq, 0)) { emitter.counters.store(i32(0), at: tile) }
        }
    }

    /// Scales and stores the finished tile; rows ≥ M and columns ≥ N are not written.
    func store(_ results: [[Value]]) {
        let perTensor = spec.scaling == .perTensor
        let tensorScale = perTensor ? emitter.sx.load(i32(0)) * emitter.sw.load(i32(0)) : nil
        let activationScale = spec.scaling == .tensorChannel ? emitter.sx.load(i32(0)) : nil
        let tensorZero = spec.activationZeroPoint && spec.activationPerTensor ? emitter.zx.load(i32(0)) : nil
        let warpRow = at.rowBase + at.wm * c.warpRows
        let warpColumn = at.colBase + at.wn * c.warpColumns
        for (i, row) in results.enumerated() {
            for h in 0..<2 {
                let r = warpRow + at.g + (16 * i + 8 * h)
                b.if(r.compare(.lt, at.m32)) {
                    let rowScale = spec.scaling == .channelToken ? emitter.sx.load(r) : activationScale
                    let zero = spec.activationZeroPoint ? tensorZero ?? emitter.zx.load(r) : nil
                    for (j, value) in row.enumerated() {
                        for e in 0..<2 {
                            let column = warpColumn + at.t * 2 + (8 * j + e)
                            b.if(column.compare(.lt, at.n32)) {
                                let scaled = finish(value.extract(2 * h + e), column: column, rowScale: rowScale, tensorScale: tensorScale, zero: zero)
                                emitter.y.store(scaled.convert(spec.output), at: r * at.n32 + column)
                            }
                        }
                    }
                }
            }
        }
    }

    /// One output as f32: `(acc − zx·colsum) · sx · sw` (int8), `acc · sx · sw` (FP8) — `sx[0]`
    /// for per-tensor activations — or the
    /// already scaled block-128 total.
    func finish(_ accumulator: Value, column: Value, rowScale: Value?, tensorScale: Value?, zero: Value?) -> Value {
        if spec.scaling == .block128 { return accumulator }
        var value = accumulator
        if let zero { value = value - zero * emitter.colsum.load(column) }
        if emitter.integer { value = value.convert(.f32) }
        if let tensorScale { return value * tensorScale }
        return value * rowScale! * emitter.sw.load(column)
    }
}
