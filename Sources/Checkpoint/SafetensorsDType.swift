import Quantization

/// The dtypes of the safetensors format, spelled as in its header.
public enum SafetensorsDType: String, CaseIterable, Codable, Hashable, Sendable {
    case bool = "BOOL"
    case uint8 = "U8", int8 = "I8"
    case float8E4M3 = "F8_E4M3", float8E5M2 = "F8_E5M2"
    case int16 = "I16", uint16 = "U16", float16 = "F16", bfloat16 = "BF16"
    case int32 = "I32", uint32 = "U32", float32 = "F32"
    case int64 = "I64", uint64 = "U64", float64 = "F64"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E4M3, .float8E5M2: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        }
    }

    /// The corresponding format-level element type, where formats use this dtype.
    public var elementType: TensorElementType? {
        switch self {
        case .int32: return .int32
        case .int64: return .int64
        case .int8: return .int8
        case .uint8: return .uint8
        case .float8E4M3: return .float8E4M3FN
        case .float8E5M2: return .float8E5M2
        case .float16: return .float16
        case .bfloat16: return .bfloat16
        case .float32: return .float32
        default: return nil
        }
    }

    /// Whether values convert to `Float` (floating point, any width).
    public var isFloatingPoint: Bool {
        switch self {
        case .float8E4M3, .float8E5M2, .float16, .bfloat16, .float32, .float64: return true
        default: return false
        }
    }
}

extension TensorElementType {
    /// The safetensors spelling.
    public var safetensorsDType: SafetensorsDType {
        switch self {
        case .int32: return .int32
        case .int64: return .int64
        case .int8: return .int8
        case .uint8: return .uint8
        case .float8E4M3FN: return .float8E4M3
        case .float8E5M2: return .float8E5M2
        case .float16: return .float16
        case .bfloat16: return .bfloat16
        case .float32: return .float32
        }
    }
}
