import Checkpoint
import Quantization

/// How the reference linear layer treats activations.
public enum ActivationPrecision: Sendable, Equatable {
    /// Plain float32 activations.
    case float
    /// Activations rounded as ggml's CPU dot products quantize them (Q8_0/Q8_1/Q8_K/F16), to
    /// reproduce llama.cpp's numbers (see ``GGUFActivationRounding``).
    case ggml
}

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
    /// Float or ggml-rounded activations.
    public let activations: ActivationPrecision
    /// Keeps the memory-mapped file alive.
    let file: GGUFFile

    /// A layer over `tensor` (2-D, `ne[0]` inputs × `ne[1]` outputs, a dequantizable type).
    public init(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool, activations: ActivationPrecision = .float) throws {
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
        self.activations = activations
        self.file = file
    }

    /// Dequantizes output row `row` (`inputCount` floats) into `destination`.
    public func dequantizeRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        precondition(row >= 0 && row < outputCount, "row \(row) outside 0..<\(outputCount)")
        GGUFDequantizer.dequantizeUnchecked(type, from: weights + row * rowBytes, count: inputCount, into: destination)
    }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        let k = inputCount
        guard activations == .ggml else { return multiply(x: x, rows: rows, y: y) }
        let rounded = UnsafeMutablePointer<Float>.allocate(capacity: rows * k)
        defer { rounded.deallocate() }
        rounded.initialize(from: x, count: rows * k)
        // Q4_1/Q5_1 blocks meet Q8_1 activations, whose f16 block sums multiply the block minimum.
        let hasMinimum = GGUFActivationRounding.usesBlockSums(type)
        let blocks = k / 32
        let corrections = UnsafeMutablePointer<Float>.allocate(capacity: hasMinimum ? rows * blocks : 1)
        defer { corrections.deallocate() }
        for r in 0..<rows {
            GGUFActivationRounding.round(rounded + r * k, count: k, forWeight: type,
                                         sumCorrections: hasMinimum ? corrections + r * blocks : nil)
        }
        multiply(x: rounded, rows: rows, y: y, minimumCorrections: hasMinimum ? UnsafePointer(corrections) : nil)
    }

    /// Output rows are dequantized four at a time, so that each input row is read once per
    /// four dot products; every dot product sums in the same order as ``dotProduct(_:_:_:)``.
    func multiply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>,
                  minimumCorrections: UnsafePointer<Float>? = nil) {
        let k = inputCount, n = outputCount
        let shared = UncheckedSendable((x, y))
        threads.forEachRange(n, minimumChunk: 16) { range in
            let (x, y) = shared.value
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 4 * k)
            defer { scratch.deallocate() }
            var row = range.lowerBound
            while row < range.upperBound {
                let tile = min(4, range.upperBound - row)
                for t in 0..<tile {
                    GGUFDequantizer.dequantizeUnchecked(type, from: weights + (row + t) * rowBytes, count: k, into: scratch + t * k)
                }
                for r in 0..<rows {
                    let input = x + r * k
                    if tile == 4 {
                        let dots = dotProduct4(input, UnsafePointer(scratch), k)
                        for t in 0..<4 { y[r * n + row + t] = dots[t] }
                    } else {
                        for t in 0..<tile { y[r * n + row + t] = dotProduct(input, UnsafePointer(scratch + t * k), k) }
                    }
                }
                if let corrections = minimumCorrections {
                    for t in 0..<tile { addMinimumCorrections(row: row + t, rows: rows, corrections: corrections, y: y) }
                }
                row += tile
            }
        }
    }

    /// Adds ggml's block-minimum term (Q4_1/Q5_1 with ggml-rounded activations) to output `row`
    /// of every batch row.
    func addMinimumCorrections(row: Int, rows: Int, corrections: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        let k = inputCount, n = outputCount, blocks = k / 32
        for r in 0..<rows {
            y[r * n + row] += GGUFActivationRounding.minimumCorrection(
                weightRow: weights + row * rowBytes, type: type, count: k, sumCorrections: corrections + r * blocks)
        }
    }
}

/// A ``LinearKernelFactory`` making ``ReferenceGGUFLinear`` layers.
public struct ReferenceLinearFactory: LinearKernelFactory {
    public let activations: ActivationPrecision
    public init(activations: ActivationPrecision = .float) { self.activations = activations }
    public func makeLinear(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool) throws -> LinearKernel {
        try ReferenceGGUFLinear(tensor: tensor, in: file, threads: threads, activations: activations)
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

/// Four dot products of `a` with the consecutive rows `b`, `b + count`, `b + 2·count`,
/// `b + 3·count`, each summed exactly as ``dotProduct(_:_:_:)`` sums it.
@inline(__always)
func dotProduct4(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> SIMD4<Float> {
    var low = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
    var high = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
    let ra = UnsafeRawPointer(a)
    let r0 = UnsafeRawPointer(b), r1 = UnsafeRawPointer(b + count), r2 = UnsafeRawPointer(b + 2 * count), r3 = UnsafeRawPointer(b + 3 * count)
    var i = 0
    while i + 32 <= count {
        let x0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        let x1 = ra.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        low.0 += x0 * r0.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.1 += x0 * r1.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.2 += x0 * r2.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.3 += x0 * r3.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        high.0 += x1 * r0.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        high.1 += x1 * r1.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        high.2 += x1 * r2.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        high.3 += x1 * r3.loadUnaligned(fromByteOffset: i * 4 + 64, as: SIMD16<Float>.self)
        i += 32
    }
    if i + 16 <= count {
        let x0 = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.0 += x0 * r0.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.1 += x0 * r1.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.2 += x0 * r2.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        low.3 += x0 * r3.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    var sums = SIMD4<Float>((low.0 + high.0).sum(), (low.1 + high.1).sum(), (low.2 + high.2).sum(), (low.3 + high.3).sum())
    while i < count {
        sums[0] += a[i] * b[i]
        sums[1] += a[i] * b[count + i]
        sums[2] += a[i] * b[2 * count + i]
        sums[3] += a[i] * b[3 * count + i]
        i += 1
    }
    return sums
}
