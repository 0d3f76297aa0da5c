/// Checks of streams, events, error reporting and contexts.
extension SelfTestChecks {
    static func eventTiming(_ context: CUDAContext) throws -> String {
        var random = SelfTestRandom()
        let n = 1 << 24, repetitions = 10
        let a = random.floats(count: n, in: -1...1)
        let b = random.floats(count: n, in: -1...1)
        let kernel = try kernels(context).function(named: "vector_add")
        let deviceA = try DeviceBuffer(context: context, copying: a)
        let deviceB = try DeviceBuffer(context: context, copying: b)
        let deviceC = try DeviceBuffer<Float>(context: context, count: n)
        try deviceC.fill(byte: 0xFF)
        // Copies and memsets run on the default stream and may still be in flight: wait for
        // them before a stream that does not order itself after the default stream starts.
        try context.synchronize()
        let stream = try CUDAStream(context: context, nonBlocking: true)
        let start = try CUDAEvent(context: context)
        let end = try CUDAEvent(context: context)
        // One launch first, so that the timed ones see a warm instruction cache and clocks.
        try kernel.launch(grid: .covering(n, by: 256), block: Dim3(256), stream: stream,
                          arguments: deviceA, deviceB, deviceC, UInt32(n))
        try start.record(on: stream)
        for _ in 0..<repetitions {
            try kernel.launch(grid: .covering(n, by: 256), block: Dim3(256), stream: stream,
                              arguments: deviceA, deviceB, deviceC, UInt32(n))
        }
        try end.record(on: stream)
        try end.synchronize()
        try stream.synchronize()
        let milliseconds = try end.elapsedMilliseconds(since: start)
        try expect(milliseconds > 0, "elapsed time \(milliseconds) ms")
        let c = try deviceC.toArray()
        let wrong = (0..<n).filter { c[$0].bitPattern != (a[$0] + b[$0]).bitPattern }.count
        try expect(wrong == 0, "\(wrong) of \(n) sums differ after the stream's launches")
        let gigabytesPerSecond = Double(repetitions * 3 * 4 * n) / (milliseconds / 1e3) / 1e9
        let perLaunch = milliseconds / Double(repetitions)
        return "\(repetitions) launches of vector_add (n = 2^24) on a stream: "
            + "\(rounded(perLaunch, 3)) ms each, \(rounded(gigabytesPerSecond, 0)) GB/s (3 × 4 B per element)"
    }

    static func jitErrorLog(_ context: CUDAContext) throws -> String {
        do {
            _ = try CUDAModule(context: context, ptx: SelfTestPTX.broken)
        } catch let error as CUDAError {
            guard case .moduleLoadFailed(_, let name, _, let log) = error else { throw error }
            try expect(log.contains(SelfTestPTX.brokenSymbol), "the JIT log does not name \(SelfTestPTX.brokenSymbol): \(log)")
            try expect(error.description.contains(log), "the error's description lacks the JIT log")
            let line = log.split(separator: "\n").first { $0.contains(SelfTestPTX.brokenSymbol) } ?? ""
            return "\(name); log: \(line)"
        }
        throw SelfTestFailure("broken PTX loaded without an error")
    }

    static func missingFunction(_ context: CUDAContext) throws -> String {
        let module = try kernels(context)
        do {
            _ = try module.function(named: "no_such_kernel")
        } catch let error as CUDAError {
            guard case .callFailed(let call, _, let name, _) = error else { throw error }
            try expect(call.contains("cuModuleGetFunction") && call.contains("no_such_kernel"), "call named \(call)")
            try expect(name == "CUDA_ERROR_NOT_FOUND", "error name \(name)")
            return "\(error)"
        }
        throw SelfTestFailure("a missing kernel was found")
    }

    static func argumentValidation(_ context: CUDAContext) throws -> String {
        let module = try kernels(context)
        let vectorAdd = try module.function(named: "vector_add")
        let saxpy = try module.function(named: "saxpy")
        guard let layout = vectorAdd.parameterLayout, let saxpyLayout = saxpy.parameterLayout else {
            return "the driver has no cuFuncGetParamInfo: arguments are not checked (nothing to test)"
        }
        try expect(layout.map(\.offset) == [0, 8, 16, 24] && layout.map(\.size) == [8, 8, 8, 4],
                   "vector_add layout \(layout)")
        try expect(saxpyLayout.map(\.offset) == [0, 8, 16, 24] && saxpyLayout.map(\.size) == [4, 8, 8, 4],
                   "saxpy layout \(saxpyLayout)")
        let buffer = try DeviceBuffer<Float>(context: context, count: 4)
        var refused: [String] = []
        for arguments: [any CUDAKernelArgument] in [[buffer, buffer, buffer], [buffer, buffer, buffer, Int64(4)]] {
            do {
                try vectorAdd.launch(grid: Dim3(1), block: Dim3(4), arguments: arguments)
                throw SelfTestFailure("vector_add launched with \(arguments.count) mismatched arguments")
            } catch CUDAError.invalidArgument(let text) {
                refused.append(text)
            }
        }
        try context.synchronize()
        return "layouts read back; refused: " + refused.joined(separator: "; ")
    }

    static func kernelAttributes(_ context: CUDAContext) throws -> String {
        let module = try CUDAModule(context: context, ptx: SelfTestPTX.kernels, options: JITOptions(verbose: true))
        let attributes = try module.function(named: "vector_add").attributes()
        let capability = context.device.computeCapability
        try expect(attributes.registers > 0, "\(attributes.registers) registers")
        try expect(attributes.ptxVersion > 0, "PTX version \(attributes.ptxVersion)")
        try expect(attributes.binaryVersion == capability.major * 10 + capability.minor,
                   "binary version \(attributes.binaryVersion) on \(capability.smName)")
        try expect(attributes.localBytes == 0, "\(attributes.localBytes) B local memory")
        try expect(attributes.maxThreadsPerBlock >= 256, "max \(attributes.maxThreadsPerBlock) threads per block")
        let info = module.infoLog.split(separator: "\n").first { $0.contains("vector_add") } ?? "(no info log)"
        return "vector_add: \(attributes); JIT \(rounded(module.jitMilliseconds, 2)) ms; \(info)"
    }

    static func createdContext(_ context: CUDAContext) throws -> String {
        let own = try CUDAContext(creatingOn: context.device)
        try expect(!own.isPrimary, "a created context claims to be primary")
        var random = SelfTestRandom()
        let n = 4099
        let a = random.floats(count: n, in: -10...10)
        let b = random.floats(count: n, in: -10...10)
        let kernel = try kernels(own).function(named: "vector_add")
        let deviceA = try DeviceBuffer(context: own, copying: a)
        let deviceB = try DeviceBuffer(context: own, copying: b)
        let deviceC = try DeviceBuffer<Float>(context: own, count: n)
        try kernel.launch(grid: .covering(n, by: 128), block: Dim3(128), arguments: deviceA, deviceB, deviceC, UInt32(n))
        let c = try deviceC.toArray()
        try expect((0..<n).allSatisfy { c[$0].bitPattern == (a[$0] + b[$0]).bitPattern }, "sums differ in a created context")
        // The primary context must still work after switching back and forth.
        let back = try DeviceBuffer(context: context, copying: a)
        try expect(try back.toArray() == a, "primary context round trip differs after using a created context")
        return "vector_add exact in a created context; primary context still usable"
    }

    static func rounded(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (value * scale).rounded() / scale
        return digits == 0 ? String(Int(scaled)) : String(scaled)
    }
}

/// A fast generator for large random test inputs (SplitMix64), seeded from the system's
/// generator: every run draws fresh data.
struct SelfTestRandom: RandomNumberGenerator {
    private var state: UInt64

    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` floats uniform in `range`.
    mutating func floats(count: Int, in range: ClosedRange<Float>) -> [Float] {
        let width = range.upperBound - range.lowerBound
        return (0..<count).map { _ in
            range.lowerBound + width * Float(next() >> 40) * (1.0 / Float(1 << 24))
        }
    }
}
