/// Page-locked host memory for `count` values of `Element` (`cuMemHostAlloc` /
/// `cuMemFreeHost`): the only host memory the copy engines read and write directly, so copies
/// with it run at full link speed and truly asynchronously on a stream.
///
/// While an asynchronous copy from or to this buffer is in flight, do not touch the elements
/// and keep the buffer alive; synchronize the stream first.
public final class PinnedHostBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The context the memory is registered with.
    public let context: CUDAContext
    /// The number of elements.
    public let count: Int
    private let base: UnsafeMutableRawPointer?

    /// The size in bytes.
    public var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// Allocates page-locked memory for `count` elements; the contents are undefined.
    public init(context: CUDAContext, count: Int) throws {
        guard count >= 0 else { throw CUDAError.invalidArgument("PinnedHostBuffer count \(count) is negative") }
        self.context = context
        self.count = count
        let bytes = count * MemoryLayout<Element>.stride
        guard bytes > 0 else {
            base = nil
            return
        }
        try context.makeCurrent()
        var pointer: UnsafeMutableRawPointer? = nil
        try context.driver.check(context.driver.cuMemHostAlloc(&pointer, bytes, 0), "cuMemHostAlloc(\(bytes) bytes)")
        base = pointer
    }

    deinit {
        if let base {
            _ = context.driver.cuCtxSetCurrent(context.handle)
            _ = context.driver.cuMemFreeHost(base)
        }
    }

    /// The elements, for reading and writing on the host.
    public var elements: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base?.assumingMemoryBound(to: Element.self), count: count)
    }

    /// Copies `values` (exactly `count` of them) into the buffer.
    public func assign(_ values: [Element]) throws {
        guard values.count == count else {
            throw CUDAError.invalidArgument("assign: \(values.count) values into a pinned buffer of \(count)")
        }
        _ = elements.update(fromContentsOf: values)
    }

    /// The elements as an array.
    public func toArray() -> [Element] { Array(elements) }
}

extension DeviceBuffer {
    private func checkSameCount<Host>(_ host: PinnedHostBuffer<Host>, _ what: String) throws {
        guard host.count == count else {
            throw CUDAError.invalidArgument("\(what): the pinned buffer has \(host.count) elements, the device buffer \(count)")
        }
    }

    /// Queues a copy of `source` to the device on `stream` (`cuMemcpyHtoDAsync_v2`); returns
    /// at once.
    public func copy(from source: PinnedHostBuffer<Element>, stream: CUDAStream?) throws {
        try checkSameCount(source, "asynchronous copy to device")
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemcpyHtoDAsync(pointer.address, UnsafeRawPointer(source.elements.baseAddress), byteCount, stream?.handle),
            "cuMemcpyHtoDAsync_v2(\(byteCount) bytes)")
    }

    /// Queues a copy of the device contents into `destination` on `stream`
    /// (`cuMemcpyDtoHAsync_v2`); the data is there once the stream has reached this point.
    public func copy(to destination: PinnedHostBuffer<Element>, stream: CUDAStream?) throws {
        try checkSameCount(destination, "asynchronous copy to host")
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemcpyDtoHAsync(UnsafeMutableRawPointer(destination.elements.baseAddress), pointer.address, byteCount, stream?.handle),
            "cuMemcpyDtoHAsync_v2(\(byteCount) bytes)")
    }
}
