/// The driver's `CUlaunchConfig` and `CUlaunchAttribute` (cuda.h, CUDA 12/13), laid out by hand
/// for `cuLaunchKernelEx`:
///
/// - `CUlaunchConfig` (56 bytes): grid x, y, z and block x, y, z (`UInt32` at 0…20), dynamic
///   shared memory (`UInt32` at 24), the stream (pointer at 32), the attributes (pointer at 40),
///   their count (`UInt32` at 48).
/// - `CUlaunchAttribute` (72 bytes): the attribute id (`Int32` at 0), 4 bytes of padding, then a
///   64-byte value union (an `Int32` at 8 for the flags used here).
enum LaunchConfigLayout {
    static let configBytes = 56
    static let attributeBytes = 72
    /// `CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION`: the launch may begin before the
    /// previous kernel in the stream completes; the kernel orders its dependent reads with
    /// `griddepcontrol.wait` (sm_90+).
    static let programmaticStreamSerialization: Int32 = 6

    /// Calls `body` with a packed `CUlaunchConfig` holding `attributes` (id, `Int32` value).
    static func withConfig<R>(
        grid: Dim3, block: Dim3, sharedMemoryBytes: Int, stream: CUhandle?, attributes: [(id: Int32, value: Int32)],
        _ body: (UnsafeRawPointer) -> R
    ) -> R {
        let attributeMemory = UnsafeMutableRawPointer.allocate(byteCount: max(1, attributes.count) * attributeBytes, alignment: 8)
        let config = UnsafeMutableRawPointer.allocate(byteCount: configBytes, alignment: 8)
        defer {
            attributeMemory.deallocate()
            config.deallocate()
        }
        attributeMemory.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, attributes.count) * attributeBytes)
        config.initializeMemory(as: UInt8.self, repeating: 0, count: configBytes)
        for (index, attribute) in attributes.enumerated() {
            attributeMemory.storeBytes(of: attribute.id, toByteOffset: index * attributeBytes, as: Int32.self)
            attributeMemory.storeBytes(of: attribute.value, toByteOffset: index * attributeBytes + 8, as: Int32.self)
        }
        for (offset, value) in [grid.x, grid.y, grid.z, block.x, block.y, block.z, sharedMemoryBytes].enumerated() {
            config.storeBytes(of: UInt32(value), toByteOffset: 4 * offset, as: UInt32.self)
        }
        config.storeBytes(of: stream.map { UnsafeRawPointer($0) }, toByteOffset: 32, as: UnsafeRawPointer?.self)
        config.storeBytes(of: UnsafeRawPointer(attributeMemory), toByteOffset: 40, as: UnsafeRawPointer?.self)
        config.storeBytes(of: UInt32(attributes.count), toByteOffset: 48, as: UInt32.self)
        return body(UnsafeRawPointer(config))
    }
}
