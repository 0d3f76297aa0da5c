import Foundation
import KernelIR
import Testing
@testable import Compiler

/// A fresh cache directory under the system temporary directory, removed at the end.
func withTemporaryCache<R>(_ body: (CompileCache) throws -> R) rethrows -> R {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quantjit-cache-test-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    return try body(CompileCache(root: dir))
}

@Suite struct CacheStoreTests {
    let host = CachedCPUCompiler(cache: nil)

    @Test func storedEntriesRoundTripAndAreCounted() throws {
        try withTemporaryCache { cache in
            let key = try host.key(for: saxpyKernel())
            #expect(cache.load(key) == nil)
            let payload = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            try cache.store(payload, for: key)
            #expect(cache.load(key) == payload)
            #expect(cache.sessionCounters == CompileCache.Counters(hits: 1, misses: 1, stores: 1, corrupt: 0))
            let stats = cache.statistics()
            #expect(stats.entries == 1 && stats.corrupt == 0 && stats.bytes == payload.count + CompileCache.headerSize)
            try cache.clear()
            #expect(cache.statistics().entries == 0)
            #expect(cache.load(key) == nil)
        }
    }

    /// Every kind of damage: a flipped payload byte, a flipped checksum byte, truncation, an
    /// empty file, and an entry copied under another key's name.
    @Test func corruptEntriesAreDetectedRemovedAndNeverLoaded() throws {
        try withTemporaryCache { cache in
            let key = try host.key(for: saxpyKernel())
            let other = try host.key(for: saxpyKernel(width: 4))
            let payload = [UInt8](repeating: 7, count: 1000)
            let damages: [(String, ([UInt8]) -> [UInt8])] = [
                ("payload bit flip", { var e = $0; e[e.count - 10] ^= 0x10; return e }),
                ("checksum bit flip", { var e = $0; e[90] ^= 1; return e }),
                ("truncated", { Array($0.dropLast(1)) }),
                ("empty", { _ in [] }),
                ("header only", { Array($0.prefix(CompileCache.headerSize)) }),
            ]
            for (name, damage) in damages {
                try cache.store(payload, for: key)
                let file = cache.path(for: key)
                let entry = [UInt8](try Data(contentsOf: file))
                try Data(damage(entry)).write(to: file)
                #expect(cache.statistics().corrupt == 1, "\(name): stats see it")
                #expect(cache.load(key) == nil, "\(name): not loaded")
                #expect(!FileManager.default.fileExists(atPath: file.path), "\(name): removed")
            }
            // A whole entry under the wrong key's file name is rejected by the stored digest.
            try cache.store(payload, for: key)
            try FileManager.default.copyItem(at: cache.path(for: key), to: cache.path(for: other))
            #expect(cache.load(other) == nil)
            #expect(cache.sessionCounters.corrupt == damages.count + 1)
        }
    }

    @Test func aCorruptObjectIsRebuiltAndTheKernelStillRuns() throws {
        try withTemporaryCache { cache in
            let compiler = CachedCPUCompiler(cache: cache)
            let kernel = saxpyKernel()
            #expect(try compiler.compileWithOutcome(kernel).outcome == .miss)
            let file = cache.path(for: try compiler.key(for: kernel))
            var entry = [UInt8](try Data(contentsOf: file))
            entry[entry.count / 2] ^= 0xff
            try Data(entry).write(to: file)
            let (rebuilt, outcome) = try compiler.compileWithOutcome(kernel)
            #expect(outcome == .miss)
            #expect(cache.sessionCounters.corrupt == 1)
            #expect(try compiler.compileWithOutcome(kernel).outcome == .hit, "the rebuilt entry was stored")
            #expect(try runSaxpy(rebuilt, n: 37) == expectedSaxpy(n: 37))
        }
    }

    @Test func concurrentWritersOfTheSameEntryAllSucceed() throws {
        try withTemporaryCache { cache in
            let key = try host.key(for: saxpyKernel())
            let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 >> 3) }
            let failures = Parallel.map(Array(0..<64), threads: 16) { i -> String? in
                do {
                    try cache.store(payload, for: key)
                    // Readers racing the writers see the whole entry or nothing, never a part.
                    if let read = cache.load(key), read != payload { return "thread \(i) read a partial entry" }
                    return nil
                } catch {
                    return "thread \(i): \(error)"
                }
            }
            #expect(failures.compactMap { $0 }.isEmpty, "\(failures.compactMap { $0 })")
            #expect(cache.load(key) == payload)
            let stats = cache.statistics()
            #expect(stats.entries == 1 && stats.corrupt == 0 && stats.temporaryFiles == 0)
            #expect(cache.sessionCounters.corrupt == 0)
        }
    }

    @Test func cachedKernelsComputeWhatFreshOnesDo() throws {
        try withTemporaryCache { cache in
            let compiler = CachedCPUCompiler(cache: cache)
            for width in [1, 4, 8, 16] {
                let kernel = saxpyKernel(width: width)
                let fresh = try CPUCompiler().compile(kernel)
                let (stored, first) = try compiler.compileWithOutcome(kernel)
                let (loaded, second) = try compiler.compileWithOutcome(kernel)
                #expect(first == .miss && second == .hit)
                for n in [1, 15, 16, 17, 1001] {
                    let expected = try runSaxpy(fresh, n: n, width: width)
                    #expect(expected == expectedSaxpy(n: n))
                    #expect(try runSaxpy(stored, n: n, width: width) == expected)
                    #expect(try runSaxpy(loaded, n: n, width: width) == expected)
                }
            }
        }
    }

    @Test func compileAllCompilesConcurrentlyInInputOrder() throws {
        try withTemporaryCache { cache in
            let kernels = [1, 2, 4, 8, 16].map { saxpyKernel(name: "saxpy_w\($0)", width: $0) }
            let compiler = CachedCPUCompiler(cache: cache)
            let cold = compiler.compileAll(kernels, threads: 4)
            let coldResults = try cold.map { try $0.get() }
            #expect(coldResults.map(\.kernel.name) == kernels.map(\.name))
            #expect(coldResults.allSatisfy { $0.outcome == .miss })
            let warm = try compiler.compileAll(kernels, threads: 4).map { try $0.get() }
            #expect(warm.allSatisfy { $0.outcome == .hit })
        }
    }

    @Test func ptxIsCachedPerArchitecture() throws {
        try withTemporaryCache { cache in
            let compiler = CachedPTXCompiler(cache: cache)
            let kernel = saxpyKernel(convention: .gpu)
            let cold = try compiler.ptx(kernel, gpu: .sm_80)
            let warm = try compiler.ptx(kernel, gpu: .sm_80)
            #expect(cold.outcome == .miss && warm.outcome == .hit)
            let fresh = try PTXCompiler().ptx(kernel, gpu: .sm_80)
            #expect(warm.text == cold.text && cold.text == fresh)
            #expect(try compiler.ptx(kernel, gpu: .sm_90).outcome == .miss)
            #expect(cache.statistics().rows[.ptx]?.entries == 2)
        }
    }

    @Test func cacheDirectoryFollowsFlagThenEnvironmentThenXDGThenHome() {
        #expect(CacheDirectory.resolve(explicit: "/a", environment: ["QUANTJIT_CACHE_DIR": "/b"]).path == "/a")
        #expect(CacheDirectory.resolve(environment: ["QUANTJIT_CACHE_DIR": "/b", "XDG_CACHE_HOME": "/c"]).path == "/b")
        #expect(CacheDirectory.resolve(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path == "/c/quantjit")
        #expect(CacheDirectory.resolve(environment: ["HOME": "/h"]).path == "/h/.cache/quantjit")
    }
}

func expectedSaxpy(n: Int) -> [Float] { (0..<n).map { 3 * Float($0) * 0.25 + Float($0 % 5) } }

func runSaxpy(_ kernel: CPUKernel, n: Int, width: Int = 8) throws -> [Float] {
    let x = (0..<n).map { Float($0) * 0.25 }
    var y = (0..<n).map { Float($0 % 5) }
    try x.withUnsafeBufferPointer { xp in
        try y.withUnsafeMutableBufferPointer { yp in
            try GridRunner(threads: 2).run(kernel, [.pointer(xp), .pointer(yp), .float(3), .int(n)], programs: (n + width - 1) / width)
        }
    }
    return y
}
