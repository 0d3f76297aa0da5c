import KernelIR

/// The per-warp activation ring of ``GPTQGPUGEMV`` that the tensor memory accelerator fills
/// (``GPUGEMVConfig/bulkActivations`` ≥ 2, sm_90, PTX 8.0).
///
/// Each warp owns `bulkActivations` slots; a slot holds, for every activation row `r < maxRows`,
/// the `unrollK · 4` packed rows' worth of activations (`V` values each) of one loop body, in a
/// row padded as ``GPUGEMVActivationTile/paddedStride(bytes:valuesPerWord:)`` pads it. Lane `r`
/// of the warp copies row `r` (for `r < M`) with one `cp.async.bulk`, which completes on the slot's
/// `mbarrier`; lane 0 arrives on it expecting the bytes of all rows. The warp waits for the slot's
/// phase where it uses the body and reads its activations with `ld.shared`: no global activation
/// load in the warp's instruction stream, no register holding activations across a body.
///
/// A slot is refilled one body after its last reads; `bar.warp.sync` and
/// `fence.proxy.async.shared::cta` order those reads before the copy's writes. Packed rows past
/// K and rows at or past M are not copied: the emitter masks them to zero where it reads them.
struct GPUGEMVBulkRing {
    let memory: Value
    let barriers: Value
    let depth: Int
    let rows: Int
    let unrollK: Int
    /// Activation values per lane per K block (one packed row's worth).
    let v: Int
    /// f16 elements between two activation rows of a slot.
    let stride: Int
    let warp: Value, lane: Value

    /// f16 elements between two rows of a slot.
    static func stride(_ c: GPUGEMVConfig, valuesPerWord v: Int) -> Int {
        GPUGEMVActivationTile.paddedStride(bytes: c.unrollK * 4 * v * 2, valuesPerWord: v)
    }

    /// Shared-memory bytes of the ring and its barriers (0 without a ring).
    static func bytes(_ c: GPUGEMVConfig, valuesPerWord v: Int) -> Int {
        guard c.bulkActivations >= 2 else { return 0 }
        let slots = c.warps * c.bulkActivations
        return slots * (c.maxRows * stride(c, valuesPerWord: v) * 2 + 8)
    }

    init(_ e: GPUGEMVEmitter, warp: Value, lane: Value) {
        let c = e.c
        depth = c.bulkActivations
        rows = c.maxRows
        unrollK = c.unrollK
        v = e.valuesPerWord
        stride = Self.stride(c, valuesPerWord: v)
        self.warp = warp
        self.lane = lane
        memory = e.b.sharedMemory(.f16, count: c.warps * depth * rows * stride)
        barriers = e.b.sharedMemory(.i64, count: c.warps * depth)
    }

    private func i32(_ b: KernelBuilder, _ x: Int) -> Value { b.constant(x, .i32) }

    /// The `mbarrier` of this warp's `slot`.
    func barrier(slot: Value) -> Value { barriers.offset(warp * depth + slot) }

    /// Lane 0 sets up the warp's barriers (one arrival per phase: its own `expect_tx`) and makes
    /// them visible to the bulk copies.
    func initialize(_ e: GPUGEMVEmitter) {
        let b = e.b
        b.if(lane.compare(.eq, 0)) {
            for s in 0..<depth {
                b.inlineAsm("mbarrier.init.shared.b64 [$0], 1;", constraints: "l,~{memory}", [barrier(slot: i32(b, s))])
            }
            b.inlineAsm("fence.mbarrier_init.release.cluster;", constraints: "~{memory}", [])
        }
        b.inlineAsm("bar.warp.sync -1;", constraints: "~{memory}", [])
    }

    /// Copies body `body` (none at or past `end`: the phase then completes with no bytes) into
    /// `slot`: packed rows `body·unrollK·4 …` below K of every activation row below M.
    func copy(_ e: GPUGEMVEmitter, body: Value, end: Value, slot: Value) {
        let b = e.b
        let m32 = e.p.m.convert(.i32), k32 = e.p.k.convert(.i32)
        let first = body * (unrollK * 4)
        let count = body.compare(.lt, end).select((k32 / v - first).min(i32(b, unrollK * 4)), i32(b, 0))
        let bytes = count * (2 * v)
        let live = m32.min(i32(b, rows))
        let mbar = barrier(slot: slot)
        // The slot's last reads (a body ago, by every lane) come before the copy's writes.
        b.inlineAsm("bar.warp.sync -1;\n\tfence.proxy.async.shared::cta;", constraints: "~{memory}", [])
        b.if(lane.compare(.eq, 0)) {
            b.inlineAsm("{ .reg .b64 state; mbarrier.arrive.expect_tx.shared.b64 state, [$0], $1; }", constraints: "l,r,~{memory}",
                            [mbar, bytes * live])
        }
        b.if(lane.compare(.lt, live) & count.compare(.gt, 0)) {
            let target = memory.offset(((warp * depth + slot) * rows + lane) * stride)
            let source = e.p.x.offset(lane * k32 + first * v)
            b.inlineAsm("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];",
                            constraints: "l,l,r,l,~{memory}", [target, source, bytes, mbar])
        }
    }

    /// Waits until `slot`'s copy of phase `parity` (0, 1, 0, … per use of the slot) has landed.
    func wait(_ e: GPUGEMVEmitter, slot: Value, parity: Value) {
        e.b.inlineAsm(
            "{ .reg .pred done; WAIT: mbarrier.try_wait.parity.shared.b64 done, [$0], $1; @!done bra WAIT; }",
            constraints: "l,r,~{memory}", [barrier(slot: slot), parity])
    }

    /// The activations `[u][h]` of `slot` for lane `(g, t)`: row `g + 8h`, packed row `4u + t` of the
    /// body (unmasked: rows at or past M and packed rows past K hold stale values).
    func activations(slot: Value, g: Value, t: Value) -> [[Value]] {
        let lane = memory.offset(((warp * depth + slot) * rows + g) * stride + t * v)
        let b = slot.builder
        return (0..<unrollK).map { u in
            (0..<(rows / 8)).map { h in lane.load(i32(b, 8 * h * stride + u * 4 * v), lanes: v, alignment: min(16, 2 * v)) }
        }
    }
}
