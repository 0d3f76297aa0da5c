import Testing
import KernelIR
@testable import Compiler

/// y[i] = a·x[i] + y[i] over programs of `width` lanes, with a scalar tail inside an `if`.
func saxpyKernel(name: String = "saxpy", width: Int = 8, convention: KernelConvention = .cpuGrid) -> Kernel {
    let b = KernelBuilder(name: name, convention: convention)
    let x = b.parameter("x", .pointer(.f32))
    let y = b.parameter("y", .pointer(.f32))
    let a = b.parameter("a", .f32)
    let n = b.parameter("n", .i64)
    let program = convention == .gpu ? b.blockIndex().convert(.i64) : b.programID()
    let base = program * width
    b.if(base.compare(.le, n - width)) {
        let xs = x.load(base, lanes: width), ys = y.load(base, lanes: width)
        y.store(a.splat(width).fma(xs, ys), at: base)
    } else: {
        b.loop(base, n) { i in
            y.store(a.fma(x.load(i), y.load(i)), at: i)
        }
    }
    return b.finish()
}

@Suite struct CPUCompilerTests {
    @Test func saxpyRunsOnRaggedLengthsAcrossThreads() throws {
        let kernel = try CPUCompiler().compile(saxpyKernel())
        for n in [1, 7, 8, 9, 100, 1001] {
            let x = (0..<n).map { Float($0) * 0.5 }
            var y = (0..<n).map { Float($0 % 7) }
            let expected = zip(x, y).map { 3 * $0 + $1 }
            let programs = (n + 7) / 8
            try x.withUnsafeBufferPointer { xp in
                try y.withUnsafeMutableBufferPointer { yp in
                    try GridRunner(threads: 3).run(kernel, [.pointer(xp.baseAddress), .pointer(yp.baseAddress), .float(3), .int(n)], programs: programs)
                }
            }
            #expect(y == expected)
        }
    }

    @Test func argumentsAreChecked() throws {
        let kernel = try CPUCompiler().compile(saxpyKernel())
        #expect(throws: CompilerError.self) { try kernel.pack([.int(1)]) }
        #expect(throws: CompilerError.argumentMismatch(kernel: "saxpy", message: "argument 'x' of type ptr<f32, global> given int(5)")) {
            try kernel.pack([.int(5), .int(5), .float(1), .int(1)])
        }
    }

    @Test func ptxHasEntryAndTarget() throws {
        let ptx = try PTXCompiler().ptx(saxpyKernel(convention: .gpu), gpu: .sm_90)
        #expect(ptx.contains(".target sm_90"))
        #expect(ptx.contains(".entry saxpy"))
    }

    @Test func badPTXPairIsAnErrorNotACrash() {
        #expect(throws: CompilerError.unsupportedPTX(gpu: "sm_90a", ptx: 78, minimum: 80, maximum: GPUArchitecture.newestPTX)) {
            try PTXCompiler().ptx(saxpyKernel(convention: .gpu), gpu: .sm_90a, ptx: 78)
        }
        #expect(throws: CompilerError.self) { try GPUArchitecture.named("sm_75") }
    }
}

@Suite struct AtomicTests {
    /// Every program adds its id into one f32 and one i64 cell from several threads.
    @Test func atomicAddsFromManyPrograms() throws {
        let b = KernelBuilder(name: "atomics", convention: .cpuGrid)
        let f = b.parameter("f", .pointer(.f32)), i = b.parameter("i", .pointer(.i64))
        let id = b.programID(), zero = b.constant(0, .i64)
        f.atomicAdd(id.convert(.f32), at: zero)
        i.atomicAdd(id, at: zero)
        let kernel = try CPUCompiler().compile(b.finish())
        var fs: [Float] = [0], ints: [Int64] = [0]
        try fs.withUnsafeMutableBufferPointer { fp in
            try ints.withUnsafeMutableBufferPointer { ip in
                try GridRunner(threads: 4).run(kernel, [.pointer(fp), .pointer(ip)], programs: 1000)
            }
        }
        #expect(ints[0] == 499_500)
        #expect(fs[0] == 499_500)
    }
}
