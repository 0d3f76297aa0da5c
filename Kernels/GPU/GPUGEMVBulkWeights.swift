import KernelIR

/// The block's weight ring of ``GPTQGPUGEMV`` with ``GPUGEMVConfig/bulkWeights`` (sm_90,
/// PTX 8.0): the `qweight` rows of each K chunk travel into shared memory as bulk copies
/// (`cp.async.bulk`, the copy engine behind TMA), one per packed row, completing on one
/// `mbarrier` per slot.
///
/// A chunk is the ``GPUGEMVActivationTile`` chunk's `kWarps · unrollK · 4` packed rows, each the
/// block's `blockColumns` words (clamped at N); the ring has ``GPUGEMVConfig/activationStages``
/// slots, filled `activationStages − 1` chunks ahead in step with the staged activations. The
/// lanes of warp 0 issue a chunk's copies after the chunk barrier that frees its slot (lane 0
/// first announces the bytes with `mbarrier.arrive.expect_tx`); every warp waits on the slot's
/// `mbarrier` phase before it reads. The bytes in flight then cost no registers: a lane no longer
/// holds the next body's words, and the copy of a whole chunk is 33 instructions of one warp.
///
/// A packed row's stride is padded to 32 bytes past a multiple of 128, so that the 8 lanes of one
/// quarter warp (two column quads × four packed rows, 16 bytes each) read distinct banks. After the
/// loop the ring's memory is free: the K warps' reduction reuses it. The ring is the kernel's
/// dynamic shared memory (``GPTQGPUGEMV/dynamicSharedBytes(_:)``, up to the SM's 227 KiB), so that
/// deep rings fit; the `mbarrier`s are static.
struct GPUGEMVWeightTile {
    let memory: Value
    let barriers: Value
    let c: GPUGEMVConfig
    let chunkRows: Int
    /// 32-bit words between two packed rows of a slot.
    let stride: Int

    /// Words between packed rows: the block's columns plus 8 (32 bytes).
    static func stride(_ c: GPUGEMVConfig) -> Int { c.blockColumns + 8 }

    /// 32-bit words of the ring (0 without ``GPUGEMVConfig/bulkWeights``).
    static func words(_ c: GPUGEMVConfig) -> Int {
        c.bulkWeights ? c.activationStages * GPUGEMVActivationTile.chunkRows(c) * stride(c) : 0
    }

    /// Takes the ring (dynamic shared memory, launched with at least `max(words, reduction)` words).
    init(_ e: GPUGEMVEmitter) {
        c = e.c
        chunkRows = GPUGEMVActivationTile.chunkRows(c)
        stride = Self.stride(c)
        memory = e.b.dynamicSharedMemory(.f32)
        barriers = e.b.sharedMemory(.i64, count: c.activationStages)
    }

    func barrier(_ slot: Value) -> Value { barriers.offset(slot) }

    /// Thread 0 sets every slot's `mbarrier` to one arrival per phase; the block barrier that
    /// follows makes that visible before any thread waits or copies.
    func initialize(_ e: GPUGEMVEmitter, thread: Value) {
        let b = e.b
        b.if(thread.compare(.eq, e.i32(0))) {
            for s in 0..<c.activationStages {
                b.inlineAsm("mbarrier.init.shared::cta.b64 [$0], 1;", constraints: "l,~{memory}", [barrier(e.i32(s))])
            }
            b.inlineAsm("fence.mbarrier_init.release.cluster;", constraints: "~{memory}", [])
        }
        b.barrier()
    }

    /// Warp 0 copies the chunk starting at packed row `start` into `slot` when `live` holds
    /// (packed rows past K repeat the last one; their activations are zero). `column0` is the
    /// block's first column.
    func copy(_ e: GPUGEMVEmitter, start: Value, slot: Value, live: Value, warp: Value, lane: Value, column0: Value) {
        let b = e.b
        let n32 = e.p.n.convert(.i32)
        let packedRows = e.p.k.convert(.i32) / e.valuesPerWord
        b.if(warp.compare(.eq, e.i32(0)) & live) {
            let rowBytes = (n32 - column0).min(e.i32(c.blockColumns)) * 4
            b.if(lane.compare(.eq, e.i32(0))) {
                _ = b.inlineAsm("mbarrier.arrive.expect_tx.shared::cta.b64 $0, [$1], $2;", constraints: "=l,l,r,~{memory}",
                                result: .i64, [barrier(slot), rowBytes * chunkRows])
            }
            for r in Swift.stride(from: 0, to: chunkRows, by: 32) {
                let row = lane + r
                func issue() {
                    let packed = (start + row).min(packedRows - 1)
                    b.inlineAsm("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];",
                                constraints: "l,l,r,l,~{memory}",
                                [memory.offset((slot * chunkRows + row) * stride), e.p.qweight.offset(packed * n32 + column0), rowBytes,
                                 barrier(slot)])
                }
                if r + 32 > chunkRows { b.if(row.compare(.lt, e.i32(chunkRows)), issue) } else { issue() }
            }
        }
    }

    /// Waits until the copies of `slot`'s phase with parity `parity` have landed.
    func wait(_ e: GPUGEMVEmitter, slot: Value, parity: Value) {
        e.b.inlineAsm("{\n\t.reg .pred ready;\n\tWAIT:\n\tmbarrier.try_wait.parity.shared::cta.b64 ready, [$0], $1;\n\t@!ready bra WAIT;\n\t}",
                      constraints: "l,r,~{memory}", [barrier(slot), parity])
    }

    /// The words `[u][j]` of K warp `kg` in column group `cg` from `slot`: lane `(g, t)` reads
    /// packed row `(kg·unrollK + u)·4 + t` of the chunk, columns `cg·warpColumns + 32j + 4g …`.
    /// One address per body, the loads at constant offsets from it.
    func words(slot: Value, kWarp kg: Value, columnGroup cg: Value, g: Value, t: Value) -> [[Value]] {
        let b = slot.builder
        let lane = memory.offset((slot * chunkRows + kg * (c.unrollK * 4) + t) * stride + cg * c.warpColumns + g * 4)
        return (0..<c.unrollK).map { u in
            (0..<c.columnWords).map { j in
                lane.load(b.constant(u * 4 * stride + 32 * j, .i32), lanes: 4, alignment: 16).bitcast(to: .vector(.i32, 4))
            }
        }
    }
}
