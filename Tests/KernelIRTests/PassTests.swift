import Testing
@testable import KernelIR

@Suite struct PassTests {
    @Test func foldsIntegerAndFloatArithmetic() throws {
        let b = KernelBuilder(name: "fold", convention: .cpuGrid)
        let out = b.parameter("out", .pointer(.i32))
        let fout = b.parameter("f", .pointer(.f32))
        let x = (b.constant(7, .i32) * 6 - 2) >> 3        // (42 − 2) >> 3 = 5
        let wrap = b.constant(0x7fff_ffff, .i32) + 1       // wraps to Int32.min
        let f = b.constant(1.5, .f32) * 4.0                // 6.0
        let zero = b.constant(0, .i64)
        out.store(x, at: zero)
        out.store(wrap, at: b.constant(1, .i64))
        fout.store(f, at: zero)
        let k = try PassPipeline([.constantFolding, .deadCode]).run(b.finish())
        let constants = k.indices.filter { k.opcode($0) == .constant }.map { ($0, k.attribute($0)) }
        let stored = k.indices.filter { k.opcode($0) == .store }.map { k.operands($0).last!.index }
        let values = stored.map { s in constants.first { $0.0 == s }!.1 }
        #expect(values[0] == 5)
        #expect(values[1] == Int64(Int32.min))
        #expect(Double(bitPattern: UInt64(values[2])) == 6.0)
        #expect(!k.indices.contains { [.mul, .sub, .shr, .add].contains(k.opcode($0)) })
    }

    @Test func removesIdentities() throws {
        let b = KernelBuilder(name: "identity", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.i32))
        let v = p.load(b.constant(0, .i64))
        p.store(((v + 0) * 1) | 0, at: b.constant(0, .i64))
        let k = try PassPipeline.standard.run(b.finish())
        let store = k.indices.first { k.opcode($0) == .store }!
        #expect(k.opcode(k.operands(store).last!.index) == .load)
    }

    @Test func cseMergesWithinScopesOnly() throws {
        let b = KernelBuilder(name: "cse", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.i64))
        let n = p.load(b.constant(0, .i64))
        let a = n * n, c = n * n                                  // same value twice
        p.store(a + c, at: b.constant(1, .i64))
        b.loop(b.constant(0, .i64), n) { i in
            p.store(n * n + i, at: i)                              // reuses the outer n·n
        }
        let k = try PassPipeline.standard.run(b.finish())
        #expect(k.indices.filter { k.opcode($0) == .mul }.count == 1)
    }

    @Test func cseDoesNotLeakValuesOutOfBranches() throws {
        let b = KernelBuilder(name: "branch", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.i64))
        let n = p.load(b.constant(0, .i64))
        b.if(n.compare(.gt, 0)) { p.store(n * 3, at: n) }
        p.store(n * 3, at: b.constant(2, .i64))                   // must be recomputed here
        let k = try PassPipeline.standard.run(b.finish())
        #expect(k.indices.filter { k.opcode($0) == .mul }.count == 2)
    }

    @Test func deadCodeKeepsSideEffects() throws {
        let b = KernelBuilder(name: "dce", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.i32))
        _ = b.constant(3, .i32) + b.constant(4, .i32)
        p.store(b.constant(9, .i32), at: b.constant(0, .i64))
        let k = DeadCodeElimination.run(b.finish())
        #expect(k.indices.map { k.opcode($0) } == [.param, .constant, .constant, .offset, .store])
    }

    @Test func kernelsAreValuesWithStableHashes() {
        func make() -> Kernel {
            let b = KernelBuilder(name: "h", convention: .cpuGrid)
            let p = b.parameter("p", .pointer(.f32))
            p.store(b.constant(1.0, .f32), at: b.programID())
            return b.finish()
        }
        #expect(make() == make())
        #expect(make().hashValue == make().hashValue)
    }

    @Test func printerShowsRegionsAndTypes() {
        let b = KernelBuilder(name: "print", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.f32))
        b.loop(b.constant(0, .i64), b.constant(4, .i64), unroll: .count(2)) { i in p.store(b.constant(1.0, .f32).splat(4), at: i) }
        let text = Printer.print(b.finish())
        #expect(text.contains("kernel @print cpu_grid(0: p : ptr<f32, global>) {"))
        #expect(text.contains("%4 = for %1 to %2 step %3 unroll count(2) : i64 {"))
        #expect(text.contains("splat %"))
        #expect(text.contains(": <4 x f32>"))
    }
}
