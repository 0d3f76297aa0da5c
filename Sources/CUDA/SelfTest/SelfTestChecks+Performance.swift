/// Checks of pinned memory with asynchronous copies, graphs, occupancy and the timing helper.
extension SelfTestChecks {
    static func pinnedAsyncCopy(_ context: CUDAContext) throws -> String {
        var random = SelfTestRandom()
        let n = 1 << 24  // 64 MiB of f32
        let source = try PinnedHostBuffer<Float>(context: context, count: n)
        let destination = try PinnedHostBuffer<Float>(context: context, count: n)
        try source.assign(random.floats(count: n, in: -1e3...1e3))
        destination.elements.update(repeating: .nan)
        let device = try DeviceBuffer<Float>(context: context, count: n)
        let stream = try CUDAStream(context: context, nonBlocking: true)
        try device.copy(from: source, stream: stream)
        try device.copy(to: destination, stream: stream)
        try stream.synchronize()
        try expect(source.elements.elementsEqual(destination.elements) { $0.bitPattern == $1.bitPattern },
                   "pinned host → device → pinned host differs")
        let bytes = Double(device.byteCount)
        let up = try stream.time(warmup: 1, repetitions: 5) { _ in try device.copy(from: source, stream: stream) }
        let down = try stream.time(warmup: 1, repetitions: 5) { _ in try device.copy(to: destination, stream: stream) }
        return "64 MiB round trip bit-exact; host→device \(rounded(bytes / (up.median / 1e3) / 1e9, 1)) GB/s, "
            + "device→host \(rounded(bytes / (down.median / 1e3) / 1e9, 1)) GB/s (median of 5)"
    }

    static func graphReplay(_ context: CUDAContext) throws -> String {
        var random = SelfTestRandom()
        let n = 4096, steps = 20
        let alpha = Float.random(in: -1...1)
        let x = random.floats(count: n, in: -1...1)
        let y = random.floats(count: n, in: -1...1)
        let kernel = try kernels(context).function(named: "saxpy")
        let deviceX = try DeviceBuffer(context: context, copying: x)
        let deviceY = try DeviceBuffer(context: context, copying: y)
        try context.synchronize()
        let stream = try CUDAStream(context: context, nonBlocking: true)
        func step() throws {
            try kernel.launch(grid: .covering(n, by: 256), block: Dim3(256), stream: stream,
                              arguments: alpha, deviceX, deviceY, UInt32(n))
        }
        let graph = try CUDAGraph(capturing: stream) {
            for _ in 0..<steps { try step() }
        }
        try stream.synchronize()
        try expect(try deviceY.toArray().map(\.bitPattern) == y.map(\.bitPattern), "capturing ran the kernels")
        try graph.launch(on: stream)
        try stream.synchronize()
        var expected = y
        for _ in 0..<steps {
            for i in 0..<n { expected[i] = expected[i].addingProduct(alpha, x[i]) }
        }
        let result = try deviceY.toArray()
        try expect(result.map(\.bitPattern) == expected.map(\.bitPattern), "a replay of \(steps) saxpy steps differs from the CPU")
        let replay = try stream.time(warmup: 3, repetitions: 20) { _ in try graph.launch(on: stream) }
        let direct = try stream.time(warmup: 3, repetitions: 20) { _ in for _ in 0..<steps { try step() } }
        let perKernel = { (timing: CUDATiming) in rounded(timing.median * 1e3 / Double(steps), 2) }
        return "\(steps) captured saxpy launches (n = \(n)) replay bit-exact; per kernel: graph \(perKernel(replay)) µs, "
            + "stream launches \(perKernel(direct)) µs (median of 20)"
    }

    static func occupancy(_ context: CUDAContext) throws -> String {
        let module = try kernels(context)
        let vectorAdd = try module.function(named: "vector_add")
        let blocks = try vectorAdd.maxActiveBlocksPerMultiprocessor(blockSize: 256)
        let limit = context.device.maxThreadsPerMultiprocessor / 256
        try expect(blocks >= 1 && blocks <= limit, "vector_add: \(blocks) blocks of 256 per SM (limit \(limit))")
        let blockSum = try module.function(named: "block_sum_u32")
        let bytes = context.device.sharedMemoryPerBlockOptIn
        try blockSum.setMaxDynamicSharedMemory(bytes: bytes)
        let big = try blockSum.maxActiveBlocksPerMultiprocessor(blockSize: 256, sharedMemoryBytes: bytes)
        try expect(big == 1, "block_sum_u32 with \(bytes) B shared: \(big) blocks per SM, expected 1")
        return "vector_add: \(blocks) blocks of 256 threads per SM; block_sum_u32 with \(bytes >> 10) KiB shared: \(big)"
    }
}
