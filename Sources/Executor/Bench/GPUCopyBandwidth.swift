import CUDA
import Compiler

/// The GPU's memory bandwidth as a device-to-device copy measures it: the anchor that
/// memory-bound kernel timings are compared with ("% of the copy"), measured in the same
/// process as the kernels.
public enum GPUCopyBandwidth {
    /// GB/s of a device-to-device copy of `bytes` bytes, counting bytes read plus bytes written
    /// (as STREAM and `torch_anchors.py` do): the median of `repetitions` event-timed copies
    /// after two warm-ups.
    public static func measure(context: CUDAContext, stream: CUDAStream, bytes: Int = 1 << 31,
                               repetitions: Int = 10) throws -> Double {
        let source = try DeviceBuffer<UInt8>(context: context, count: bytes)
        let destination = try DeviceBuffer<UInt8>(context: context, count: bytes)
        try source.fill(byte: 0x5A)
        try context.synchronize()
        let timing = try stream.time(warmup: 2, repetitions: repetitions) { _ in
            try destination.copy(from: source, stream: stream)
        }
        return 2 * Double(bytes) / (timing.median / 1e3) / 1e9
    }
}

/// The PTX architecture to emit for a device: the newest of ours its compute capability runs.
public func gpuArchitecture(for device: CUDADevice) -> GPUArchitecture {
    let c = device.computeCapability
    if c == .init(major: 9, minor: 0) { return .sm_90a }  // Hopper: the arch-specific features (wgmma)
    if c >= .init(major: 9, minor: 0) { return .sm_90 }
    if c >= .init(major: 8, minor: 9) { return .sm_89 }
    return .sm_80
}
