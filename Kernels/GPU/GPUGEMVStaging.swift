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
        if let xs {
            let bytes = 2 * v, chunk = min(16, bytes)
            for u in 0..<c.unrollK {
                for h in 0..<halves {
                    let size = live[u][h].select(b.constant(chunk, .i32), b.constant(0, .i32))
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
