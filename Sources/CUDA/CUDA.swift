/// The CUDA driver API, loaded at run time with `dlopen("libcuda.so.1")`: no CUDA toolkit is
/// needed to build, and on a machine without a driver every entry point throws
/// ``CUDAError/driverUnavailable(reason:)``.
///
/// Start from a device and its context:
/// ```swift
/// let context = try CUDAContext(device: CUDADevice(ordinal: 0))
/// let module = try CUDAModule(context: context, ptx: ptxText)
/// let kernel = try module.function(named: "vector_add")
/// let a = try DeviceBuffer(context: context, copying: hostA)
/// …
/// try kernel.launch(grid: Dim3(blocks), block: Dim3(256), arguments: a, b, c, UInt32(n))
/// let result = try c.toArray()
/// ```
public enum CUDA {
    /// Whether a driver loaded, initialised, and reports at least one device.
    public static var isAvailable: Bool {
        (try? deviceCount()) ?? 0 > 0
    }

    /// Why the driver is unavailable, or `nil` when it loaded.
    public static var unavailableReason: String? {
        switch Driver.shared {
        case .success: nil
        case .failure(let error): error.description
        }
    }

    /// Loads and initialises the driver now (it is otherwise loaded on first use).
    public static func initialize() throws {
        _ = try Driver.get()
    }

    /// The CUDA version the driver supports, e.g. `(13, 0)` (`cuDriverGetVersion`).
    public static func driverVersion() throws -> (major: Int, minor: Int) {
        let driver = try Driver.get()
        var version: Int32 = 0
        try driver.check(driver.cuDriverGetVersion(&version), "cuDriverGetVersion")
        return (Int(version / 1000), Int(version % 1000 / 10))
    }

    /// The number of CUDA devices (`cuDeviceGetCount`).
    public static func deviceCount() throws -> Int {
        let driver = try Driver.get()
        var count: Int32 = 0
        try driver.check(driver.cuDeviceGetCount(&count), "cuDeviceGetCount")
        return Int(count)
    }

    /// Every device, in driver order.
    public static func devices() throws -> [CUDADevice] {
        try (0..<deviceCount()).map { try CUDADevice(ordinal: $0) }
    }
}
