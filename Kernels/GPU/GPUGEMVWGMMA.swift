import KernelIR

/// The staged activations of a ``GPUGEMVConfig/wgmma`` GEMV: each chunk as the `B` tiles of
/// `wgmma.m64n16k16`, in the canonical K-major layout without swizzling.
///
/// A chunk holds, like ``GPUGEMVActivationTile``'s, the activations of `kWarps · unrollK` K blocks
/// (K warp `kg` taking blocks `kg·unrollK …`), 16 rows each. The weights' `mma` K order is not
/// memory order: lane `t` of a quad holds packed row `t` of a K block (`V` values), and with
/// interleaved words its dequantized pair `p` is the K values `V·t + 2p, +1`; `mma` step `s` puts
/// pair `2s` at fragment positions `2t, 2t + 1` and pair `2s + 1` at `2t + 8, 2t + 9`. So B tile
/// `(block, s)` holds, at K position `8·kb + 2t + e` of activation row `r`, the activation
/// `x[r, K0 + V·t + 4s + 2·kb + e]` (`K0`: the block's first K). Those come in 4-byte pairs, which
/// is what each `cp.async` copies: consecutive threads read consecutive pairs of one row.
///
/// One tile is 16 K × 16 rows = four 8 × 8 core matrices of 128 bytes (8 rows of 8 K values):
/// rows `8·nb …` and K positions `8·kb …` at byte `256·nb + 128·kb`, so the descriptor's leading
/// (K) byte offset is 128 and its stride (row) byte offset 256. Tiles follow each other in
/// `(block, s)` order, 512 bytes apart.
struct GPUGEMVWGMMATile {
    let memory: Value
    let c: GPUGEMVConfig
    let v: Int
    let chunkRows: Int
    /// K blocks (4 packed rows each) per chunk.
    var blocks: Int { chunkRows / 4 }
    /// `mma` K steps per K block.
    var steps: Int { v / 4 }
    /// f16 elements of one chunk: 16 rows × its K values.
    var chunkHalves: Int { 16 * chunkRows * v }

    /// f16 elements of all stages.
    static func count(_ c: GPUGEMVConfig, valuesPerWord v: Int) -> Int {
        c.wgmma ? c.activationStages * 16 * GPUGEMVActivationTile.chunkRows(c) * v : 0
    }

    init(_ e: GPUGEMVEmitter) {
        c = e.c
        v = e.valuesPerWord
        chunkRows = GPUGEMVActivationTile.chunkRows(c)
        memory = e.b.sharedMemory(.f16, count: Self.count(c, valuesPerWord: v))
    }

    /// Copies the chunk that starts at packed row `start` into `slot` (4 bytes per `cp.async`) and
    /// commits it as one group; packed rows at or past `limit` and activation rows at or past M are
    /// zero-filled.
    func copy(_ e: GPUGEMVEmitter, start: Value, limit: Value, slot: Value, thread: Value) {
        let b = e.b
        let pairsPerBlock = 2 * v  // 4-byte pairs of one row in one K block
        let units = 16 * blocks * pairsPerBlock, threads = c.threads
        let m32 = e.p.m.convert(.i32), k32 = e.p.k.convert(.i32)
        let packedRows = k32 / v
        let base = slot * chunkHalves
        for j in 0..<((units + threads - 1) / threads) {
            let unit = thread + j * threads
            func body() {
                let w = unit % pairsPerBlock
                let block = (unit / pairsPerBlock) % blocks
                let row = unit / (pairsPerBlock * blocks)
                // Pair w of the block is K values 2w, 2w + 1: packed row t, step s, core matrix kb.
                let t = w / (v / 2), s = (w % (v / 2)) / 2, kb = w & 1
                let packed = start + block * 4 + t
                let live = row.compare(.lt, m32) & packed.compare(.lt, limit)
                let size = live.select(b.constant(4, .i32), b.constant(0, .i32))
                let source = row.min(m32 - 1) * k32 + packed.min(packedRows - 1) * v + (w % (v / 2)) * 2
                let target = base + (block * steps + s) * 256 + (row >> 3) * 128 + kb * 64 + (row & 7) * 8 + t * 2
                b.inlineAsm("cp.async.ca.shared.global [$0], [$1], 4, $2;", constraints: "l,l,r",
                            [memory.offset(target), e.p.x.offset(source), size])
            }
            if (j + 1) * threads > units { b.if(unit.compare(.lt, units), body) } else { body() }
        }
        b.inlineAsm("cp.async.commit_group;", constraints: "", [])
    }

    /// The descriptor of tile `(kg·unrollK, 0)` of `slot`; tile `(kg·unrollK + u, s)` is
    /// `(u·steps + s)·32` more (512 bytes in units of 16).
    func descriptor(slot: Value, kWarp kg: Value) -> Value {
        let b = slot.builder
        let layoutBits = (128 >> 4) << 16 | (256 >> 4) << 32
        let base = b.inlineAsm("{ .reg .b64 t; shr.b64 t, $1, 4; and.b64 t, t, 16383; or.b64 $0, t, \(layoutBits); }",
                               constraints: "=l,l", result: .i64, [memory])
        let tiles = (slot * chunkHalves + kg * (c.unrollK * steps * 256)) / 8  // halves → 16-byte units
        return base + tiles.convert(.i64, unsigned: true)
    }
}

extension GPUGEMVEmitter {
    /// `wgmma.mma_async.m64n16k16` (f16, f32 accumulators): `d` (8 values) += A (the warp's 4
    /// fragment registers) × the B tile at `descriptor`.
    func wgmma(_ d: Value, a: [Value], descriptor: Value) -> Value {
        let text = "{ .reg .pred p; setp.ne.b32 p, $21, 0; wgmma.mma_async.sync.aligned.m64n16k16.f32.f16.f16 "
            + "{$0, $1, $2, $3, $4, $5, $6, $7}, {$16, $17, $18, $19}, $20, p, 1, 1, 0; }"
        let constraints = Array(repeating: "=f", count: 8) + (0..<8).map(String.init) + ["r", "r", "r", "r", "l", "r"]
        return b.inlineAsm(text, constraints: constraints.joined(separator: ","), result: .vector(.f32, 8),
                           (0..<8).map { d.extract($0) } + a + [descriptor, i32(1)])
    }

    /// `wgmma.wait_group pending`, the accumulators `d` passing through so that nothing reads them earlier.
    func wgmmaWait(_ d: Value, pending: Int) -> Value {
        let constraints = Array(repeating: "=f", count: 8) + (0..<8).map(String.init)
        return b.inlineAsm("wgmma.wait_group.sync.aligned \(pending);", constraints: constraints.joined(separator: ","),
                           result: .vector(.f32, 8), (0..<8).map { d.extract($0) })
    }

    /// One loop body through `wgmma` (``GPUGEMVConfig/wgmma``): per column word, the dequantized
    /// pairs (times their group's scale, in f16, unless per-channel), one fence, `2 · steps`
    /// `wgmma`s (two 16-column tiles) into `accumulators[j][τ]`, one commit group; each word's
    /// registers are free once the next word's group is committed (`wait_group 1`). The body ends
    /// with every group retired, so the accumulators cross the loop's back edge at rest.
    func computeWGMMA(_ loads: Loads, accumulators: [[Variable]], descriptor: Value, channel: GroupParameters?,
                      runs: Int, runLength: Int, columns clamped: [Value]) {
        let f16x2 = KType.vector(.f16, 2)
        var d = accumulators.map { $0.map(\.value) }
        for r in 0..<runs {
            let gp = channel ?? groupParameters(scales: loads.scales[r], zeros: loads.zeros[r], columns: clamped)
            // Per column word and column: its scale in both halves (the raw f16 scales).
            let splats: [[Value]]? = channel == nil ? (0..<c.columnWords).map { j in
                (0..<4).map { loads.scales[r][j].permute([$0, $0]) }
            } : nil
            for u in (r * runLength)..<((r + 1) * runLength) {
                for j in 0..<c.columnWords {
                    let a: [[Value]] = (0..<4).map { i in
                        let w = loads.words[u][j].extract(i)
                        let shifted = w >> 8
                        return (0..<pairs).map { pair in
                            let q = dequantize(word: w, shifted: shifted, pair: pair, negatedZeros: gp.negatedZeros[j][i])
                            guard let splats else { return q }
                            return (q.bitcast(to: f16x2) * splats[j][i]).bitcast(to: .i32)
                        }
                    }
                    b.inlineAsm("wgmma.fence.sync.aligned;", constraints: "", [])
                    for tau in 0..<2 {
                        for s in 0..<steps {
                            let fragment = [a[2 * tau][2 * s], a[2 * tau + 1][2 * s], a[2 * tau][2 * s + 1], a[2 * tau + 1][2 * s + 1]]
                            d[j][tau] = wgmma(d[j][tau], a: fragment, descriptor: descriptor + i64((u * steps + s) * 32))
                        }
                    }
                    b.inlineAsm("wgmma.commit_group.sync.aligned;", constraints: "", [])
                    b.inlineAsm("wgmma.wait_group.sync.aligned 1;", constraints: "", [])
                }
            }
        }
        for j in 0..<c.columnWords {
            for tau in 0..<2 { accumulators[j][tau].set(wgmmaWait(d[j][tau], pending: 0)) }
        }
    }
}
