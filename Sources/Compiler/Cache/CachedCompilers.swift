import CLLVM
import Foundation
import KernelIR

/// Whether a compilation was served from the compile cache.
public enum CacheOutcome: String, Sendable {
    /// Loaded from disk; LLVM's optimizer and code generator did not run.
    case hit
    /// Compiled fresh (and stored).
    case miss
    /// Compiled fresh with no cache configured.
    case uncached
}

/// A ``CPUCompiler`` in front of a ``CompileCache``: object code is looked up by
/// ``CompileCacheKey`` and, on a hit, handed straight to a fresh LLJIT
/// (`LLVMOrcLLJITAddObjectFile` over a copy of the bytes); on a miss it is compiled, stored
/// and linked the same way.
public struct CachedCPUCompiler: Sendable {
    public var compiler: CPUCompiler
    /// Nil compiles without a cache.
    public var cache: CompileCache?
    /// The host, as keyed (and as ``CPUCompiler`` targets it).
    public let target: CodeTarget

    public init(compiler: CPUCompiler = CPUCompiler(), cache: CompileCache?) {
        self.compiler = compiler
        self.cache = cache
        target = .host
    }

    /// The key under which this kernel's object code is stored.
    public func key(for kernel: Kernel) throws -> CompileCacheKey {
        try CompileCacheKey(artifact: .object, kernel: kernel, target: target, pipeline: compiler.pipeline.names,
                            llvmPipeline: compiler.llvmPipeline)
    }

    /// Compiles (or loads) the kernel into callable code.
    public func compile(_ kernel: Kernel) throws -> CPUKernel { try compileWithOutcome(kernel).kernel }

    public func compileWithOutcome(_ kernel: Kernel) throws -> (kernel: CPUKernel, outcome: CacheOutcome) {
        let (bytes, outcome) = try objectCode(kernel)
        return (try CPUKernel(name: kernel.name, parameters: kernel.parameters, objectCode: bytes), outcome)
    }

    /// The kernel's object code, from the cache or freshly generated.
    public func objectCode(_ kernel: Kernel) throws -> (bytes: [UInt8], outcome: CacheOutcome) {
        guard let cache else { return (try compiler.objectCode(kernel), .uncached) }
        let (bytes, hit) = try cache.payload(for: try key(for: kernel)) { try compiler.objectCode(kernel) }
        return (bytes, hit ? .hit : .miss)
    }

    /// Compiles many kernels concurrently on all cores (as at model load), in input order.
    public func compileAll(_ kernels: [Kernel], threads: Int = ProcessInfo.processInfo.activeProcessorCount)
        -> [Result<(kernel: CPUKernel, outcome: CacheOutcome), any Error>] {
        Parallel.map(kernels, threads: threads) { k in Result { try compileWithOutcome(k) } }
    }
}

/// A ``PTXCompiler`` in front of a ``CompileCache``: PTX text keyed by the kernel, the GPU
/// architecture and the PTX ISA version.
public struct CachedPTXCompiler: Sendable {
    public var compiler: PTXCompiler
    public var cache: CompileCache?

    public init(compiler: PTXCompiler = PTXCompiler(), cache: CompileCache?) {
        self.compiler = compiler
        self.cache = cache
    }

    public func key(for kernel: Kernel, gpu: GPUArchitecture, ptx: Int? = nil) throws -> CompileCacheKey {
        try CompileCacheKey(artifact: .ptx, kernel: kernel, target: .gpu(gpu, ptx: ptx), pipeline: compiler.pipeline.names,
                            llvmPipeline: compiler.llvmPipeline)
    }

    /// PTX for the kernel, from the cache or freshly emitted.
    public func ptx(_ kernel: Kernel, gpu: GPUArchitecture, ptx: Int? = nil) throws -> (text: String, outcome: CacheOutcome) {
        guard let cache else { return (try compiler.ptx(kernel, gpu: gpu, ptx: ptx), .uncached) }
        let (bytes, hit) = try cache.payload(for: try key(for: kernel, gpu: gpu, ptx: ptx)) {
            Array(try compiler.ptx(kernel, gpu: gpu, ptx: ptx).utf8)
        }
        return (String(decoding: bytes, as: UTF8.self), hit ? .hit : .miss)
    }
}

extension CPUCompiler {
    /// The kernel's relocatable object code for the host (what ``compile(_:)`` links).
    public func objectCode(_ kernel: Kernel) throws -> [UInt8] {
        let (tm, m) = try optimizedModule(kernel)
        let buffer = try tm.emit(m, LLVMObjectFile, kernel: kernel.name)
        defer { LLVMDisposeMemoryBuffer(buffer) }
        let size = LLVMGetBufferSize(buffer)
        guard size > 0, let start = LLVMGetBufferStart(buffer) else { return [] }
        return start.withMemoryRebound(to: UInt8.self, capacity: size) { Array(UnsafeBufferPointer(start: $0, count: size)) }
    }
}

extension CPUKernel {
    /// Links object code (as produced by ``CPUCompiler/objectCode(_:)``) into a fresh LLJIT.
    /// The bytes are copied into an LLVM memory buffer, which the JIT takes over.
    public convenience init(name: String, parameters: [Parameter], objectCode: [UInt8]) throws {
        let buffer = objectCode.withUnsafeBufferPointer { p in
            p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: p.count) {
                LLVMCreateMemoryBufferWithMemoryRangeCopy($0, p.count, name)!
            }
        }
        try self.init(name: name, parameters: parameters, object: buffer)
    }
}

/// Parallel helpers for work that is independent per item (compiling variants).
public enum Parallel {
    /// `transform` over `items` on up to `threads` threads, each taking the next unclaimed
    /// item; results in input order.
    public static func map<T: Sendable, R>(_ items: [T], threads: Int, _ transform: @Sendable (T) -> R) -> [R] {
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let cursor = Cursor()
        let address = UInt(bitPattern: results.baseAddress)  // the results outlive the parallel loop
        withoutActuallyEscaping(transform) { transform in
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, items.count))) { _ in
                while let i = cursor.claim(below: items.count) {
                    UnsafeMutablePointer<R?>(bitPattern: address)![i] = transform(items[i])
                }
            }
        }
        return (0..<items.count).map { results[$0]! }
    }

    private final class Cursor: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        func claim(below end: Int) -> Int? {
            lock.withLock {
                guard next < end else { return nil }
                defer { next += 1 }
                return next
            }
        }
    }
}
