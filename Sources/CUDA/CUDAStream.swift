/// A CUDA stream: work on one stream runs in order; work on different streams may overlap.
/// Where an API takes `stream: CUDAStream?`, `nil` is the context's default (legacy) stream.
public final class CUDAStream: @unchecked Sendable {
    /// The context the stream belongs to.
    public let context: CUDAContext
    let handle: CUhandle

    /// Creates a stream (`cuStreamCreate`). A non-blocking stream does not wait on the
    /// default stream.
    public init(context: CUDAContext, nonBlocking: Bool = false) throws {
        try context.makeCurrent()
        let driver = context.driver
        var stream: CUhandle? = nil
        try driver.check(
            driver.cuStreamCreate(&stream, nonBlocking ? CUConstant.streamNonBlocking : 0), "cuStreamCreate")
        guard let stream else { throw CUDAError.invalidArgument("cuStreamCreate returned no stream") }
        self.context = context
        self.handle = stream
    }

    deinit {
        _ = context.driver.cuCtxSetCurrent(context.handle)
        _ = context.driver.cuStreamDestroy(handle)
    }

    /// Waits until all work queued on this stream has finished (`cuStreamSynchronize`).
    public func synchronize() throws {
        try context.makeCurrent()
        try context.driver.check(context.driver.cuStreamSynchronize(handle), "cuStreamSynchronize")
    }
}

/// A CUDA event: a marker in a stream, used to wait for work and to time it on the device.
public final class CUDAEvent: @unchecked Sendable {
    /// The context the event belongs to.
    public let context: CUDAContext
    let handle: CUhandle

    /// Creates an event (`cuEventCreate`); `timing: false` makes a lighter event that cannot
    /// be timed.
    public init(context: CUDAContext, timing: Bool = true) throws {
        try context.makeCurrent()
        let driver = context.driver
        var event: CUhandle? = nil
        try driver.check(
            driver.cuEventCreate(&event, timing ? 0 : CUConstant.eventDisableTiming), "cuEventCreate")
        guard let event else { throw CUDAError.invalidArgument("cuEventCreate returned no event") }
        self.context = context
        self.handle = event
    }

    deinit {
        _ = context.driver.cuCtxSetCurrent(context.handle)
        _ = context.driver.cuEventDestroy(handle)
    }

    /// Records the event on `stream` (`cuEventRecord`): it completes when the work queued
    /// before it has finished.
    public func record(on stream: CUDAStream? = nil) throws {
        try context.makeCurrent()
        try context.driver.check(context.driver.cuEventRecord(handle, stream?.handle), "cuEventRecord")
    }

    /// Waits until the event has completed (`cuEventSynchronize`).
    public func synchronize() throws {
        try context.makeCurrent()
        try context.driver.check(context.driver.cuEventSynchronize(handle), "cuEventSynchronize")
    }

    /// Milliseconds on the device between `start` and this event (`cuEventElapsedTime`); both
    /// must have been recorded, and this one must have completed (call ``synchronize()``).
    public func elapsedMilliseconds(since start: CUDAEvent) throws -> Double {
        try context.makeCurrent()
        var milliseconds: Float = 0
        try context.driver.check(
            context.driver.cuEventElapsedTime(&milliseconds, start.handle, handle), "cuEventElapsedTime")
        return Double(milliseconds)
    }
}
