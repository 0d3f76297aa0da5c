/// A CUDA graph: work captured once from a stream and replayed with one launch
/// (`cuStreamBeginCapture_v2` … `cuStreamEndCapture`, `cuGraphInstantiateWithFlags`,
/// `cuGraphLaunch`). Replays skip most of the per-launch overhead, which dominates when a
/// decode step is many small kernels.
///
/// The captured launches keep the argument values they were captured with: a replay reads and
/// writes the same buffers, which must outlive the graph.
public final class CUDAGraph: @unchecked Sendable {
    /// The context the graph belongs to.
    public let context: CUDAContext
    private let graph: CUhandle
    private let executable: CUhandle

    /// Records the work that `body` queues on `stream` (a stream of its own, not the default
    /// stream) without running it, and instantiates it. Inside `body`, queue work on `stream`
    /// only, and do not synchronize.
    public init(capturing stream: CUDAStream, _ body: () throws -> Void) throws {
        let context = stream.context
        let driver = context.driver
        try context.makeCurrent()
        try driver.check(
            driver.cuStreamBeginCapture(stream.handle, CUConstant.captureModeThreadLocal), "cuStreamBeginCapture_v2")
        var captured: CUhandle? = nil
        do {
            try body()
        } catch {
            _ = driver.cuStreamEndCapture(stream.handle, &captured)
            if let captured { _ = driver.cuGraphDestroy(captured) }
            throw error
        }
        try driver.check(driver.cuStreamEndCapture(stream.handle, &captured), "cuStreamEndCapture")
        guard let captured else { throw CUDAError.invalidArgument("cuStreamEndCapture returned no graph") }
        var executable: CUhandle? = nil
        let status = driver.cuGraphInstantiateWithFlags(&executable, captured, 0)
        guard status == CUConstant.success, let executable else {
            _ = driver.cuGraphDestroy(captured)
            try driver.check(status, "cuGraphInstantiateWithFlags")
            throw CUDAError.invalidArgument("cuGraphInstantiateWithFlags returned no executable graph")
        }
        self.context = context
        self.graph = captured
        self.executable = executable
    }

    deinit {
        _ = context.driver.cuCtxSetCurrent(context.handle)
        _ = context.driver.cuGraphExecDestroy(executable)
        _ = context.driver.cuGraphDestroy(graph)
    }

    /// Queues one replay of the captured work on `stream` (`cuGraphLaunch`).
    public func launch(on stream: CUDAStream? = nil) throws {
        try context.makeCurrent()
        try context.driver.check(context.driver.cuGraphLaunch(executable, stream?.handle), "cuGraphLaunch")
    }
}
