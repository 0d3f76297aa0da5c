import Compiler
import Foundation
import KernelIR

/// Compiled CPU kernels by canonical variant name: each distinct variant is compiled once per
/// cache, and a batch of missing variants is compiled concurrently.
public final class GGUFKernelCache: @unchecked Sendable {
    private let lock = NSLock()
    private var kernels: [String: CPUKernel] = [:]
    private let compiler: CPUCompiler

    public init(compiler: CPUCompiler = CPUCompiler()) { self.compiler = compiler }

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
            let results = UnsafeMutableBufferPointer<Result<CPUKernel, Error>?>.allocate(capacity: missing.count)
            results.initialize(repeating: nil)
            defer { results.deallocate() }
            let compiler = compiler, box = ResultsBox(results), todo = missing
            DispatchQueue.concurrentPerform(iterations: missing.count) { i in
                box.results[i] = Result { try compiler.compile(try todo[i].emit()) }
            }
            try lock.withLock {
                for (i, r) in missing.enumerated() where kernels[r.name] == nil {
                    kernels[r.name] = try results[i]!.get()
                }
            }
        }
        return lock.withLock { requests.map { kernels[$0.name]! } }
    }

    private struct ResultsBox: @unchecked Sendable {
        let results: UnsafeMutableBufferPointer<Result<CPUKernel, Error>?>
        init(_ r: UnsafeMutableBufferPointer<Result<CPUKernel, Error>?>) { results = r }
    }
}
