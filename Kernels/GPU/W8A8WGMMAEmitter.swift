import KernelIR

/// Emits the body of one ``W8A8WGMMAGEMM`` variant: the `cp.async` ring, the `wgmma` main loop
/// and the warpgroup epilogue.
struct W8A8WGMMAEmitter {
    let spec: W8A8GPUSpec
    let c: W8A8WGMMAConfig
    let b: KernelBuilder
    let x, w, sx, sw, zx, colsum, y, m, n, k: Value

    init(spec: W8A8GPUSpec, c: W8A8WGMMAConfig, b: KernelBuilder) {
        self.spec = spec
        self.c = c
        self.b = b
        let p = W8A8GPUParameters(b, spec: spec)  // workspace and counters unused: no split-K
        (x, w, sx, sw, zx, colsum, y, m, n, k) = (p.x, p.w, p.sx, p.sw, p.zx, p.colsum, p.y, p.m, p.n, p.k)
    }

    var integer: Bool { spec.operand == .int8 }
    /// Accumulators per thread: the `64 × blockN` tile of a warpgroup over its 128 threads.
    var accumulators: Int { c.blockN / 2 }
    var accumulatorType: KType { .vector(integer ? .i32 : .f32, accumulators) }
    var register: String { integer ? "=r" : "=f" }
    func i32(_ v: Int) -> Value { b.constant(v, .i32) }

    /// `d += A·B` over one k32 step, both operands from shared memory through descriptors.
    func wgmma(_ acc: Value, a: Value, b descriptor: Value, one: Value) -> Value {
        let count = accumulators, first = 2 * count
        let outs = (0..<count).map { "$\($0)" }.joined(separator: ", ")
        let kind = integer ? "s32.s8.s8" : "f32.e4m3.e4m3"
        let scales = integer ? "p" : "p, 1, 1"
        let text = "{ .reg .pred p; setp.ne.b32 p, $\(first + 2), 0; wgmma.mma_async.sync.aligned.m64n\(c.blockN)k32.\(kind) "
            + "{\(outs)}, $\(first), $\(first + 1), \(scales); }"
        let constraints = Array(repeating: register, count: count) + (0..<count).map(String.init) + ["l", "l", "r"]
        return b.inlineAsm(text, constraints: constraints.joined(separator: ","), result: accumulatorType,
                           (0..<count).map { acc.extract($0) } + [a, descriptor, one])
    }

    /// Waits until at most `pending` `wgmma` groups of this warpgroup are in flight; the
    /// accumulators pass through so that nothing reads them earlier.
    func wait(_ acc: Value, pending: Int) -> Value {
        let count = accumulators
        let constraints = Array(repeating: register, count: count) + (0..<count).map(String.init)
        return b.inlineAsm("wgmma.wait_group.sync.aligned \(pending);", constraints: constraints.joined(separator: ","),
                           result: accumulatorType, (0..<count).map { acc.extract($0) })
    }

    func emit() {
        let tid = b.threadIndex()
        let lane = tid & 31, warp = tid >> 5
        let warpgroup = warp >> 2
        let m32 = m.convert(.i32), n32 = n.convert(.i32), k32 = k.convert(.i32)
        let (rowBase, colBase) = rasterTile(b, m32: m32, n32: n32, blockM: c.blockM, blockN: c.blockN, rasterRows: c.rasterRows)
        let tiles = (k32 + (W8A8WGMMAConfig.blockK - 1)) / W8A8WGMMAConfig.blockK

        // The 128-byte swizzle repeats every 1024 bytes of shared address: align the ring to it.
        let dynamic = b.dynamicSharedMemory(.i8)
        let address = b.inlineAsm("cvt.u32.u64 $0, $1;", constraints: "=r,l", result: .i32, [dynamic])
        let shared = dynamic.offset((i32(0) - address) & 1023)

        // A stage: blockM activation rows, then blockN weight rows, 128 bytes each. Pass i of a
        // copy moves rows `threads/8 · i + tid / 8`, chunk `tid % 8`: eight lanes read one row's
        // 128 contiguous bytes and write eight different bank groups.
        let rowsPerPass = c.threads / 8
        let part = tid & 7, passRow = tid >> 3
        let swizzled = (part ^ (passRow & 7)) * 16
        func copy(tile kt: Value) {
            let stage = (kt % c.stages) * c.stageBytes
            let kByte = kt * W8A8WGMMAConfig.blockK + part * 16
            let kValid = kByte.compare(.lt, k32)
            for i in 0..<((c.blockM + c.blockN) / rowsPerPass) {
                let first = rowsPerPass * i
                let activation = first < c.blockM
                let row = (activation ? rowBase : colBase) + passRow + (activation ? first : first - c.blockM)
                let valid = kValid & row.compare(.lt, activation ? m32 : n32)
                let source = valid.select(row * k32 + kByte, i32(0))
                let destination = stage + (passRow + first) * 128 + swizzled
                b.inlineAsm("cp.async.cg.shared.global.L2::256B [$0], [$1], 16, $2;", constraints: "l,l,r",
                            [shared.offset(destination), (activation ? x : w).offset(source), valid.select(i32(16), i32(0))])
            }
            b.inlineAsm("cp.async.commit_group;", constraints: "", [])
        }

        // Descriptors: address / 16, leading offset 16 B (unused with the swizzle), stride 1024 B
        // (the next 8 rows), 128-byte swizzle. K step s starts 32·s bytes into the rows.
        let layoutBits = (16 >> 4) << 16 | (1024 >> 4) << 32 | 1 << 62
        let base = b.inlineAsm("{ .reg .b64 t; shr.b64 t, $1, 4; and.b64 t, t, 16383; or.b64 $0, t, \(layoutBits); }",
                               constraints: "=l,l", result: .i64, [shared])
        let activationRows = base + (warpgroup * (64 * 128 / 16)).convert(.i64)
        let weightRows = base + b.constant(c.blockM * 128 / 16, .i64)
        let one = i32(1), zero = i32(0)

        for s in 0..<c.distance { copy(tile: i32(s)) }
        let acc = b.variable(b.constant(0, accumulatorType))
        // Promotion: the tile's wgmmas restart from zero in `partial`, added to `acc` after each tile.
        let partial = b.variable(b.constant(0, accumulatorType))
        b.loop(i32(0), tiles, unroll: .disable) { kt in
            // Tile kt has landed once at most distance − 1 younger groups are pending. After the
            // barrier every warpgroup has retired the wgmmas of tile kt − 1 (kt − 2 with overlap),
            // whose stage the copy of tile kt + distance refills.
            b.inlineAsm("cp.async.wait_group \(c.distance - 1);", constraints: "", [])
            b.inlineAsm("fence.proxy.async.shared::cta;", constraints: "", [])
            b.barrier()
            copy(tile: kt + c.distance)
            let stage = ((kt % c.stages) * (c.stageBytes / 16)).convert(.i64)
            b.inlineAsm("wgmma.fence.sync.aligned;", constraints: "", [])
            var value = c.promote ? partial.value : acc.value
            for s in 0..<4 {
                let step = b.constant(2 * s, .i64)
                value = wgmma(value, a: activationRows + stage + step, b: weightRows + stage + step, one: c.promote && s == 0 ? zero : one)
            }
            b.inlineAsm("wgmma.commit_group.sync.aligned;", constraints: "", [])
            if c.promote {
                let sum = wait(value, pending: 0)
                partial.set(sum)
                acc.set(acc.value + sum)
            } else {
                acc.set(wait(value, pending: c.overlap ? 1 : 0))
            }
        }
        let result = c.overlap ? wait(acc.value, pending: 0) : acc.value
        b.inlineAsm("cp.async.wait_group 0;", constraints: "", [])
        store(result, rowTop: rowBase + warpgroup * 64 + (warp & 3) * 16 + (lane >> 2), colBase: colBase + (lane & 3) * 2,
              m32: m32, n32: n32)
    }

    /// Accumulator `4j + 2h + e` is row `rowTop + 8h`, column `colBase + 8j + e` (the `mma`
    /// m16n8 layout per 8 columns). Scales, zero-point correction, f16/bf16, guarded stores: two
    /// adjacent columns as one 32-bit store where N is even.
    func store(_ value: Value, rowTop: Value, colBase: Value, m32: Value, n32: Value) {
        let perTensor = spec.scaling == .perTensor
        let tensorScale = perTensor ? sx.load(i32(0)) * sw.load(i32(0)) : nil
        let evenN = (n32 & 1).compare(.eq, 0)
        for h in 0..<2 {
            let r = rowTop + 8 * h
            b.if(r.compare(.lt, m32)) {
                let rowScale = perTensor ? nil : sx.load(spec.activationPerTensor ? i32(0) : r)
                let zero = spec.activationZeroPoint ? zx.load(spec.activationPerTensor ? i32(0) : r) : nil
                for j in 0..<(c.blockN / 8) {
                    let column = colBase + 8 * j
                    b.if(column.compare(.lt, n32)) {
                        let outputs = (0..<2).map { e -> Value in
                            var v = value.extract(4 * j + 2 * h + e)
                            let col = (column + e).min(n32 - 1)
                            if let zero { v = v - zero * colsum.load(col) }
                            if integer { v = v.convert(.f32) }
                            if let tensorScale { return v * tensorScale }
                            return v * rowScale! * sw.load(col)
                        }
                        let index = r * n32 + column
                        let second = (column + 1).compare(.lt, n32)
                        b.if(second & evenN) {
                            y.store(b.vector(outputs).convert(spec.output), at: index, alignment: 4)
                        } else: {
                            y.store(outputs[0].convert(spec.output), at: index)
                            b.if(second) { y.store(outputs[1].convert(spec.output), at: index + 1) }
                        }
                    }
                }
            }
        }
    }
}
