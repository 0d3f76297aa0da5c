import Testing
@testable import KernelIR
@testable import Compiler

/// Constant folding must compute what LLVM computes: each kernel stores folded constants and
/// is run once with KIR folding and once without (LLVM alone), and the outputs must agree.
@Suite struct FoldingAgreesWithLLVMTests {
    /// Runs a kernel that stores i64 results into `out[0..<count]` with the given pipeline.
    func run(_ kernel: Kernel, count: Int, pipeline: PassPipeline) throws -> [Int64] {
        let compiled = try CPUCompiler(pipeline: pipeline).compile(kernel)
        var out = [Int64](repeating: 0x5555, count: count)
        try out.withUnsafeMutableBufferPointer { try compiled.run([.pointer($0)], programs: 0..<1) }
        return out
    }

    func expectAgreement(_ build: (KernelBuilder, Value) -> [Value]) throws {
        let b = KernelBuilder(name: "fold_probe", convention: .cpuGrid)
        let out = b.parameter("out", .pointer(.i64))
        let results = build(b, out)
        for (i, r) in results.enumerated() { out.store(r.convert(.i64), at: b.constant(i, .i64)) }
        let k = b.finish()
        let folded = try run(k, count: results.count, pipeline: .standard)
        let unfolded = try run(k, count: results.count, pipeline: PassPipeline([.verify]))
        #expect(folded == unfolded)
    }

    @Test func narrowIntegersWrapAsInLLVM() throws {
        try expectAgreement { b, _ in
            let big = b.constant(200, .i8)                  // −56 as an i8
            return [big.convert(.i32), big.compare(.lt, b.constant(0, .i8)).convert(.i32),
                    (big / b.constant(3, .i8)).convert(.i32), big.ashr(2).convert(.i32),
                    b.constant(1, .i1).compare(.lt, b.constant(0, .i1)).convert(.i32),
                    (b.constant(-1, .i16) >> b.constant(4, .i16)).convert(.i32, unsigned: true)]
        }
    }

    @Test func floatConstantsRoundToTheirType() throws {
        try expectAgreement { b, _ in
            [b.constant(0.99999999, .f32).convert(.i32),
             (b.constant(0.1, .f32) * b.constant(3.0, .f32)).compare(.eq, b.constant(0.3, .f32)).convert(.i32),
             b.constant(1_152_921_573_326_323_713, .i64).convert(.f32).convert(.f64).convert(.i64),
             b.constant(Double.nan, .f32).min(b.constant(2.0, .f32)).convert(.i32)]
        }
    }
}

/// Inputs that once slipped past the verifier or aborted LLVM.
@Suite struct VerifierHoleTests {
    @Test func variableSlotIsNotAValue() {
        let b = KernelBuilder(name: "slot", convention: .cpuGrid)
        let y = b.parameter("y", .pointer(.i32))
        let v = b.variable(b.constant(7, .i32))
        y.store(v.slot, at: b.constant(0, .i64))
        #expect(throws: VerificationError.self) { try Verifier.verify(b.finish()) }
    }

    @Test func voidOperandsAreRejected() {
        var k = Kernel(name: "void", convention: .cpuGrid)
        let barrierLike = k.append(.ifEnd, type: .void)
        k.append(.neg, type: .i32, operands: [barrierLike])
        #expect(throws: VerificationError.self) { try Verifier.verify(k) }
    }

    @Test func secondElseIsRejected() {
        var k = Kernel(name: "else2", convention: .cpuGrid)
        let c = k.append(.constant, type: .i1, attribute: 1)
        k.append(.ifBegin, type: .void, operands: [c])
        k.append(.ifElse, type: .void)
        k.append(.ifElse, type: .void)
        k.append(.ifEnd, type: .void)
        #expect(throws: VerificationError(kernel: "else2", op: 3, opcode: .ifElse, message: "a second 'else' in one 'if'")) {
            try Verifier.verify(k)
        }
    }

    @Test func oneLanePermuteIsAnExtract() throws {
        let b = KernelBuilder(name: "permute1", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.i32))
        let v = p.load(b.constant(0, .i64), lanes: 4)
        p.store(v.permute([2]), at: b.constant(0, .i64))
        let k = try CPUCompiler().compile(b.finish())
        var data: [Int32] = [1, 2, 3, 4]
        try data.withUnsafeMutableBufferPointer { try k.run([.pointer($0)], programs: 0..<1) }
        #expect(data == [3, 2, 3, 4])
    }

    @Test func foreignIntrinsicIsAnErrorNotAnAbort() {
        let b = KernelBuilder(name: "nvvm_on_cpu", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.f32))
        p.store(b.intrinsic("llvm.nvvm.fabs.f", result: .f32, [p.load(b.constant(0, .i64))]), at: b.constant(0, .i64))
        #expect(throws: CompilerError.self) { try CPUCompiler().compile(b.finish()) }
    }
}
