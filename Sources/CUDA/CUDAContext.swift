/// A CUDA context: the device's primary context (shared by every user of the device in this
/// process, the default) or a context of its own.
///
/// The driver keeps a *current* context per thread. Every operation of this module makes its
/// object's context current on the calling thread first, so objects can be used from any
/// thread (Swift Testing runs tests in parallel on a thread pool). Objects that live on the
/// device (buffers, modules, streams, events) keep their context alive.
public final class CUDAContext: @unchecked Sendable {
    /// The device this context belongs to.
    public let device: CUDADevice
    /// Whether this is the device's primary context.
    public let isPrimary: Bool

    let handle: CUhandle
    let driver: Driver

    /// Retains the primary context of `device` (`cuDevicePrimaryCtxRetain`); released in `deinit`.
    public init(device: CUDADevice) throws {
        let driver = try Driver.get()
        var context: CUhandle? = nil
        try driver.check(
            driver.cuDevicePrimaryCtxRetain(&context, device.handle),
            "cuDevicePrimaryCtxRetain(device \(device.ordinal))")
        guard let context else {
            throw CUDAError.invalidArgument("cuDevicePrimaryCtxRetain returned no context")
        }
        self.device = device
        self.driver = driver
        self.handle = context
        self.isPrimary = true
    }

    /// Creates a context of its own on `device` (`cuCtxCreate_v2`, else `cuCtxCreate_v4`);
    /// destroyed in `deinit`. The new context becomes current on the calling thread.
    /// Memory, modules and streams of this context are not visible from other contexts.
    public init(creatingOn device: CUDADevice) throws {
        let driver = try Driver.get()
        var context: CUhandle? = nil
        if let create = driver.cuCtxCreate {
            try driver.check(create(&context, 0, device.handle), "cuCtxCreate_v2(device \(device.ordinal))")
        } else if let create = driver.cuCtxCreateV4 {
            try driver.check(create(&context, nil, 0, device.handle), "cuCtxCreate_v4(device \(device.ordinal))")
        } else {
            throw CUDAError.driverUnavailable(reason: "\(Driver.libraryName) has neither cuCtxCreate_v2 nor cuCtxCreate_v4")
        }
        guard let context else {
            throw CUDAError.invalidArgument("cuCtxCreate_v2 returned no context")
        }
        self.device = device
        self.driver = driver
        self.handle = context
        self.isPrimary = false
    }

    deinit {
        if isPrimary {
            _ = driver.cuDevicePrimaryCtxRelease(device.handle)
        } else {
            _ = driver.cuCtxDestroy(handle)
        }
    }

    /// Makes this context current on the calling thread (`cuCtxSetCurrent`).
    public func makeCurrent() throws {
        try driver.check(driver.cuCtxSetCurrent(handle), "cuCtxSetCurrent")
    }

    /// Waits until all work of this context has finished (`cuCtxSynchronize`). Errors of
    /// earlier asynchronous work (a faulting kernel) surface here.
    public func synchronize() throws {
        try makeCurrent()
        try driver.check(driver.cuCtxSynchronize(), "cuCtxSynchronize")
    }

    /// Free and total device memory in bytes (`cuMemGetInfo_v2`).
    public func memoryInfo() throws -> (free: Int, total: Int) {
        try makeCurrent()
        var free = 0, total = 0
        try driver.check(driver.cuMemGetInfo(&free, &total), "cuMemGetInfo_v2")
        return (free, total)
    }
}
