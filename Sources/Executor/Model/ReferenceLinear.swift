import Checkpoint
import Quantization

/// The reference ``LinearKernel`` for GGUF weights: for each output row, dequantize the row
/// with the scalar reference dequantizers into a scratch buffer and take SIMD dot products with
/// every input vector; output rows are spread over the threads.
public struct ReferenceGGUFLinear: LinearKernel, @unchecked Sendable {
    public let inputCount: Int
    public let outputCount: Int
    let type: GGMLType
    let weights: UnsafeRawPointer
    let rowBytes: Int
    let threads: ThreadPool
    /// Keeps the memory-mapped file alive.
    let file: GGUFFile

    /// A layer over `tensor` (2-D, `ne[0]` inputs × `ne[1]` outputs, a dequantizable type).
    public init(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool) throws {
        guard tensor.dimensions.count == 2 || (tensor.dimensions.count > 2 && tensor.dimensions[2...].allSatisfy { $0 == 1 }) else {
            throw GGUFError.badTensor(file: file.fileName, tensor: tensor.name, reason: "expected a matrix, found dimensions \(tensor.dimensions)")
        }
        guard tensor.type.isDequantizable else {
            throw GGUFError.badTensor(file: file.fileName, tensor: tensor.name,
                                      reason: "type \(tensor.type.name) has no reference dequantizer (supported: \(GGMLType.dequantizable.map(\.name).joined(separator: ", ")))")
        }
        inputCount = tensor.rowLength
        outputCount = tensor.rowCount
        type = tensor.type
        rowBytes = tensor.rowByteCount
        weights = file.data(of: tensor).baseAddress!
        self.threads = threads
        self.file = file
    }

    /// Dequantizes output row `row` (`inputCount` floats) into `destination`.
    public func dequantizeRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < outputCount, "row \(row) outside 0..<\(outputCount)")
        GGUFDequantizer.dequantizeUnchecked(type, from: weights + row * rowBytes, count: inputCount, into: destination)
    }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        let k = inputCount, n = outputCount
        let shared = UncheckedSendable((x, y))
        threads.forEachRange(n, minimumChunk: 16) { range in
            let (x, y) = shared.value
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: k)
            defer { scratch.deallocate() }
            for row in range {
                GGUFDequantizer.dequantizeUnchecked(type, from: weights + row * rowBytes, count: k, into: scratch)
                for r in 0..<rows {
                    y[r * n + row] = dotProduct(x + r * k, UnsafePointer(scratch), k)
                }
            }
        }
    }
}

/// A ``LinearKernelFactory`` making ``ReferenceGGUFLinear`` layers.
public struct ReferenceLinearFactory: LinearKernelFactory {
    public init() {}
    public func makeLinear(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool) throws -> LinearKernel {
        try ReferenceGGUFLinear(tensor: tensor, in: file, threads: threads)
    }
}

/// Σ a[i]·b[i] over `count` floats, 16 lanes at a time.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc0 = SIMD16<Float>(), acc1 = SIMD16<Float>()
    var i = 0
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    while i + 32 <= count {
        acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        acc1 += ra.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        i += 32
    }
    if i + 16 <= count {
        acc0 += ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) * rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    var sum = (acc0 + acc1).sum()
    while i < count { sum += a[i] * b[i]; i += 1 }
    return sum
}
