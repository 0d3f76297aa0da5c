/// A device address, as a kernel parameter sees it (`CUdeviceptr`). Carries no ownership.
public struct DevicePointer: Sendable, Hashable, BitwiseCopyable, CustomStringConvertible {
    /// The raw device address.
    public let address: UInt64
    public init(address: UInt64) { self.address = address }
    /// The address `bytes` further on.
    public func advanced(byBytes bytes: Int) -> DevicePointer {
        DevicePointer(address: address &+ UInt64(bitPattern: Int64(bytes)))
    }
    public var description: String { "0x" + String(address, radix: 16) }
}

/// Device memory holding `count` values of `Element`, freed when the buffer goes away
/// (`cuMemAlloc_v2` / `cuMemFree_v2`); `count` may be 0 (no allocation is made then).
///
/// Copies and fills check their sizes and run on the default stream: a copy to the host
/// returns when the data is there; a copy to the device or a fill returns when the host
/// buffer may be reused, possibly before the device has the data. Work on the default stream
/// or a blocking ``CUDAStream`` is ordered after them; a non-blocking stream must wait first
/// (``CUDAContext/synchronize()``).
///
/// Pass a buffer straight to ``CUDAFunction/launch(grid:block:sharedMemoryBytes:stream:arguments:)``:
/// it becomes the `.u64` device address the kernel expects.
public final class DeviceBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    /// The context the memory belongs to.
    public let context: CUDAContext
    /// The number of elements.
    public let count: Int
    /// The device address of the first element.
    public let pointer: DevicePointer

    /// The size in bytes (`count` × the element's stride).
    public var byteCount: Int { count * MemoryLayout<Element>.stride }

    /// Allocates room for `count` elements; the contents are undefined.
    public init(context: CUDAContext, count: Int) throws {
        guard count >= 0 else { throw CUDAError.invalidArgument("DeviceBuffer count \(count) is negative") }
        self.context = context
        self.count = count
        let bytes = count * MemoryLayout<Element>.stride
        if bytes == 0 {
            pointer = DevicePointer(address: 0)
            return
        }
        try context.makeCurrent()
        var address: CUdeviceptr = 0
        try context.driver.check(context.driver.cuMemAlloc(&address, bytes), "cuMemAlloc_v2(\(bytes) bytes)")
        pointer = DevicePointer(address: address)
    }

    /// Allocates a buffer holding a copy of `values`.
    public convenience init(context: CUDAContext, copying values: [Element]) throws {
        try self.init(context: context, count: values.count)
        try copy(from: values)
    }

    deinit {
        if pointer.address != 0 {
            _ = context.driver.cuCtxSetCurrent(context.handle)
            _ = context.driver.cuMemFree(pointer.address)
        }
    }

    private func checkCount(_ other: Int, _ what: String) throws {
        if other != count {
            throw CUDAError.invalidArgument(
                "\(what): host has \(other) elements of \(Element.self), the device buffer \(count)")
        }
    }

    /// Copies `values` (exactly `count` elements) to the device (`cuMemcpyHtoD_v2`).
    public func copy(from values: UnsafeBufferPointer<Element>) throws {
        try checkCount(values.count, "copy to device")
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemcpyHtoD(pointer.address, UnsafeRawPointer(values.baseAddress), byteCount),
            "cuMemcpyHtoD_v2(\(byteCount) bytes)")
    }

    /// Copies `values` (exactly `count` elements) to the device.
    public func copy(from values: [Element]) throws {
        try values.withUnsafeBufferPointer { try copy(from: $0) }
    }

    /// Copies the device contents into `destination` (exactly `count` elements) (`cuMemcpyDtoH_v2`).
    public func copy(to destination: UnsafeMutableBufferPointer<Element>) throws {
        try checkCount(destination.count, "copy to host")
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemcpyDtoH(UnsafeMutableRawPointer(destination.baseAddress), pointer.address, byteCount),
            "cuMemcpyDtoH_v2(\(byteCount) bytes)")
    }

    /// The device contents, copied to the host.
    public func toArray() throws -> [Element] {
        try [Element](unsafeUninitializedCapacity: count) { storage, initialized in
            try copy(to: storage)
            initialized = count
        }
    }

    /// Copies another device buffer of the same length into this one (`cuMemcpyDtoD_v2`).
    public func copy(from source: DeviceBuffer<Element>) throws {
        try checkCount(source.count, "device-to-device copy")
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemcpyDtoD(pointer.address, source.pointer.address, byteCount),
            "cuMemcpyDtoD_v2(\(byteCount) bytes)")
    }

    /// Queues a copy of another device buffer of the same length into this one on `stream`
    /// (`cuMemcpyDtoDAsync_v2`); returns at once.
    public func copy(from source: DeviceBuffer<Element>, stream: CUDAStream?) throws {
        try checkCount(source.count, "asynchronous device-to-device copy")
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemcpyDtoDAsync(pointer.address, source.pointer.address, byteCount, stream?.handle),
            "cuMemcpyDtoDAsync_v2(\(byteCount) bytes)")
    }

    /// Sets every byte to `byte` (`cuMemsetD8_v2`); 0xFF poisons a float buffer with NaNs.
    public func fill(byte: UInt8) throws {
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemsetD8(pointer.address, byte, byteCount), "cuMemsetD8_v2(\(byteCount) bytes)")
    }

    /// Sets every 32-bit word to `word` (`cuMemsetD32_v2`); the buffer's size must be a
    /// multiple of 4 bytes.
    public func fill(word32 word: UInt32) throws {
        guard byteCount % 4 == 0 else {
            throw CUDAError.invalidArgument("fill(word32:) on \(byteCount) bytes, not a multiple of 4")
        }
        guard byteCount > 0 else { return }
        try context.makeCurrent()
        try context.driver.check(
            context.driver.cuMemsetD32(pointer.address, word, byteCount / 4), "cuMemsetD32_v2(\(byteCount / 4) words)")
    }
}
