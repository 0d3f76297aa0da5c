/// Launch dimensions: a grid of blocks, or a block of threads.
public struct Dim3: Sendable, Hashable, CustomStringConvertible {
    public var x: Int
    public var y: Int
    public var z: Int

    public init(_ x: Int, _ y: Int = 1, _ z: Int = 1) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The number of blocks (or threads) in all.
    public var volume: Int { x * y * z }

    /// Blocks of `blockSize` needed to cover `count` items: ⌈count / blockSize⌉.
    public static func covering(_ count: Int, by blockSize: Int) -> Dim3 {
        Dim3((count + blockSize - 1) / blockSize)
    }

    public var description: String { "(\(x), \(y), \(z))" }
}

/// A value that can be passed to a kernel parameter. The bytes stored are exactly the
/// parameter's bytes: `Int32`/`UInt32` for `.u32`/`.s32`, `Float` for `.f32`, a
/// ``DeviceBuffer`` or ``DevicePointer`` for a `.u64` address. Swift's `Int` deliberately does
/// not conform: say which width the kernel takes.
public protocol CUDAKernelArgument {
    /// The parameter's size in bytes.
    var kernelArgumentSize: Int { get }
    /// The parameter's alignment in bytes.
    var kernelArgumentAlignment: Int { get }
    /// Writes the parameter's bytes to `destination` (suitably aligned, `kernelArgumentSize` long).
    func storeKernelArgument(to destination: UnsafeMutableRawPointer)
}

extension CUDAKernelArgument where Self: BitwiseCopyable {
    public var kernelArgumentSize: Int { MemoryLayout<Self>.size }
    public var kernelArgumentAlignment: Int { MemoryLayout<Self>.alignment }
    public func storeKernelArgument(to destination: UnsafeMutableRawPointer) {
        destination.storeBytes(of: self, as: Self.self)
    }
}

extension Int8: CUDAKernelArgument {}
extension UInt8: CUDAKernelArgument {}
extension Int16: CUDAKernelArgument {}
extension UInt16: CUDAKernelArgument {}
extension Int32: CUDAKernelArgument {}
extension UInt32: CUDAKernelArgument {}
extension Int64: CUDAKernelArgument {}
extension UInt64: CUDAKernelArgument {}
extension Float: CUDAKernelArgument {}
extension Double: CUDAKernelArgument {}
#if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
extension Float16: CUDAKernelArgument {}
#endif
extension DevicePointer: CUDAKernelArgument {}

extension DeviceBuffer: CUDAKernelArgument {
    public var kernelArgumentSize: Int { 8 }
    public var kernelArgumentAlignment: Int { 8 }
    public func storeKernelArgument(to destination: UnsafeMutableRawPointer) {
        destination.storeBytes(of: pointer.address, as: UInt64.self)
    }
}

/// Kernel arguments packed for `cuLaunchKernel`: each value copied to aligned storage, and an
/// array of pointers to them (the `kernelParams` the driver reads at launch).
enum KernelArgumentPacking {
    /// Calls `body` with the `void**` parameter array; valid only inside `body`.
    static func withPacked<R>(
        _ arguments: [any CUDAKernelArgument],
        _ body: (UnsafeMutablePointer<UnsafeMutableRawPointer?>) throws -> R
    ) rethrows -> R {
        var offsets: [Int] = []
        var end = 0
        for argument in arguments {
            let alignment = max(argument.kernelArgumentAlignment, 1)
            let offset = (end + alignment - 1) / alignment * alignment
            offsets.append(offset)
            end = offset + argument.kernelArgumentSize
        }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(end, 1), alignment: 16)
        let pointers = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(capacity: max(arguments.count, 1))
        defer {
            storage.deallocate()
            pointers.deallocate()
        }
        for (index, argument) in arguments.enumerated() {
            argument.storeKernelArgument(to: storage + offsets[index])
            pointers[index] = storage + offsets[index]
        }
        return try body(pointers)
    }

    /// Each argument's bytes as the driver would read them.
    static func bytes(of arguments: [any CUDAKernelArgument]) -> [[UInt8]] {
        withPacked(arguments) { pointers in
            arguments.indices.map { index in
                Array(UnsafeRawBufferPointer(start: pointers[index], count: arguments[index].kernelArgumentSize))
            }
        }
    }
}
