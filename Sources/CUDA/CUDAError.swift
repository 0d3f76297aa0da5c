/// An error from the CUDA module. Driver failures carry the call that failed and the driver's
/// own name for the result code (`cuGetErrorName`), e.g. `CUDA_ERROR_OUT_OF_MEMORY`.
public enum CUDAError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `libcuda.so.1` could not be loaded, lacks an entry point, or `cuInit` failed: there is no
    /// usable NVIDIA driver on this machine. GPU tests skip on this error.
    case driverUnavailable(reason: String)

    /// A driver call returned an error.
    /// - Parameters:
    ///   - call: the entry point and what it was doing, e.g. `cuMemAlloc_v2(4096 bytes)`.
    ///   - code: the raw `CUresult`.
    ///   - name: the driver's name for `code`, e.g. `CUDA_ERROR_INVALID_VALUE`.
    ///   - message: the driver's description of `code`.
    case callFailed(call: String, code: Int32, name: String, message: String)

    /// `cuModuleLoadDataEx` rejected a PTX image; `log` is the JIT compiler's error log
    /// (`CU_JIT_ERROR_LOG_BUFFER`), which names the offending line.
    case moduleLoadFailed(code: Int32, name: String, message: String, log: String)

    /// The request was wrong before the driver was asked: a size mismatch, an argument list
    /// that does not match the kernel's parameters, a zero-sized launch.
    case invalidArgument(String)

    /// The raw `CUresult`, for errors that came from the driver.
    public var code: Int32? {
        switch self {
        case .callFailed(_, let code, _, _), .moduleLoadFailed(let code, _, _, _): code
        case .driverUnavailable, .invalidArgument: nil
        }
    }

    /// The driver's name of the result code (`CUDA_ERROR_…`), for errors that came from the driver.
    public var driverErrorName: String? {
        switch self {
        case .callFailed(_, _, let name, _), .moduleLoadFailed(_, let name, _, _): name
        case .driverUnavailable, .invalidArgument: nil
        }
    }

    public var description: String {
        switch self {
        case .driverUnavailable(let reason):
            "CUDA driver unavailable: \(reason)"
        case .callFailed(let call, let code, let name, let message):
            "\(call) failed: \(name) (\(code)): \(message)"
        case .moduleLoadFailed(let code, let name, let message, let log):
            "cuModuleLoadDataEx failed: \(name) (\(code)): \(message)\n"
                + (log.isEmpty ? "(the JIT error log is empty)" : "JIT error log:\n\(log)")
        case .invalidArgument(let text):
            "invalid argument: \(text)"
        }
    }
}
