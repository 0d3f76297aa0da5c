/// A CUDA device and the properties that kernel selection and tuning read. The values are read
/// once, when the device is opened.
public struct CUDADevice: Sendable, Hashable, CustomStringConvertible {
    /// The device's ordinal (0 for the first GPU).
    public let ordinal: Int
    /// The marketing name, e.g. "NVIDIA H200".
    public let name: String
    /// The number of streaming multiprocessors (132 on an H200).
    public let multiprocessorCount: Int
    /// The compute capability (9.0 on Hopper).
    public let computeCapability: ComputeCapability
    /// Total device memory in bytes.
    public let totalMemory: Int
    /// Threads per block at most.
    public let maxThreadsPerBlock: Int
    /// Warp width in threads.
    public let warpSize: Int
    /// Shared memory a block gets without opting in (48 KiB).
    public let sharedMemoryPerBlock: Int
    /// Shared memory a block can get after raising the kernel's dynamic limit
    /// (``CUDAFunction/setMaxDynamicSharedMemory(bytes:)``).
    public let sharedMemoryPerBlockOptIn: Int
    /// Shared memory per multiprocessor.
    public let sharedMemoryPerMultiprocessor: Int
    /// L2 cache size in bytes.
    public let l2CacheSize: Int
    /// Resident threads per multiprocessor at most.
    public let maxThreadsPerMultiprocessor: Int

    let handle: CUdevice

    /// A compute capability such as 9.0; `smName` is the PTX target name (`sm_90`).
    public struct ComputeCapability: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let major: Int
        public let minor: Int
        public init(major: Int, minor: Int) {
            self.major = major
            self.minor = minor
        }
        /// The PTX target, e.g. `sm_90`.
        public var smName: String { "sm_\(major)\(minor)" }
        public var description: String { "\(major).\(minor)" }
        public static func < (a: Self, b: Self) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    }

    /// Opens device `ordinal` (`cuDeviceGet`) and reads its properties.
    public init(ordinal: Int) throws {
        let driver = try Driver.get()
        var device: CUdevice = 0
        try driver.check(driver.cuDeviceGet(&device, Int32(ordinal)), "cuDeviceGet(\(ordinal))")
        func attribute(_ attribute: Int32, _ what: String) throws -> Int {
            var value: Int32 = 0
            try driver.check(
                driver.cuDeviceGetAttribute(&value, attribute, device),
                "cuDeviceGetAttribute(\(what), device \(ordinal))")
            return Int(value)
        }
        var nameBuffer = [CChar](repeating: 0, count: 256)
        try driver.check(
            driver.cuDeviceGetName(&nameBuffer, Int32(nameBuffer.count - 1), device),
            "cuDeviceGetName(device \(ordinal))")
        var bytes = 0
        try driver.check(driver.cuDeviceTotalMem(&bytes, device), "cuDeviceTotalMem_v2(device \(ordinal))")

        self.ordinal = ordinal
        self.handle = device
        self.name = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        self.totalMemory = bytes
        self.multiprocessorCount = try attribute(CUConstant.multiprocessorCount, "MULTIPROCESSOR_COUNT")
        self.computeCapability = ComputeCapability(
            major: try attribute(CUConstant.computeCapabilityMajor, "COMPUTE_CAPABILITY_MAJOR"),
            minor: try attribute(CUConstant.computeCapabilityMinor, "COMPUTE_CAPABILITY_MINOR"))
        self.maxThreadsPerBlock = try attribute(CUConstant.maxThreadsPerBlock, "MAX_THREADS_PER_BLOCK")
        self.warpSize = try attribute(CUConstant.warpSize, "WARP_SIZE")
        self.sharedMemoryPerBlock = try attribute(CUConstant.maxSharedMemoryPerBlock, "MAX_SHARED_MEMORY_PER_BLOCK")
        self.sharedMemoryPerBlockOptIn = try attribute(
            CUConstant.maxSharedMemoryPerBlockOptin, "MAX_SHARED_MEMORY_PER_BLOCK_OPTIN")
        self.sharedMemoryPerMultiprocessor = try attribute(
            CUConstant.maxSharedMemoryPerMultiprocessor, "MAX_SHARED_MEMORY_PER_MULTIPROCESSOR")
        self.l2CacheSize = try attribute(CUConstant.l2CacheSize, "L2_CACHE_SIZE")
        self.maxThreadsPerMultiprocessor = try attribute(
            CUConstant.maxThreadsPerMultiprocessor, "MAX_THREADS_PER_MULTIPROCESSOR")
    }

    /// One line: name, SMs, compute capability, memory, L2 and shared memory.
    public var description: String {
        "device \(ordinal): \(name), \(multiprocessorCount) SMs, compute capability \(computeCapability) "
            + "(\(computeCapability.smName)), \(totalMemory >> 20) MiB, L2 \(l2CacheSize >> 10) KiB, "
            + "shared memory per block \(sharedMemoryPerBlock >> 10) KiB (opt-in \(sharedMemoryPerBlockOptIn >> 10) KiB)"
    }
}
