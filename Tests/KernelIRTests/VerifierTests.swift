import Testing
@testable import KernelIR

/// Each invalid kernel gets its own diagnostic naming the kernel, the op and the fault.
@Suite struct VerifierTests {
    func expectFault(_ k: Kernel, op: Int, _ message: String) {
        #expect(throws: VerificationError(kernel: k.name, op: op, opcode: k.opcode(op), message: message)) {
            try Verifier.verify(k)
        }
    }

    @Test func mixedOperandTypes() {
        let b = KernelBuilder(name: "bad_add", convention: .cpuGrid)
        let i = b.constant(1, .i32), f = b.constant(1.0, .f32)
        _ = i + f
        let k = b.finish()
        expectFault(k, op: 2, "operand 1 has type f32 but the result has type i32")
        #expect("\(VerificationError(kernel: "bad_add", op: 2, opcode: .add, message: "x"))" == "KIR verification failed in kernel 'bad_add' at op 2 (add): x")
    }

    @Test func bitOpsNeedIntegers() {
        let b = KernelBuilder(name: "bad_and", convention: .cpuGrid)
        let f = b.constant(1.0, .f32)
        _ = f & f
        expectFault(b.finish(), op: 1, "needs integer operands, got f32")
    }

    @Test func storeThroughWrongPointer() {
        let b = KernelBuilder(name: "bad_store", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.f16))
        p.store(b.constant(1.0, .f32), at: b.constant(0, .i64))
        expectFault(b.finish(), op: 4, "stores f32 through ptr<f16, global>")
    }

    @Test func valueUsedOutsideItsLoop() {
        let b = KernelBuilder(name: "escape", convention: .cpuGrid)
        var inner: Value?
        b.loop(b.constant(0, .i64), b.constant(4, .i64)) { i in inner = i + 1 }
        _ = inner! * 2
        let k = b.finish()
        expectFault(k, op: k.count - 1, "operand %5 is used outside the region that defines it")
    }

    @Test func gpuOpInCPUKernel() {
        let b = KernelBuilder(name: "cpu_barrier", convention: .cpuGrid)
        b.barrier()
        expectFault(b.finish(), op: 0, "'barrier' is a GPU operation in a CPU kernel")
    }

    @Test func fp8IsStorageOnly() {
        let b = KernelBuilder(name: "fp8_math", convention: .gpu)
        let p = b.parameter("p", .pointer(.fp8e4m3))
        let v = p.load(b.constant(0, .i64))
        _ = v.convert(.f32)
        expectFault(b.finish(), op: 4, "fp8 is storage only: bitcast it, do not convert f8e4m3 to f32")
    }

    @Test func unbalancedRegion() {
        var k = Kernel(name: "open", convention: .cpuGrid)
        let c = k.append(.constant, type: .i1, attribute: 1)
        k.append(.ifBegin, type: .void, operands: [c])
        #expect(throws: VerificationError(kernel: "open", op: 1, opcode: .ifBegin, message: "region is never closed")) {
            try Verifier.verify(k)
        }
    }

    @Test func wellFormedKernelPasses() throws {
        let b = KernelBuilder(name: "ok", convention: .gpu)
        let p = b.parameter("p", .pointer(.f32))
        let tid = b.threadIndex().convert(.i64)
        let sum = b.variable(b.constant(0.0, .f32))
        b.loop(b.constant(0, .i64), b.constant(8, .i64), unroll: .full) { i in sum.set(sum.value + p.load(i)) }
        b.if(tid.compare(.eq, 0)) { p.store(sum.value, at: tid) }
        try Verifier.verify(b.finish())
    }
}

extension VerifierTests {
    @Test func stackArraysAreCPUOnlyAndBounded() throws {
        let ok = KernelBuilder(name: "scratch", convention: .cpuGrid)
        _ = ok.stackArray(.i8, count: 64 * 1024)
        try Verifier.verify(ok.finish())

        let big = KernelBuilder(name: "big_scratch", convention: .cpuGrid)
        _ = big.stackArray(.f32, count: 65 * 1024)
        expectFault(big.finish(), op: 0, "a stack array of 66560 f32 exceeds 256 KiB")

        let gpu = KernelBuilder(name: "gpu_scratch", convention: .gpu)
        _ = gpu.stackArray(.f32, count: 16)
        expectFault(gpu.finish(), op: 0, "'stack' is a CPU operation in a GPU kernel")
    }
}
