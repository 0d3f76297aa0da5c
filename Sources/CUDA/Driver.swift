#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The slice of the CUDA driver API (cuda.h) that QuantJIT uses, declared here so that no CUDA
// toolkit is needed at build time. Every entry point is looked up with `dlsym` in
// `libcuda.so.1`; versioned names (`_v2`) are the ones `cuda.h` maps the plain names to.

/// `CUresult`: 0 is success.
typealias CUresult = Int32
/// `CUdevice`: a device ordinal as the driver sees it.
typealias CUdevice = Int32
/// `CUdeviceptr`: a device address.
typealias CUdeviceptr = UInt64
/// `CUcontext`, `CUmodule`, `CUfunction`, `CUstream`, `CUevent`: opaque handles.
typealias CUhandle = OpaquePointer

typealias CUHandleOut = UnsafeMutablePointer<CUhandle?>

/// Constants from `cuda.h` (enum values are part of the driver's ABI).
enum CUConstant {
    static let success: CUresult = 0
    static let errorInvalidValue: CUresult = 1

    // CUdevice_attribute
    static let maxThreadsPerBlock: Int32 = 1
    static let maxSharedMemoryPerBlock: Int32 = 8
    static let warpSize: Int32 = 10
    static let clockRate: Int32 = 13
    static let multiprocessorCount: Int32 = 16
    static let memoryClockRate: Int32 = 36
    static let globalMemoryBusWidth: Int32 = 37
    static let l2CacheSize: Int32 = 38
    static let maxThreadsPerMultiprocessor: Int32 = 39
    static let computeCapabilityMajor: Int32 = 75
    static let computeCapabilityMinor: Int32 = 76
    static let maxSharedMemoryPerMultiprocessor: Int32 = 81
    static let maxSharedMemoryPerBlockOptin: Int32 = 97

    // CUfunction_attribute
    static let funcMaxThreadsPerBlock: Int32 = 0
    static let funcSharedSizeBytes: Int32 = 1
    static let funcConstSizeBytes: Int32 = 2
    static let funcLocalSizeBytes: Int32 = 3
    static let funcNumRegs: Int32 = 4
    static let funcPTXVersion: Int32 = 5
    static let funcBinaryVersion: Int32 = 6
    static let funcMaxDynamicSharedSizeBytes: Int32 = 8

    // CUjit_option
    static let jitWallTime: Int32 = 2
    static let jitInfoLogBuffer: Int32 = 3
    static let jitInfoLogBufferSizeBytes: Int32 = 4
    static let jitErrorLogBuffer: Int32 = 5
    static let jitErrorLogBufferSizeBytes: Int32 = 6
    static let jitOptimizationLevel: Int32 = 7
    static let jitLogVerbose: Int32 = 12

    // CUevent_flags
    static let eventDisableTiming: UInt32 = 2
    // CUstream_flags
    static let streamNonBlocking: UInt32 = 1
    // CUstreamCaptureMode
    static let captureModeThreadLocal: Int32 = 1
}

/// The driver's entry points, resolved once per process. Function pointers are immutable, and
/// the driver API itself is thread-safe, so the table is shared freely.
final class Driver: @unchecked Sendable {
    typealias GetErrorText = @convention(c) (CUresult, UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> CUresult
    typealias IntOut = @convention(c) (UnsafeMutablePointer<Int32>?) -> CUresult
    typealias Handle = @convention(c) (CUhandle?) -> CUresult
    typealias Device = @convention(c) (CUdevice) -> CUresult
    typealias NoArguments = @convention(c) () -> CUresult
    typealias CreateWithFlags = @convention(c) (CUHandleOut?, UInt32) -> CUresult

    let handle: UnsafeMutableRawPointer

    let cuInit: @convention(c) (UInt32) -> CUresult
    let cuGetErrorName: GetErrorText
    let cuGetErrorString: GetErrorText
    let cuDriverGetVersion: IntOut
    let cuDeviceGetCount: IntOut
    let cuDeviceGet: @convention(c) (UnsafeMutablePointer<CUdevice>?, Int32) -> CUresult
    let cuDeviceGetName: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, CUdevice) -> CUresult
    let cuDeviceGetAttribute: @convention(c) (UnsafeMutablePointer<Int32>?, Int32, CUdevice) -> CUresult
    let cuDeviceTotalMem: @convention(c) (UnsafeMutablePointer<Int>?, CUdevice) -> CUresult

    let cuDevicePrimaryCtxRetain: @convention(c) (CUHandleOut?, CUdevice) -> CUresult
    let cuDevicePrimaryCtxRelease: Device
    /// Optional: CUDA 13 headers map `cuCtxCreate` to a new signature; the driver keeps `_v2`.
    let cuCtxCreate: (@convention(c) (CUHandleOut?, UInt32, CUdevice) -> CUresult)?
    /// Optional: the CUDA 12.5+ form; with null parameters it acts as `cuCtxCreate_v2`.
    let cuCtxCreateV4: (@convention(c) (CUHandleOut?, UnsafeMutableRawPointer?, UInt32, CUdevice) -> CUresult)?
    let cuCtxDestroy: Handle
    let cuCtxSetCurrent: Handle
    let cuCtxSynchronize: NoArguments
    let cuMemGetInfo: @convention(c) (UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?) -> CUresult

    let cuStreamCreate: CreateWithFlags
    let cuStreamDestroy: Handle
    let cuStreamSynchronize: Handle
    let cuEventCreate: CreateWithFlags
    let cuEventDestroy: Handle
    let cuEventRecord: @convention(c) (CUhandle?, CUhandle?) -> CUresult
    let cuEventSynchronize: Handle
    let cuEventElapsedTime: @convention(c) (UnsafeMutablePointer<Float>?, CUhandle?, CUhandle?) -> CUresult

    let cuMemAlloc: @convention(c) (UnsafeMutablePointer<CUdeviceptr>?, Int) -> CUresult
    let cuMemFree: @convention(c) (CUdeviceptr) -> CUresult
    let cuMemcpyHtoD: @convention(c) (CUdeviceptr, UnsafeRawPointer?, Int) -> CUresult
    let cuMemcpyDtoH: @convention(c) (UnsafeMutableRawPointer?, CUdeviceptr, Int) -> CUresult
    let cuMemcpyDtoD: @convention(c) (CUdeviceptr, CUdeviceptr, Int) -> CUresult
    let cuMemsetD8: @convention(c) (CUdeviceptr, UInt8, Int) -> CUresult
    let cuMemsetD32: @convention(c) (CUdeviceptr, UInt32, Int) -> CUresult

    let cuMemHostAlloc: @convention(c) (UnsafeMutablePointer<UnsafeMutableRawPointer?>?, Int, UInt32) -> CUresult
    let cuMemFreeHost: @convention(c) (UnsafeMutableRawPointer?) -> CUresult
    let cuMemcpyHtoDAsync: @convention(c) (CUdeviceptr, UnsafeRawPointer?, Int, CUhandle?) -> CUresult
    let cuMemcpyDtoHAsync: @convention(c) (UnsafeMutableRawPointer?, CUdeviceptr, Int, CUhandle?) -> CUresult
    let cuMemcpyDtoDAsync: @convention(c) (CUdeviceptr, CUdeviceptr, Int, CUhandle?) -> CUresult

    let cuStreamBeginCapture: @convention(c) (CUhandle?, Int32) -> CUresult
    let cuStreamEndCapture: @convention(c) (CUhandle?, CUHandleOut?) -> CUresult
    let cuGraphInstantiateWithFlags: @convention(c) (CUHandleOut?, CUhandle?, UInt64) -> CUresult
    let cuGraphLaunch: @convention(c) (CUhandle?, CUhandle?) -> CUresult
    let cuGraphExecDestroy: Handle
    let cuGraphDestroy: Handle
    let cuOccupancyMaxActiveBlocksPerMultiprocessor: @convention(c) (
        UnsafeMutablePointer<Int32>?, CUhandle?, Int32, Int
    ) -> CUresult

    let cuModuleLoadDataEx: @convention(c) (
        CUHandleOut?, UnsafeRawPointer?, UInt32,
        UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> CUresult
    let cuModuleUnload: Handle
    let cuModuleGetFunction: @convention(c) (CUHandleOut?, CUhandle?, UnsafePointer<CChar>?) -> CUresult
    let cuModuleGetGlobal: @convention(c) (
        UnsafeMutablePointer<CUdeviceptr>?, UnsafeMutablePointer<Int>?, CUhandle?, UnsafePointer<CChar>?
    ) -> CUresult
    let cuFuncGetAttribute: @convention(c) (UnsafeMutablePointer<Int32>?, Int32, CUhandle?) -> CUresult
    let cuFuncSetAttribute: @convention(c) (CUhandle?, Int32, Int32) -> CUresult
    /// Optional: added in CUDA 12.4.
    let cuFuncGetParamInfo: (@convention(c) (CUhandle?, Int, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?) -> CUresult)?
    /// Optional: added in CUDA 13.2 (the H200 machine's 13.0 driver lacks it).
    let cuFuncGetParamCount: (@convention(c) (CUhandle?, UnsafeMutablePointer<Int>?) -> CUresult)?
    let cuLaunchKernel: @convention(c) (
        CUhandle?, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, CUhandle?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> CUresult
    /// Optional: added in CUDA 11.8. Takes a `CUlaunchConfig` (``LaunchConfigLayout``).
    let cuLaunchKernelEx: (@convention(c) (
        UnsafeRawPointer?, CUhandle?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<UnsafeMutableRawPointer?>?
    ) -> CUresult)?

    /// The library name handed to `dlopen`.
    static let libraryName = "libcuda.so.1"

    /// The process-wide driver: loaded and initialised (`cuInit(0)`) on first use.
    static let shared: Result<Driver, CUDAError> = {
        do throws(CUDAError) {
            return .success(try Driver.load())
        } catch {
            return .failure(error)
        }
    }()

    /// The loaded driver, or `CUDAError.driverUnavailable`.
    static func get() throws(CUDAError) -> Driver {
        try shared.get()
    }

    private static func load() throws(CUDAError) -> Driver {
        guard let handle = dlopen(libraryName, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw .driverUnavailable(reason: "cannot load \(libraryName) (no NVIDIA driver on this machine?): \(reason)")
        }
        let driver = try Driver(handle: handle)
        let status = driver.cuInit(0)
        if status != CUConstant.success {
            let failure = driver.describe(status)
            throw .driverUnavailable(
                reason: "\(libraryName) loaded but cuInit(0) failed with \(failure.name) (\(status)): \(failure.message)"
            )
        }
        return driver
    }

    private init(handle: UnsafeMutableRawPointer) throws(CUDAError) {
        self.handle = handle
        func symbol<T>(_ name: String, _: T.Type = T.self) throws(CUDAError) -> T {
            guard let address = dlsym(handle, name) else {
                throw .driverUnavailable(reason: "\(Driver.libraryName) has no symbol \(name) (driver too old?)")
            }
            return unsafeBitCast(address, to: T.self)
        }
        func optionalSymbol<T>(_ name: String, _: T.Type = T.self) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
        }
        cuInit = try symbol("cuInit")
        cuGetErrorName = try symbol("cuGetErrorName")
        cuGetErrorString = try symbol("cuGetErrorString")
        cuDriverGetVersion = try symbol("cuDriverGetVersion")
        cuDeviceGetCount = try symbol("cuDeviceGetCount")
        cuDeviceGet = try symbol("cuDeviceGet")
        cuDeviceGetName = try symbol("cuDeviceGetName")
        cuDeviceGetAttribute = try symbol("cuDeviceGetAttribute")
        cuDeviceTotalMem = try symbol("cuDeviceTotalMem_v2")
        cuDevicePrimaryCtxRetain = try symbol("cuDevicePrimaryCtxRetain")
        cuDevicePrimaryCtxRelease = try symbol("cuDevicePrimaryCtxRelease_v2")
        cuCtxCreate = optionalSymbol("cuCtxCreate_v2")
        cuCtxCreateV4 = optionalSymbol("cuCtxCreate_v4")
        cuCtxDestroy = try symbol("cuCtxDestroy_v2")
        cuCtxSetCurrent = try symbol("cuCtxSetCurrent")
        cuCtxSynchronize = try symbol("cuCtxSynchronize")
        cuMemGetInfo = try symbol("cuMemGetInfo_v2")
        cuStreamCreate = try symbol("cuStreamCreate")
        cuStreamDestroy = try symbol("cuStreamDestroy_v2")
        cuStreamSynchronize = try symbol("cuStreamSynchronize")
        cuEventCreate = try symbol("cuEventCreate")
        cuEventDestroy = try symbol("cuEventDestroy_v2")
        cuEventRecord = try symbol("cuEventRecord")
        cuEventSynchronize = try symbol("cuEventSynchronize")
        cuEventElapsedTime = try symbol("cuEventElapsedTime")
        cuMemAlloc = try symbol("cuMemAlloc_v2")
        cuMemFree = try symbol("cuMemFree_v2")
        cuMemcpyHtoD = try symbol("cuMemcpyHtoD_v2")
        cuMemcpyDtoH = try symbol("cuMemcpyDtoH_v2")
        cuMemcpyDtoD = try symbol("cuMemcpyDtoD_v2")
        cuMemsetD8 = try symbol("cuMemsetD8_v2")
        cuMemsetD32 = try symbol("cuMemsetD32_v2")
        cuMemHostAlloc = try symbol("cuMemHostAlloc")
        cuMemFreeHost = try symbol("cuMemFreeHost")
        cuMemcpyHtoDAsync = try symbol("cuMemcpyHtoDAsync_v2")
        cuMemcpyDtoHAsync = try symbol("cuMemcpyDtoHAsync_v2")
        cuMemcpyDtoDAsync = try symbol("cuMemcpyDtoDAsync_v2")
        cuStreamBeginCapture = try symbol("cuStreamBeginCapture_v2")
        cuStreamEndCapture = try symbol("cuStreamEndCapture")
        cuGraphInstantiateWithFlags = try symbol("cuGraphInstantiateWithFlags")
        cuGraphLaunch = try symbol("cuGraphLaunch")
        cuGraphExecDestroy = try symbol("cuGraphExecDestroy")
        cuGraphDestroy = try symbol("cuGraphDestroy")
        cuOccupancyMaxActiveBlocksPerMultiprocessor = try symbol("cuOccupancyMaxActiveBlocksPerMultiprocessor")
        cuModuleLoadDataEx = try symbol("cuModuleLoadDataEx")
        cuModuleUnload = try symbol("cuModuleUnload")
        cuModuleGetFunction = try symbol("cuModuleGetFunction")
        cuModuleGetGlobal = try symbol("cuModuleGetGlobal_v2")
        cuFuncGetAttribute = try symbol("cuFuncGetAttribute")
        cuFuncSetAttribute = try symbol("cuFuncSetAttribute")
        cuFuncGetParamInfo = optionalSymbol("cuFuncGetParamInfo")
        cuFuncGetParamCount = optionalSymbol("cuFuncGetParamCount")
        cuLaunchKernel = try symbol("cuLaunchKernel")
        cuLaunchKernelEx = optionalSymbol("cuLaunchKernelEx")
    }

    /// The driver's name and description of a result code (`cuGetErrorName`, `cuGetErrorString`).
    func describe(_ status: CUresult) -> (name: String, message: String) {
        var text: UnsafePointer<CChar>? = nil
        let name = cuGetErrorName(status, &text) == CUConstant.success && text != nil
            ? String(cString: text!) : "CUDA_ERROR_\(status)"
        text = nil
        let message = cuGetErrorString(status, &text) == CUConstant.success && text != nil
            ? String(cString: text!) : "unknown error"
        return (name, message)
    }

    /// Throws `CUDAError.callFailed` naming `call` unless `status` is success.
    @inline(__always)
    func check(_ status: CUresult, _ call: @autoclosure () -> String) throws(CUDAError) {
        if status != CUConstant.success {
            let (name, message) = describe(status)
            throw .callFailed(call: call(), code: status, name: name, message: message)
        }
    }
}
