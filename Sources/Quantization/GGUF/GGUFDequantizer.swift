/// Errors of the GGUF reference dequantizers.
public enum GGUFDequantizationError: Error, Equatable, CustomStringConvertible {
    /// The type has a known layout but no dequantizer here.
    case unsupportedType(GGMLType)
    /// `count` values are not a whole number of blocks of the type.
    case notWholeBlocks(type: GGMLType, count: Int)
    /// The source holds fewer bytes than `count` values need.
    case sourceTooSmall(type: GGMLType, count: Int, needed: Int, available: Int)

    public var description: String {
        switch self {
        case .unsupportedType(let type):
            return "GGUF type \(type.name) has no reference dequantizer (supported: \(GGMLType.dequantizable.map(\.name).joined(separator: ", ")))"
        case .notWholeBlocks(let type, let count):
            return "\(count) values are not a whole number of \(type.name) blocks of \(type.layout.valuesPerBlock)"
        case .sourceTooSmall(let type, let count, let needed, let available):
            return "\(count) \(type.name) values need \(needed) bytes, the source has \(available)"
        }
    }
}

/// Scalar reference dequantizers of the GGUF block formats, bit-exact with gguf-py's
/// `gguf.quants.dequantize` (same float32 operations in the same order).
public enum GGUFDequantizer {
    /// Dequantizes `count` values of `type` from `source` (whole blocks) into `destination`.
    ///
    /// - Throws: ``GGUFDequantizationError`` when the type is unsupported, `count` is not a
    ///   whole number of blocks, or `source` is too small.
    public static func dequantize(
        _ type: GGMLType, from source: UnsafeRawBufferPointer, count: Int,
        into destination: UnsafeMutablePointer<Float>
    ) throws {
        guard let needed = type.layout.bytes(forValues: count) else {
            throw GGUFDequantizationError.notWholeBlocks(type: type, count: count)
        }
        guard source.count >= needed else {
            throw GGUFDequantizationError.sourceTooSmall(type: type, count: count, needed: needed, available: source.count)
        }
        guard type.isDequantizable else { throw GGUFDequantizationError.unsupportedType(type) }
        guard count > 0, let base = source.baseAddress else { return }
        dequantizeUnchecked(type, from: base, count: count, into: destination)
    }

    /// Convenience: dequantizes whole blocks from a byte array into a new float array.
    public static func dequantize(_ type: GGMLType, bytes: [UInt8], count: Int) throws -> [Float] {
        var out = [Float](repeating: 0, count: count)
        try bytes.withUnsafeBytes { src in
            try out.withUnsafeMutableBufferPointer { dst in
                try dequantize(type, from: src, count: count, into: dst.baseAddress!)
            }
        }
        return out
    }

    /// Dequantizes without checks: `count` must be a whole number of blocks of a dequantizable
    /// type and `source` must hold them. For hot loops that validated the tensor once.
    @inlinable
    public static func dequantizeUnchecked(
        _ type: GGMLType, from source: UnsafeRawPointer, count: Int,
        into y: UnsafeMutablePointer<Float>
    ) {
        let layout = type.layout
        let blocks = count / layout.valuesPerBlock
        for b in 0..<blocks {
            let block = source + b * layout.bytesPerBlock
            let out = y + b * layout.valuesPerBlock
            switch type {
            case .f32: out.pointee = block.loadUnaligned(as: Float.self)
            case .f16: out.pointee = halfToFloat(block, 0)
            case .bf16: out.pointee = Float(bitPattern: UInt32(block.loadUnaligned(as: UInt16.self)) << 16)
            case .q4_0: GGUFBlocks.q4_0(block, out)
            case .q4_1: GGUFBlocks.q4_1(block, out)
            case .q5_0: GGUFBlocks.q5_0(block, out)
            case .q5_1: GGUFBlocks.q5_1(block, out)
            case .q8_0: GGUFBlocks.q8_0(block, out)
            case .q2_K: GGUFKBlocks.q2_K(block, out)
            case .q3_K: GGUFKBlocks.q3_K(block, out)
            case .q4_K: GGUFKBlocks.q4_K(block, out)
            case .q5_K: GGUFKBlocks.q5_K(block, out)
            case .q6_K: GGUFKBlocks.q6_K(block, out)
            case .iq4_NL: GGUFBlocks.iq4_NL(block, out)
            case .iq4_XS: GGUFKBlocks.iq4_XS(block, out)
            default: preconditionFailure("GGUFDequantizer: \(type.name) is not dequantizable")
            }
        }
    }
}

/// Reads the IEEE half at `offset` bytes and widens it (exactly) to float.
@inlinable @inline(__always)
func halfToFloat(_ p: UnsafeRawPointer, _ offset: Int) -> Float {
    let bits = p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
    return Float(halfBits: bits)
}

extension Float {
    /// The exact float value of an IEEE 754 binary16 bit pattern.
    @inlinable
    public init(halfBits bits: UInt16) {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0x1F {
            self = Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        } else if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            let magnitude = Float(mantissa) * 0x1p-24
            self = sign != 0 ? -magnitude : magnitude
        } else {
            self = Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }
}
