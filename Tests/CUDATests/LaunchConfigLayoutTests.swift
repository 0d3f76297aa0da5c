import Testing
@testable import CUDA

/// The hand-laid `CUlaunchConfig` / `CUlaunchAttribute` of `cuLaunchKernelEx` (cuda.h of CUDA 12
/// and 13: six `unsigned int` dimensions, `sharedMemBytes`, then the stream, attribute pointer and
/// count at 8-byte alignment; an attribute is a 4-byte id, 4 bytes of padding and a 64-byte
/// value union), read back byte by byte without a GPU.
struct LaunchConfigLayoutTests {
    @Test("grid, block, shared memory, stream and one attribute land at cuda.h's offsets")
    func offsets() {
        let stream = OpaquePointer(bitPattern: 0x1234_5678_9ABC)
        LaunchConfigLayout.withConfig(grid: Dim3(7, 3, 2), block: Dim3(256, 1, 1), sharedMemoryBytes: 4096, stream: stream,
                                      attributes: [(LaunchConfigLayout.programmaticStreamSerialization, 1)]) { config in
            let words = (0..<7).map { config.load(fromByteOffset: 4 * $0, as: UInt32.self) }
            #expect(words == [7, 3, 2, 256, 1, 1, 4096])
            #expect(config.load(fromByteOffset: 32, as: UInt.self) == 0x1234_5678_9ABC)
            #expect(config.load(fromByteOffset: 48, as: UInt32.self) == 1)
            let attributes = config.load(fromByteOffset: 40, as: UnsafeRawPointer.self)
            #expect(attributes.load(fromByteOffset: 0, as: Int32.self) == 6)  // CU_LAUNCH_ATTRIBUTE_PROGRAMMATIC_STREAM_SERIALIZATION
            #expect(attributes.load(fromByteOffset: 8, as: Int32.self) == 1)
            #expect((12..<72).allSatisfy { attributes.load(fromByteOffset: $0, as: UInt8.self) == 0 })
        }
        LaunchConfigLayout.withConfig(grid: Dim3(1), block: Dim3(32), sharedMemoryBytes: 0, stream: nil, attributes: []) { config in
            #expect(config.load(fromByteOffset: 32, as: UInt.self) == 0 && config.load(fromByteOffset: 48, as: UInt32.self) == 0)
        }
    }
}
