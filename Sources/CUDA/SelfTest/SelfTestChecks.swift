/// The bodies of ``CUDASelfTest/checks``. Each compares the device with the CPU exactly
/// (f32 add and fma are correctly rounded on both; integer sums are exact).
enum SelfTestChecks {
    static func kernels(_ context: CUDAContext) throws -> CUDAModule {
        try CUDAModule(context: context, ptx: SelfTestPTX.kernels)
    }

    static func deviceProperties(_ context: CUDAContext) throws -> String {
        let device = context.device
        try expect(!device.name.isEmpty, "empty device name")
        try expect(device.multiprocessorCount > 0, "\(device.multiprocessorCount) multiprocessors")
        try expect(device.computeCapability >= .init(major: 5, minor: 0), "compute capability \(device.computeCapability)")
        try expect(device.totalMemory > 0, "total memory \(device.totalMemory)")
        try expect(device.warpSize == 32, "warp size \(device.warpSize)")
        try expect(device.sharedMemoryPerBlockOptIn >= device.sharedMemoryPerBlock, "opt-in shared memory below default")
        let (major, minor) = try CUDA.driverVersion()
        let (free, total) = try context.memoryInfo()
        try expect(free > 0 && free <= total, "memory info free \(free) total \(total)")
        return "\(device); driver supports CUDA \(major).\(minor); \(try CUDA.deviceCount()) device(s); "
            + "\(free >> 20) MiB free"
    }

    static func memoryRoundTrip(_ context: CUDAContext) throws -> String {
        var random = SelfTestRandom()
        let bytes = (0..<(1 << 20) + 3).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let deviceBytes = try DeviceBuffer(context: context, copying: bytes)
        try expect(try deviceBytes.toArray() == bytes, "u8 round trip differs")

        let floats = random.floats(count: 100_003, in: -1e6...1e6)
        let first = try DeviceBuffer(context: context, copying: floats)
        let second = try DeviceBuffer<Float>(context: context, count: floats.count)
        try second.fill(byte: 0xFF)
        try second.copy(from: first)
        let back = try second.toArray()
        try expect(back.map(\.bitPattern) == floats.map(\.bitPattern), "f32 host→device→device→host differs")

        let empty = try DeviceBuffer<Float>(context: context, count: 0)
        try expect(try empty.toArray().isEmpty, "empty buffer not empty")
        do {
            try first.copy(from: [Float](repeating: 0, count: 3))
            throw SelfTestFailure("a 3-element copy into a \(floats.count)-element buffer was accepted")
        } catch CUDAError.invalidArgument {}
        return "\(bytes.count) bytes and \(floats.count) floats round-tripped bit-exact (H2D, D2D, D2H)"
    }

    static func memset(_ context: CUDAContext) throws -> String {
        let words = try DeviceBuffer<UInt32>(context: context, count: 1001)
        try words.fill(word32: 0xDEAD_BEEF)
        try expect(try words.toArray().allSatisfy { $0 == 0xDEAD_BEEF }, "memset D32 pattern differs")
        try words.fill(byte: 0xAB)
        try expect(try words.toArray().allSatisfy { $0 == 0xABAB_ABAB }, "memset D8 pattern differs")
        let odd = try DeviceBuffer<UInt8>(context: context, count: 3)
        do {
            try odd.fill(word32: 1)
            throw SelfTestFailure("fill(word32:) on 3 bytes was accepted")
        } catch CUDAError.invalidArgument {}
        return "memset D32 and D8 patterns read back on 1001 words"
    }

    static func vectorAdd(_ context: CUDAContext) throws -> String {
        var random = SelfTestRandom()
        let n = 1_000_003, guardCount = 13
        let a = random.floats(count: n, in: -1000...1000)
        let b = random.floats(count: n, in: -1000...1000)
        let kernel = try kernels(context).function(named: "vector_add")
        let deviceA = try DeviceBuffer(context: context, copying: a)
        let deviceB = try DeviceBuffer(context: context, copying: b)
        let deviceC = try DeviceBuffer<Float>(context: context, count: n + guardCount)
        try deviceC.fill(byte: 0xFF)  // NaN everywhere: an unwritten element cannot pass
        try kernel.launch(grid: .covering(n, by: 256), block: Dim3(256),
                          arguments: deviceA, deviceB, deviceC, UInt32(n))
        try context.synchronize()
        let c = try deviceC.toArray()
        let wrong = (0..<n).filter { c[$0].bitPattern != (a[$0] + b[$0]).bitPattern }
        try expect(wrong.isEmpty, "\(wrong.count) of \(n) sums differ, first at \(wrong.first ?? 0): "
            + "\(c[wrong.first ?? 0]) vs \(a[wrong.first ?? 0] + b[wrong.first ?? 0])")
        try expect(c[n...].allSatisfy { $0.bitPattern == 0xFFFF_FFFF }, "the kernel wrote past n")
        return "n = \(n) (ragged, block 256): every sum bit-exact, guard elements untouched"
    }

    static func saxpy(_ context: CUDAContext) throws -> String {
        var random = SelfTestRandom()
        let n = 65_537
        let alpha = Float.random(in: -4...4)
        let x = random.floats(count: n, in: -1...1)
        let y = random.floats(count: n, in: -1...1)
        let kernel = try kernels(context).function(named: "saxpy")
        let deviceX = try DeviceBuffer(context: context, copying: x)
        let deviceY = try DeviceBuffer(context: context, copying: y)
        try kernel.launch(grid: .covering(n, by: 128), block: Dim3(128), arguments: alpha, deviceX, deviceY, UInt32(n))
        let result = try deviceY.toArray()
        let wrong = (0..<n).filter { result[$0].bitPattern != y[$0].addingProduct(alpha, x[$0]).bitPattern }
        try expect(wrong.isEmpty, "\(wrong.count) of \(n) fma results differ (alpha \(alpha))")
        return "alpha = \(alpha), n = \(n): every fma bit-exact"
    }

    static func grid2D(_ context: CUDAContext) throws -> String {
        let width = 1000, height = 77
        let block = Dim3(16, 8)
        let grid = Dim3((width + block.x - 1) / block.x, (height + block.y - 1) / block.y)
        let kernel = try kernels(context).function(named: "index_2d")
        let out = try DeviceBuffer<UInt32>(context: context, count: width * height + 5)
        try out.fill(word32: 0xFFFF_FFFF)
        try kernel.launch(grid: grid, block: block, arguments: out, UInt32(width), UInt32(height))
        let values = try out.toArray()
        for y in 0..<height {
            for x in 0..<width where values[y * width + x] != UInt32(y << 16 | x) {
                throw SelfTestFailure("out[\(y)][\(x)] = \(values[y * width + x]), expected \(y << 16 | x)")
            }
        }
        try expect(values[(width * height)...].allSatisfy { $0 == 0xFFFF_FFFF }, "the kernel wrote past the grid")
        return "\(width)×\(height) over grid \(grid) × block \(block): every index right"
    }

    /// Runs `block_sum_u32` with `sharedBytes` of dynamic shared memory and checks every block's sum.
    static func runBlockSum(_ function: CUDAFunction, _ context: CUDAContext, sharedBytes: Int) throws -> Int {
        let n = 100_037, block = 256
        let blocks = (n + block - 1) / block
        let input = (0..<n).map { _ in UInt32.random(in: 0..<(1 << 20)) }
        let deviceIn = try DeviceBuffer(context: context, copying: input)
        let deviceOut = try DeviceBuffer<UInt32>(context: context, count: blocks)
        try deviceOut.fill(word32: 0xFFFF_FFFF)
        try function.launch(grid: Dim3(blocks), block: Dim3(block), sharedMemoryBytes: sharedBytes,
                            arguments: deviceIn, deviceOut, UInt32(n))
        let sums = try deviceOut.toArray()
        for index in 0..<blocks {
            let expected = input[(index * block)..<min(n, (index + 1) * block)].reduce(0, &+)
            try expect(sums[index] == expected, "block \(index): sum \(sums[index]), expected \(expected)")
        }
        return blocks
    }

    static func blockSum(_ context: CUDAContext) throws -> String {
        let kernel = try kernels(context).function(named: "block_sum_u32")
        let blocks = try runBlockSum(kernel, context, sharedBytes: 256 * 4)
        return "\(blocks) block sums exact with 1 KiB of dynamic shared memory"
    }

    static func largeSharedMemory(_ context: CUDAContext) throws -> String {
        let device = context.device
        let bytes = device.sharedMemoryPerBlockOptIn
        guard bytes > device.sharedMemoryPerBlock else {
            return "device offers no opt-in shared memory above \(device.sharedMemoryPerBlock) bytes; nothing to check"
        }
        let kernel = try kernels(context).function(named: "block_sum_u32")
        do {
            _ = try runBlockSum(kernel, context, sharedBytes: bytes)
            throw SelfTestFailure("a launch with \(bytes) B of shared memory passed without opting in")
        } catch let error as CUDAError {
            guard case .callFailed(let call, _, _, _) = error, call.hasPrefix("cuLaunchKernel") else { throw error }
        }
        try kernel.setMaxDynamicSharedMemory(bytes: bytes)
        let blocks = try runBlockSum(kernel, context, sharedBytes: bytes)
        return "refused before opting in; after, \(blocks) block sums exact with \(bytes >> 10) KiB dynamic shared memory"
    }
}
