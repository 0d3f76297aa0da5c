import KernelIR

/// The per-warp `cp.async` ring of ``GPTQGPUGEMV`` (``GPUGEMVConfig/stages`` ≥ 2).
///
/// Each warp owns `stages` slots; a slot holds one loop body: per K block `u` and column word
/// `j` the 16-byte `qweight` word of every lane, and (with
/// ``GPUGEMVConfig/stagedActivations``) per row half `h` the lane's `V` activations. Lane `l`
/// writes its own 16-byte pieces at `l · 16` inside each 512-byte row of the slot and later
/// reads back exactly those bytes, so `cp.async.wait_group` (which makes a thread's own copies
/// visible to it) is all the synchronisation needed: no barrier, no cross-lane hazard. A quarter
/// warp touches 128 contiguous bytes, so neither the copies nor the reads conflict on banks.
struct GPUGEMVRing {
    let words: Value
    let xs: Value?
    let c: GPUGEMVConfig
    let halves: Int
    /// Activation values per lane per K block (one packed row's worth).
    let v: Int
    let warp: Value, lane: Value

    /// i32 elements of the weight ring: warps × stages × unrollK × columnWords × 32 lanes × 4.
    static func wordCount(_ c: GPUGEMVConfig) -> Int { c.stages >= 2 ? c.warps * c.stages * c.unrollK * c.columnWords * 128 : 0 }
    /// f16 elements of the activation ring: warps × stages × unrollK × row halves × 32 lanes × V.
    static func activationCount(_ c: GPUGEMVConfig, valuesPerWord v: Int) -> Int {
        c.stagedActivations ? c.warps * c.stages * c.unrollK * (c.maxRows / 8) * 32 * v : 0
    }

    init(_ e: GPUGEMVEmitter, warp: Value, lane: Value) {
        c = e.c
        halves = e.halves
        v = e.valuesPerWord
        self.warp = warp
        self.lane = lane
        words = e.b.sharedMemory(.i32, count: Self.wordCount(c))
        xs = c.stagedActivations ? e.b.sharedMemory(.f16, count: Self.activationCount(c, valuesPerWord: v)) : nil
    }

    /// Where lane's word `(u, j)` of slot `slot` starts (i32 index).
    func wordIndex(slot: Value, u: Int, j: Int) -> Value {
        (((warp * c.stages + slot) * c.unrollK + u) * c.columnWords + j) * 128 + lane * 4
    }

    /// Where lane's activations `(u, h)` of slot `slot` start (f16 index).
    func activationIndex(slot: Value, u: Int, h: Int) -> Value {
        (((warp * c.stages + slot) * c.unrollK + u) * halves + h) * (32 * v) + lane * v
    }

    /// Issues the copies of one body into `slot` and commits them as one group: weights from
    /// `qweight` at `weightIndex[u][j]` (16 bytes, L2 only, optionally with the 256-byte hint);
    /// activations from `x` at `activationIndex[u][h]`, zero-filled where `live[u][h]` is false.
    func copy(_ e: GPUGEMVEmitter, slot: Value, weightIndex: [[Value]], activationIndex xIndex: [[Value]], live: [[Value]]) {
        let b = e.b
        let hint = c.l2Prefetch ? ".L2::256B" : ""
        for u in 0..<c.unrollK {
            for j in 0..<c.columnWords {
                b.inlineAsm("cp.async.cg.shared.global\(hint) [$0], [$1], 16;", constraints: "l,l",
                            [words.offset(wordIndex(slot: slot, u: u, j: j)), e.p.qweight.offset(weightIndex[u][j])])
            }
        }
        if let xs, !e.cuts.contains(.activationLoads) {
            let bytes = 2 * v, chunk = min(16, bytes)
            for u in 0..<c.unrollK {
                for h in 0..<halves {
                    let size = e.cuts.contains(.activationBytes) ? b.constant(0, .i32) : live[u][h].select(b.constant(chunk, .i32), b.constant(0, .i32))
                    for piece in 0..<(bytes / chunk) {
                        let offset = piece * chunk / 2
                        b.inlineAsm("cp.async.ca.shared.global [$0], [$1], \(chunk), $2;", constraints: "l,l,r",
                                    [xs.offset(activationIndex(slot: slot, u: u, h: h) + offset), e.p.x.offset(xIndex[u][h] + offset), size])
                    }
                }
            }
        }
        b.inlineAsm("cp.async.commit_group;", constraints: "", [])
    }

    /// Waits until at most `pending` of this thread's copy groups are in flight.
    func wait(_ e: GPUGEMVEmitter, pending: Int) {
        e.b.inlineAsm("cp.async.wait_group \(pending);", constraints: "", [])
    }

    /// The weight words `[u][j]` of `slot`.
    func weights(slot: Value) -> [[Value]] {
        (0..<c.unrollK).map { u in
            (0..<c.columnWords).map { j in words.load(wordIndex(slot: slot, u: u, j: j), lanes: 4, alignment: 16) }
        }
    }

    /// The activations `[u][h]` of `slot` (staged activations only).
    func activations(slot: Value) -> [[Value]] {
        (0..<c.unrollK).map { u in
            (0..<halves).map { h in xs!.load(activationIndex(slot: slot, u: u, h: h), lanes: v, alignment: min(16, 2 * v)) }
        }
    }
}

/// The block's staged activations of ``GPTQGPUGEMV`` (``GPUGEMVConfig/activationStages`` ≥ 2).
///
/// One chunk holds, for every activation row `r < maxRows`, the `V` values of each packed row
/// the block's K warps consume in one loop iteration (`kWarps · unrollK · 4` packed rows, K warp
/// `kg` taking the `kg`-th run of `unrollK · 4`). The whole block copies a chunk with `cp.async`
/// (consecutive threads take consecutive packed rows of one activation row: coalesced), zero-filling
/// rows at or past M and packed rows past the block's end of K; the column warps then read it
/// with one `ld.shared` per K block and row half instead of a global load each. A row's stride is
/// padded so that the 8 lanes of one 128-bit access (two rows, a quad each) hit distinct banks.
struct GPUGEMVActivationTile {
    let memory: Value
    let c: GPUGEMVConfig
    let v: Int
    let rows: Int
    /// Packed rows per chunk.
    let chunkRows: Int
    /// f16 elements between two activation rows of a chunk.
    let stride: Int

    /// Packed rows per chunk for a config.
    static func chunkRows(_ c: GPUGEMVConfig) -> Int { c.kWarps * c.unrollK * 4 }

    /// f16 elements of a row, padded so that consecutive rows start 64 (4-bit), 32 (8-bit) or
    /// 16 (2-bit) bytes apart modulo 128.
    static func stride(_ c: GPUGEMVConfig, valuesPerWord v: Int) -> Int {
        let bytes = chunkRows(c) * 2 * v
        let target = v == 16 ? 16 : (8 * v) % 128
        return (bytes + (target - bytes % 128 + 128) % 128) / 2
    }

    /// f16 elements of all stages.
    static func count(_ c: GPUGEMVConfig, valuesPerWord v: Int) -> Int {
        c.activationStages >= 2 ? c.activationStages * c.maxRows * stride(c, valuesPerWord: v) : 0
    }

    init(_ e: GPUGEMVEmitter) {
        c = e.c
        v = e.valuesPerWord
        rows = c.maxRows
        chunkRows = Self.chunkRows(c)
        stride = Self.stride(c, valuesPerWord: v)
        memory = e.b.sharedMemory(.f16, count: Self.count(c, valuesPerWord: v))
    }

    /// Copies the chunk that starts at packed row `start` into `slot` and commits it as one
    /// group; packed rows at or past `limit` and activation rows at or past M are zero-filled.
    func copy(_ e: GPUGEMVEmitter, start: Value, limit: Value, slot: Value, thread: Value) {
        let b = e.b
        let bytes = min(16, 2 * v), pieces = 2 * v / bytes
        let units = rows * chunkRows * pieces, threads = c.threads
        let m32 = e.p.m.convert(.i32), k32 = e.p.k.convert(.i32)
        let packedRows = k32 / v
        for j in 0..<((units + threads - 1) / threads) {
            let unit = thread + j * threads
            func body() {
                let piece = pieces == 1 ? b.constant(0, .i32) : unit % pieces
                let local = (unit / pieces) % chunkRows
                let row = unit / (pieces * chunkRows)
                let packed = start + local
                let live = row.compare(.lt, m32) & packed.compare(.lt, limit)
                // A timing bound without activation bytes copies nothing (zero-fills).
                let size = e.cuts.contains(.activationBytes) ? b.constant(0, .i32) : live.select(b.constant(bytes, .i32), b.constant(0, .i32))
                let source = row.min(m32 - 1) * k32 + packed.min(packedRows - 1) * v + piece * (bytes / 2)
                let target = (slot * rows + row) * stride + local * v + piece * (bytes / 2)
                b.inlineAsm("cp.async.ca.shared.global [$0], [$1], \(bytes), $2;", constraints: "l,l,r",
                            [memory.offset(target), e.p.x.offset(source), size])
            }
            if (j + 1) * threads > units { b.if(unit.compare(.lt, units), body) } else { body() }
        }
        b.inlineAsm("cp.async.commit_group;", constraints: "", [])
    }

    /// Waits until at most `pending` of this thread's copy groups are in flight.
    func wait(_ e: GPUGEMVEmitter, pending: Int) {
        e.b.inlineAsm("cp.async.wait_group \(pending);", constraints: "", [])
    }

    /// The activations `[u][h]` of K warp `kg` in `slot`: lane `(g, t)` reads row `g + 8h`,
    /// packed row `(kg·unrollK + u)·4 + t` of the chunk.
    /// One address per body, the loads at constant offsets from it (`ld.shared [r + imm]`).
    func activations(slot: Value, kWarp kg: Value, g: Value, t: Value) -> [[Value]] {
        let lane = memory.offset((slot * rows + g) * stride + (kg * (c.unrollK * 4) + t) * v)
        let b = slot.builder
        return (0..<c.unrollK).map { u in
            (0..<(rows / 8)).map { h in
                lane.load(b.constant(8 * h * stride + u * 4 * v, .i32), lanes: v, alignment: min(16, 2 * v))
            }
        }
    }
}
