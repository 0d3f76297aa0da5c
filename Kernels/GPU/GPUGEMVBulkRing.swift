import KernelIR

/// The per-warp bulk-copy weight ring of ``GPTQGPUGEMV`` (``GPUGEMVConfig/bulkStages`` ≥ 2,
/// sm_90, words in strips).
///
/// With ``GPUGEMVConfig/tiledWords`` a warp's loop body — `unrollK` K blocks of 4 packed rows of
/// its 32-column strip — is `4·unrollK` consecutive 128-byte rows in global memory. Lane `l <
/// 4·unrollK` copies row `l` with one `cp.async.bulk` into the warp's slot; every copy completes
/// its bytes on the slot's `mbarrier`, which lane 0 arms with the body's byte count
/// (`mbarrier.arrive.expect_tx`). Iteration `i` of the warp's loop waits on slot `i mod S` for
/// phase parity `⌊i / S⌋ mod 2`, reads its words, then refills the slot iteration `i − 1` read
/// with the body `S − 1` iterations ahead. Rows sit 160 bytes apart in a slot (128 + 32 of
/// padding), so the 8 lanes of a quarter warp — packed rows `t = 0…3`, column words `g` and
/// `g + 1` — read 8 distinct 16-byte bank groups. Rows past K copy the last row (their
/// activations are zero), so every iteration has a full body and the phases stay in step;
/// ``drain(iterations:)`` waits for the copies issued past the warp's last iteration before the
/// block's shared memory is reused.
struct GPUGEMVBulkRing {
    let words: Value
    let barriers: Value
    let c: GPUGEMVConfig
    let warp: Value, lane: Value
    /// i32 index of the warp's strip's packed row 0 in `qweight`.
    let stripBase: Value
    let packedRows: Value

    /// Bytes between two packed rows of a slot: 128 of words and 32 of padding.
    static let rowBytes = 160
    /// Shared memory of the ring and its barriers.
    static func bytes(_ c: GPUGEMVConfig) -> Int {
        c.bulkStages >= 2 ? c.warps * c.bulkStages * (c.unrollK * 4 * rowBytes + 8) : 0
    }

    /// Bytes one body copies (the barrier's transaction count per phase).
    var bodyBytes: Int { c.unrollK * 4 * 128 }

    init(_ e: GPUGEMVEmitter, warp: Value, lane: Value, stripBase: Value, packedRows: Value) {
        c = e.c
        self.warp = warp
        self.lane = lane
        self.stripBase = stripBase
        self.packedRows = packedRows
        words = e.b.sharedMemory(.i32, count: c.warps * c.bulkStages * c.unrollK * 4 * Self.rowBytes / 4)
        barriers = e.b.sharedMemory(.i64, count: c.warps * c.bulkStages)
    }

    func barrier(slot: Value) -> Value { barriers.offset(warp * c.bulkStages + slot) }

    /// i32 index of slot `slot`'s first row.
    func slotBase(_ slot: Value) -> Value { (warp * c.bulkStages + slot) * (c.unrollK * 4 * Self.rowBytes / 4) }

    /// Lane 0 initialises the warp's barriers (one arrival per phase: its own); then the first
    /// `S − 1` bodies are copied into slots `0…S − 2`.
    func start(_ e: GPUGEMVEmitter, body: (Int) -> Value) {
        let b = e.b
        b.if(lane.compare(.eq, 0)) {
            for s in 0..<c.bulkStages {
                b.inlineAsm("mbarrier.init.shared::cta.b64 [$0], 1;", constraints: "l,~{memory}", [barrier(slot: e.i32(s))])
            }
            b.inlineAsm("fence.mbarrier_init.release.cluster;\n\tfence.proxy.async.shared::cta;", constraints: "~{memory}", [])
        }
        b.inlineAsm("bar.warp.sync -1;", constraints: "~{memory}", [])
        for s in 0..<(c.bulkStages - 1) { copy(e, body: body(s), slot: e.i32(s)) }
    }

    /// Copies the warp's loop body `body` into `slot`.
    func copy(_ e: GPUGEMVEmitter, body: Value, slot: Value) {
        let b = e.b
        let bar = barrier(slot: slot)
        b.if(lane.compare(.eq, 0)) {
            b.inlineAsm("{\n\t.reg .b64 state;\n\tmbarrier.arrive.expect_tx.shared::cta.b64 state, [$0], \(bodyBytes);\n\t}",
                        constraints: "l,~{memory}", [bar])
        }
        let rows = c.unrollK * 4
        let copyRow = {
            let row = (body * rows + self.lane).min(self.packedRows - 1)
            b.inlineAsm("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], 128, [$2];",
                        constraints: "l,l,l,~{memory}",
                        [self.words.offset(self.slotBase(slot) + self.lane * (Self.rowBytes / 4)), e.p.qweight.offset(self.stripBase + row * 32), bar])
        }
        if rows == 32 { copyRow() } else { b.if(lane.compare(.lt, rows)) { copyRow() } }
    }

    /// Waits until iteration `iteration`'s body is in its slot.
    func wait(_ e: GPUGEMVEmitter, iteration: Value) {
        let slot = iteration % c.bulkStages, parity = (iteration / c.bulkStages) & 1
        e.b.inlineAsm("""
            {
            \t.reg .pred done;
            \tWAIT_${:uid}:
            \tmbarrier.try_wait.parity.shared::cta.b64 done, [$0], $1;
            \t@!done bra WAIT_${:uid};
            \t}
            """, constraints: "l,r,~{memory}", [barrier(slot: slot), parity])
    }

    /// Iteration `iteration`'s words `[u][0]` (waits for them first), then the refill of the
    /// slot iteration `iteration − 1` read with `nextBody` (the body of iteration `iteration + S − 1`).
    func words(_ e: GPUGEMVEmitter, iteration: Value, refillWith nextBody: Value) -> [[Value]] {
        wait(e, iteration: iteration)
        let slot = iteration % c.bulkStages
        let g = lane >> 2, t = lane & 3
        let base: Value = slotBase(slot) + t * (Self.rowBytes / 4) + g * 4
        let words: [[Value]] = (0..<c.unrollK).map { u in
            let index: Value = base + u * Self.rowBytes
            return [self.words.load(index, lanes: 4, alignment: 16)]
        }
        // Every lane has read the previous slot (its words fed the last iteration's `mma`s).
        e.b.inlineAsm("bar.warp.sync -1;", constraints: "~{memory}", [])
        copy(e, body: nextBody, slot: (iteration + (c.bulkStages - 1)) % c.bulkStages)
        return words
    }

    /// Waits for the `S − 1` bodies copied past the warp's last iteration `iterations − 1`.
    func drain(_ e: GPUGEMVEmitter, iterations: Value) {
        for s in 0..<(c.bulkStages - 1) { wait(e, iteration: iterations + s) }
    }
}
