import KernelIR
import Quantization

/// The loads, `mma`s and loop shapes ``GPUGEMVEmitter/emit()`` is built from.
extension GPUGEMVEmitter {
    /// One 128-bit `qweight` load (4 columns of one packed row); with ``GPUGEMVConfig/l2Prefetch``
    /// the L2 fetches the whole 256-byte sector pair (the neighbouring block's columns). With
    /// ``GPUGEMVConfig/earlyBodies``, a plain coherent `ld.global` (``globalWords(at:count:l2:readOnly:)``).
    func loadWeights(at index: Value) -> Value {
        if c.earlyBodies > 0 { return globalWords(at: p.qweight.offset(index), count: 4, l2: c.l2Prefetch, readOnly: false) }
        guard c.l2Prefetch else { return p.qweight.load(index, lanes: 4, alignment: 16) }
        return globalWords(at: p.qweight.offset(index), count: 4, l2: true, readOnly: true)
    }

    /// `count` (1, 2 or 4) 32-bit words at `address` through inline `ld.global`: read-only
    /// (`.nc`) or plain and coherent (``GPUGEMVConfig/earlyBodies``: LLVM turns loads of the kernel's
    /// read-only inputs into `ld.global.nc`, which ptxas moves freely, even below a `bar.sync`;
    /// the plain one it keeps above), with the `.L2::256B` fetch hint or without.
    func globalWords(at address: Value, count: Int, l2: Bool = false, readOnly: Bool = false) -> Value {
        let op = "ld.global" + (readOnly ? ".nc" : "") + (l2 ? ".L2::256B" : "")
        switch count {
        case 1: return b.inlineAsm("\(op).u32 $0, [$1];", constraints: "=r,l", result: .i32, [address])
        case 2: return b.inlineAsm("\(op).v2.u32 {$0, $1}, [$2];", constraints: "=r,=r,l", result: .vector(.i32, 2), [address])
        default:
            precondition(count == 4, "globalWords loads 1, 2 or 4 words")
            return b.inlineAsm("\(op).v4.u32 {$0, $1, $2, $3}, [$4];", constraints: "=r,=r,=r,=r,l", result: .vector(.i32, 4), [address])
        }
    }

    /// `d = a·b + c` on one m16n8k16 tile (f16 inputs, f32 accumulators); `c` nil means zero.
    func mma(a: [Value], b fragment: [Value], c accumulator: Value?) -> Value {
        let cs = accumulator.map { v in (0..<4).map { v.extract($0) } }
            ?? Array(repeating: b.constant(0.0, .f32), count: 4)
        if cuts.contains(.mma) {
            // A timing bound: three `lop3` and an `add.f32` of a value in [1, 2) consume every operand.
            return b.inlineAsm(
                "{ .reg .b32 t; .reg .f32 f; lop3.b32 t, $4, $5, $6, 0x96; lop3.b32 t, t, $7, $8, 0x96; lop3.b32 t, t, $9, 0x007fffff, 0x28; "
                    + "or.b32 t, t, 0x3f800000; mov.b32 f, t; add.f32 $0, $10, f; mov.b32 $1, $11; mov.b32 $2, $12; mov.b32 $3, $13; }",
                constraints: "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f", result: .vector(.f32, 4), a + fragment + cs)
        }
        return b.inlineAsm(
            "mma.sync.aligned.m16n8k16.row.col.f32.\(bf16 ? "bf16.bf16" : "f16.f16").f32 {$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};",
            constraints: "=f,=f,=f,=f,r,r,r,r,r,r,f,f,f,f", result: .vector(.f32, 4), a + fragment + cs)
    }

    /// Sets the loop-carried `variables` to the values of `loads`, in ``Loads/flat`` order.
    static func set(_ variables: [Variable], to loads: Loads) {
        for (variable, value) in zip(variables, loads.flat) { variable.set(value) }
    }

    /// `griddepcontrol.wait` (``GPUGEMVConfig/dependentLaunch``): returns once the kernels this
    /// launch depends on have finished and their writes are visible. The i32 zero it returns is
    /// added to the addresses of the activation loads, so that no compiler hoists them above it.
    func waitForPrerequisites() -> Value {
        b.inlineAsm("griddepcontrol.wait;\n\tmov.u32 $0, 0;", constraints: "=r,~{memory}", result: .i32, [])
    }

    /// `step(x, loads)` for `x` in `stride(from: lower, to: upper, by: step)`, each step's
    /// returned loads (the next body's, issued before it computes) carried into the next.
    /// With ``GPUGEMVConfig/pairedBodies``, two steps per iteration: the second step's loads
    /// take their own registers and the third's replace the first's, so no carried value
    /// needs a copy at the back edge.
    func carriedLoop(from lower: Value, to upper: Value, step: Int, first: Loads, carried: [Variable],
                     _ body: @escaping (Value, Loads) -> Loads) {
        func carry(_ next: Loads) { Self.set(carried, to: next) }
        func current() -> Loads { first.rebuilt(carried.map(\.value)) }
        guard c.pairedBodies else {
            b.loop(lower, upper, step: i32(step), unroll: .disable) { x in carry(body(x, current())) }
            return
        }
        let count = ((upper - lower).max(i32(0)) + (step - 1)) / step
        b.loop(i32(0), count / 2, step: i32(1), unroll: .disable) { j in
            let x = lower + j * (2 * step)
            carry(body(x + step, body(x, current())))
        }
        b.if((count & 1).compare(.ne, 0)) { _ = body(lower + (count - 1) * step, current()) }
    }
}
