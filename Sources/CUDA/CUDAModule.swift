/// Options for the driver's PTX JIT (`cuModuleLoadDataEx`).
public struct JITOptions: Sendable, Hashable {
    /// ptxas optimization level 0…4; `nil` keeps the driver's default (4).
    public var optimizationLevel: Int?
    /// Ask ptxas for a verbose info log (registers, spills) in ``CUDAModule/infoLog``.
    public var verbose: Bool
    /// Capacity of each log buffer in bytes.
    public var logCapacity: Int

    public init(optimizationLevel: Int? = nil, verbose: Bool = false, logCapacity: Int = 64 * 1024) {
        self.optimizationLevel = optimizationLevel
        self.verbose = verbose
        self.logCapacity = logCapacity
    }
}

/// A module loaded from PTX text with the driver's JIT; unloaded when it goes away.
/// A PTX error becomes ``CUDAError/moduleLoadFailed(code:name:message:log:)`` with ptxas's log.
public final class CUDAModule: @unchecked Sendable {
    /// The context the module is loaded in.
    public let context: CUDAContext
    /// The JIT's info log (with ``JITOptions/verbose``: registers and spills per kernel).
    public let infoLog: String
    /// The driver's JIT wall time in milliseconds (`CU_JIT_WALL_TIME`), near 0 on a cache hit.
    public let jitMilliseconds: Double
    let handle: CUhandle

    /// JIT-compiles `ptx` for the context's device and loads it.
    public init(context: CUDAContext, ptx: String, options: JITOptions = JITOptions()) throws {
        try context.makeCurrent()
        let driver = context.driver
        let capacity = max(options.logCapacity, 256)
        var errorLog = [CChar](repeating: 0, count: capacity)
        var infoLog = [CChar](repeating: 0, count: capacity)
        var module: CUhandle? = nil
        var status: CUresult = 0
        var wallTimeBits: UInt32 = 0

        errorLog.withUnsafeMutableBufferPointer { errorBuffer in
            infoLog.withUnsafeMutableBufferPointer { infoBuffer in
                var keys: [Int32] = [
                    CUConstant.jitErrorLogBuffer, CUConstant.jitErrorLogBufferSizeBytes,
                    CUConstant.jitInfoLogBuffer, CUConstant.jitInfoLogBufferSizeBytes,
                    CUConstant.jitWallTime,
                ]
                // Integer options travel in the pointer slot itself, as cuda.h specifies.
                var values: [UnsafeMutableRawPointer?] = [
                    UnsafeMutableRawPointer(errorBuffer.baseAddress), UnsafeMutableRawPointer(bitPattern: capacity - 1),
                    UnsafeMutableRawPointer(infoBuffer.baseAddress), UnsafeMutableRawPointer(bitPattern: capacity - 1),
                    nil,
                ]
                if let level = options.optimizationLevel {
                    keys.append(CUConstant.jitOptimizationLevel)
                    values.append(UnsafeMutableRawPointer(bitPattern: level))
                }
                if options.verbose {
                    keys.append(CUConstant.jitLogVerbose)
                    values.append(UnsafeMutableRawPointer(bitPattern: 1))
                }
                status = ptx.withCString { text in
                    driver.cuModuleLoadDataEx(&module, text, UInt32(keys.count), &keys, &values)
                }
                // CU_JIT_WALL_TIME comes back as a float stored in the slot's low 4 bytes.
                wallTimeBits = UInt32(truncatingIfNeeded: UInt(bitPattern: values[4]))
            }
        }

        func text(_ buffer: [CChar]) -> String {
            let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            var result = String(decoding: bytes, as: UTF8.self)
            while result.last?.isNewline == true { result.removeLast() }
            return result
        }
        guard status == CUConstant.success, let module else {
            let (name, message) = driver.describe(status)
            throw CUDAError.moduleLoadFailed(code: status, name: name, message: message, log: text(errorLog))
        }
        self.context = context
        self.handle = module
        self.infoLog = text(infoLog)
        self.jitMilliseconds = Double(Float(bitPattern: wallTimeBits))
    }

    deinit {
        _ = context.driver.cuCtxSetCurrent(context.handle)
        _ = context.driver.cuModuleUnload(handle)
    }

    /// The kernel `name` (an `.entry` of the PTX) (`cuModuleGetFunction`).
    public func function(named name: String) throws -> CUDAFunction {
        try context.makeCurrent()
        var function: CUhandle? = nil
        try context.driver.check(
            context.driver.cuModuleGetFunction(&function, handle, name), "cuModuleGetFunction(\"\(name)\")")
        guard let function else { throw CUDAError.invalidArgument("cuModuleGetFunction returned no function") }
        return try CUDAFunction(module: self, handle: function, name: name)
    }

    /// The address and size of a module-scope variable (`cuModuleGetGlobal_v2`), e.g. a
    /// `.global` or `.const` lookup table.
    public func global(named name: String) throws -> (pointer: DevicePointer, bytes: Int) {
        try context.makeCurrent()
        var address: CUdeviceptr = 0
        var bytes = 0
        try context.driver.check(
            context.driver.cuModuleGetGlobal(&address, &bytes, handle, name), "cuModuleGetGlobal_v2(\"\(name)\")")
        return (DevicePointer(address: address), bytes)
    }
}
