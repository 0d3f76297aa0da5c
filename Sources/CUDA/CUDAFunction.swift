/// What the driver's JIT made of one kernel (`cuFuncGetAttribute`).
public struct KernelAttributes: Sendable, Hashable, CustomStringConvertible {
    /// Registers per thread.
    public let registers: Int
    /// Local (stack/spill) memory per thread in bytes; non-zero usually means spills.
    public let localBytes: Int
    /// Statically declared shared memory per block in bytes.
    public let staticSharedBytes: Int
    /// Constant memory in bytes.
    public let constBytes: Int
    /// The most threads per block this kernel can be launched with.
    public let maxThreadsPerBlock: Int
    /// `CU_FUNC_ATTRIBUTE_PTX_VERSION`, major × 10 + minor: cuda.h calls it the PTX version;
    /// drivers report the virtual architecture the PTX targets (80 for `.target sm_80`).
    public let ptxVersion: Int
    /// The architecture of the binary code, ×10 (90 for sm_90).
    public let binaryVersion: Int

    public var description: String {
        "\(registers) registers, \(localBytes) B local, \(staticSharedBytes) B static shared, "
            + "max \(maxThreadsPerBlock) threads/block, PTX \(ptxVersion), binary sm_\(binaryVersion)"
    }
}

/// A kernel of a loaded module. Holds its module (and so its context) alive.
public struct CUDAFunction: @unchecked Sendable {
    /// The module the kernel lives in.
    public let module: CUDAModule
    /// The kernel's name (its `.entry` symbol).
    public let name: String
    /// Each parameter's `(offset, size)` in bytes, from `cuFuncGetParamInfo`; `nil` when the
    /// driver predates it (CUDA < 12.4). Launches check their arguments against it.
    public let parameterLayout: [(offset: Int, size: Int)]?
    let handle: CUhandle

    init(module: CUDAModule, handle: CUhandle, name: String) throws {
        self.module = module
        self.handle = handle
        self.name = name
        let driver = module.context.driver
        parameterLayout = driver.cuFuncGetParamInfo.flatMap { paramInfo in
            Self.readParameterLayout(handle, driver: driver, paramInfo: paramInfo)
        }
    }

    /// Reads each parameter's offset and size; `nil` if the driver cannot say.
    ///
    /// Without `cuFuncGetParamCount` (before CUDA 13.2) the count is found by asking for one
    /// parameter past the last, which the driver answers with `CUDA_ERROR_INVALID_VALUE`:
    /// compute-sanitizer lists that as one API error per kernel lookup (harmless; hide it with
    /// `--report-api-errors no`).
    private static func readParameterLayout(
        _ handle: CUhandle, driver: Driver,
        paramInfo: @convention(c) (CUhandle?, Int, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?) -> CUresult
    ) -> [(offset: Int, size: Int)]? {
        var count = Int.max
        if let paramCount = driver.cuFuncGetParamCount {
            var reported = 0
            guard paramCount(handle, &reported) == CUConstant.success else { return nil }
            count = reported
        }
        var layout: [(offset: Int, size: Int)] = []
        while layout.count < min(count, 4096) {
            var offset = 0, size = 0
            let status = paramInfo(handle, layout.count, &offset, &size)
            if status == CUConstant.errorInvalidValue && count == Int.max { break }  // past the last
            guard status == CUConstant.success else { return nil }
            layout.append((offset, size))
        }
        return layout
    }

    private func attribute(_ attribute: Int32, _ what: String) throws -> Int {
        var value: Int32 = 0
        try module.context.driver.check(
            module.context.driver.cuFuncGetAttribute(&value, attribute, handle),
            "cuFuncGetAttribute(\(what), \"\(name)\")")
        return Int(value)
    }

    /// Registers, local and shared memory, PTX and binary versions.
    public func attributes() throws -> KernelAttributes {
        try module.context.makeCurrent()
        return KernelAttributes(
            registers: try attribute(CUConstant.funcNumRegs, "NUM_REGS"),
            localBytes: try attribute(CUConstant.funcLocalSizeBytes, "LOCAL_SIZE_BYTES"),
            staticSharedBytes: try attribute(CUConstant.funcSharedSizeBytes, "SHARED_SIZE_BYTES"),
            constBytes: try attribute(CUConstant.funcConstSizeBytes, "CONST_SIZE_BYTES"),
            maxThreadsPerBlock: try attribute(CUConstant.funcMaxThreadsPerBlock, "MAX_THREADS_PER_BLOCK"),
            ptxVersion: try attribute(CUConstant.funcPTXVersion, "PTX_VERSION"),
            binaryVersion: try attribute(CUConstant.funcBinaryVersion, "BINARY_VERSION"))
    }

    /// Allows launches with up to `bytes` of dynamic shared memory
    /// (`CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES`); needed above 48 KiB.
    public func setMaxDynamicSharedMemory(bytes: Int) throws {
        try module.context.makeCurrent()
        try module.context.driver.check(
            module.context.driver.cuFuncSetAttribute(handle, CUConstant.funcMaxDynamicSharedSizeBytes, Int32(bytes)),
            "cuFuncSetAttribute(MAX_DYNAMIC_SHARED_SIZE_BYTES = \(bytes), \"\(name)\")")
    }

    /// How many blocks of `blockSize` threads with `sharedMemoryBytes` of dynamic shared
    /// memory fit on one multiprocessor at once (`cuOccupancyMaxActiveBlocksPerMultiprocessor`).
    public func maxActiveBlocksPerMultiprocessor(blockSize: Int, sharedMemoryBytes: Int = 0) throws -> Int {
        try module.context.makeCurrent()
        var blocks: Int32 = 0
        try module.context.driver.check(
            module.context.driver.cuOccupancyMaxActiveBlocksPerMultiprocessor(
                &blocks, handle, Int32(blockSize), sharedMemoryBytes),
            "cuOccupancyMaxActiveBlocksPerMultiprocessor(\"\(name)\", block \(blockSize), shared \(sharedMemoryBytes) B)")
        return Int(blocks)
    }

    /// Queues the kernel on `stream` (`cuLaunchKernel`); returns without waiting.
    ///
    /// - Parameters:
    ///   - grid: blocks in x, y, z.
    ///   - block: threads per block in x, y, z.
    ///   - sharedMemoryBytes: dynamic shared memory per block (`.extern .shared` arrays).
    ///   - stream: the stream, or `nil` for the default stream.
    ///   - arguments: one value per kernel parameter, in order, of the parameter's exact size.
    ///   - dependentLaunch: launch with programmatic stream serialization (`cuLaunchKernelEx`,
    ///     sm_90+): the kernel may start once every block of the previous kernel in the stream
    ///     has run `griddepcontrol.launch_dependents` (or exited), while that kernel still runs. Only
    ///     for kernels built for it (such as the decode GEMV's `dependentLaunch` configs): they
    ///     issue `griddepcontrol.wait` before reading anything another kernel writes and before
    ///     writing anything.
    /// - Throws: ``CUDAError/invalidArgument(_:)`` when the arguments do not match the kernel's
    ///   parameters (count or sizes) or a dimension is out of range; ``CUDAError/callFailed(call:code:name:message:)``
    ///   when the driver refuses the launch; ``CUDAError/driverUnavailable(reason:)`` for
    ///   `dependentLaunch` on a driver without `cuLaunchKernelEx`. Faults inside the kernel surface at the next
    ///   synchronizing call.
    public func launch(
        grid: Dim3, block: Dim3, sharedMemoryBytes: Int = 0, stream: CUDAStream? = nil,
        arguments: [any CUDAKernelArgument], dependentLaunch: Bool = false
    ) throws {
        try checkArguments(arguments)
        for (what, dims) in [("grid", grid), ("block", block)] {
            for value in [dims.x, dims.y, dims.z] where value < 1 || value > Int(UInt32.max) {
                throw CUDAError.invalidArgument("launch of \(name): \(what) \(dims) has a dimension out of range")
            }
        }
        guard sharedMemoryBytes >= 0, sharedMemoryBytes <= Int(UInt32.max) else {
            throw CUDAError.invalidArgument("launch of \(name): shared memory \(sharedMemoryBytes) bytes")
        }
        if let stream, stream.context !== module.context {
            throw CUDAError.invalidArgument("launch of \(name): the stream belongs to another context")
        }
        try module.context.makeCurrent()
        let driver = module.context.driver
        if dependentLaunch {
            guard let launchEx = driver.cuLaunchKernelEx else {
                throw CUDAError.driverUnavailable(reason: "launch of \(name): a dependent launch needs cuLaunchKernelEx (CUDA 11.8+ driver)")
            }
            let status = KernelArgumentPacking.withPacked(arguments) { parameters in
                LaunchConfigLayout.withConfig(
                    grid: grid, block: block, sharedMemoryBytes: sharedMemoryBytes, stream: stream?.handle,
                    attributes: [(LaunchConfigLayout.programmaticStreamSerialization, 1)]
                ) { config in launchEx(config, handle, parameters, nil) }
            }
            try driver.check(
                status, "cuLaunchKernelEx(\"\(name)\", grid \(grid), block \(block), shared \(sharedMemoryBytes) B, programmatic stream serialization)")
            return
        }
        let status = KernelArgumentPacking.withPacked(arguments) { parameters in
            driver.cuLaunchKernel(
                handle, UInt32(grid.x), UInt32(grid.y), UInt32(grid.z),
                UInt32(block.x), UInt32(block.y), UInt32(block.z),
                UInt32(sharedMemoryBytes), stream?.handle, parameters, nil)
        }
        try driver.check(
            status, "cuLaunchKernel(\"\(name)\", grid \(grid), block \(block), shared \(sharedMemoryBytes) B)")
    }

    /// Variadic form of ``launch(grid:block:sharedMemoryBytes:stream:arguments:)``.
    public func launch(
        grid: Dim3, block: Dim3, sharedMemoryBytes: Int = 0, stream: CUDAStream? = nil,
        arguments: any CUDAKernelArgument...
    ) throws {
        try launch(grid: grid, block: block, sharedMemoryBytes: sharedMemoryBytes, stream: stream,
                   arguments: arguments as [any CUDAKernelArgument])
    }

    /// Checks `arguments` against ``parameterLayout`` (when the driver reports it).
    public func checkArguments(_ arguments: [any CUDAKernelArgument]) throws {
        guard let layout = parameterLayout else { return }
        guard layout.count == arguments.count else {
            throw CUDAError.invalidArgument(
                "kernel \(name) takes \(layout.count) parameters, \(arguments.count) arguments given")
        }
        for (index, (parameter, argument)) in zip(layout, arguments).enumerated()
        where parameter.size != argument.kernelArgumentSize {
            throw CUDAError.invalidArgument(
                "kernel \(name) parameter \(index) is \(parameter.size) bytes, "
                    + "argument \(index) (\(type(of: argument))) is \(argument.kernelArgumentSize) bytes")
        }
    }
}
