import Compiler
import Foundation
import KernelIR

/// Compiled CPU kernels by canonical variant name: each distinct variant is compiled once per
/// cache, and a batch of missing variants is compiled concurrently. With an on-disk
/// ``CompileCache`` behind the compiler, a variant compiled by an earlier process is loaded
/// as object code instead of being compiled again.
public final class GGUFKernelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var kernels: [String: CPUKernel] = [:]
    private var outcomes: [CacheOutcome] = []
    private var seconds: Double = 0
    private let compiler: CachedCPUCompiler

    public init(compiler: CPUCompiler = CPUCompiler()) { self.compiler = CachedCPUCompiler(compiler: compiler, cache: nil) }

    /// A cache whose misses go through `compiler` (and its on-disk cache, if any).
    public init(cachedCompiler: CachedCPUCompiler) { compiler = cachedCompiler }

    /// Wall-clock seconds spent compiling or loading variants, and how many were disk hits.
    public var statistics: (seconds: Double, variants: Int, diskHits: Int) {
        lock.withLock { (seconds, outcomes.count, outcomes.filter { $0 == .hit }.count) }
    }

    /// The cache the JIT factory uses unless given another.
    public static let shared = GGUFKernelCache()

    /// One variant to compile: its canonical name and how to emit it.
    public struct Request: @unchecked Sendable {
        public var name: String
        public var emit: () throws -> Kernel
        public init(name: String, emit: @escaping () throws -> Kernel) {
            self.name = name
            self.emit = emit
        }
    }

    /// The names of the variants compiled so far, sorted.
    public var compiledNames: [String] { lock.withLock { kernels.keys.sorted() } }

    /// The kernels for `requests` (in order), compiling the missing ones concurrently.
    public func kernels(_ requests: [Request]) throws -> [CPUKernel] {
        var missing: [Request] = []
        lock.withLock {
            var seen = Set<String>()
            for r in requests where kernels[r.name] == nil && seen.insert(r.name).inserted { missing.append(r) }
        }
        if !missing.isEmpty {
            let start = Date()
            let results = compiler.compileAll(try missing.map { try $0.emit() })
            let elapsed = Date().timeIntervalSince(start)
            try lock.withLock {
                seconds += elapsed
                for (i, r) in missing.enumerated() where kernels[r.name] == nil {
                    let compiled = try results[i].get()
                    kernels[r.name] = compiled.kernel
                    outcomes.append(compiled.outcome)
                }
            }
        }
        return lock.withLock { requests.map { kernels[$0.name]! } }
    }
}
