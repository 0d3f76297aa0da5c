import Compiler
import Checkpoint
import Dispatch
import Quantization

/// A linear layer `y = W·x` over a batch: the seam where JIT-compiled kernels plug in.
///
/// `x` holds `rows` input vectors of ``inputCount`` floats one after another; `y` receives
/// `rows` output vectors of ``outputCount`` floats. Implementations must be safe to call from
/// one thread at a time and may use any number of threads internally.
public protocol LinearKernel: Sendable {
    /// Length of an input vector (the weight's row length, GGUF `ne[0]`).
    var inputCount: Int { get }
    /// Length of an output vector (the weight's row count).
    var outputCount: Int { get }
    /// Computes `y[r] = W · x[r]` for every row `r` of the batch.
    func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>)
}

/// Makes a ``LinearKernel`` for a GGUF weight tensor; the model runner asks it for every
/// linear layer at load time.
public protocol LinearKernelFactory: Sendable {
    /// A kernel computing with `tensor` of `file` (`file` owns the memory-mapped data; keep it).
    func makeLinear(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool) throws -> LinearKernel
}

/// Runs data-parallel loops on a fixed number of threads (a persistent ``ThreadTeam``).
public struct ThreadPool: Sendable {
    /// How many chunks a loop is cut into at most (≥ 1).
    public let threads: Int

    public init(threads: Int) { self.threads = max(1, threads) }

    /// All active processors.
    public static var allCores: ThreadPool { ThreadPool(threads: ProcessInfoCores.active) }

    /// Calls `body` on contiguous sub-ranges covering `0..<count`, in parallel.
    public func forEachRange(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        let chunks = min(threads, max(1, count / max(1, minimumChunk)))
        if chunks == 1 { body(0..<count); return }
        ThreadTeam.shared(size: threads).run { chunk in
            guard chunk < chunks else { return }
            let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
            if start < end { body(start..<end) }
        }
    }
}

/// Wraps a value that is shared across the threads of one parallel loop, each touching
/// disjoint memory.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

enum ProcessInfoCores {
    static var active: Int {
        #if canImport(Glibc)
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
        return 4
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
