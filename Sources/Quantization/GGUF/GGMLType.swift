/// The tensor element types of GGML/GGUF (`enum ggml_type`), with their block layouts.
///
/// The raw values are the ids stored in a GGUF tensor info. Every known id is listed so that a
/// reader can size and bounds-check any tensor; ``GGUFDequantizer`` dequantizes the subset
/// listed in ``GGMLType/dequantizable``.
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q8_1 = 9
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case iq2_XXS = 16
    case iq2_XS = 17
    case iq3_XXS = 18
    case iq1_S = 19
    case iq4_NL = 20
    case iq3_S = 21
    case iq2_S = 22
    case iq4_XS = 23
    case i8 = 24
    case i16 = 25
    case i32 = 26
    case i64 = 27
    case f64 = 28
    case iq1_M = 29
    case bf16 = 30
    case tq1_0 = 34
    case tq2_0 = 35
    case mxfp4 = 39

    /// The types with a scalar reference dequantizer in ``GGUFDequantizer``.
    public static let dequantizable: [GGMLType] = [
        .f32, .f16, .bf16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0,
        .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .iq4_NL, .iq4_XS,
    ]

    /// The block layout: how many bytes hold how many values.
    public var layout: GGUFBlockLayout {
        switch self {
        case .f32: return .init(bytesPerBlock: 4, valuesPerBlock: 1)
        case .f16, .bf16: return .init(bytesPerBlock: 2, valuesPerBlock: 1)
        case .q4_0: return .init(bytesPerBlock: 18, valuesPerBlock: 32)
        case .q4_1: return .init(bytesPerBlock: 20, valuesPerBlock: 32)
        case .q5_0: return .init(bytesPerBlock: 22, valuesPerBlock: 32)
        case .q5_1: return .init(bytesPerBlock: 24, valuesPerBlock: 32)
        case .q8_0: return .init(bytesPerBlock: 34, valuesPerBlock: 32)
        case .q8_1: return .init(bytesPerBlock: 36, valuesPerBlock: 32)
        case .q2_K: return .init(bytesPerBlock: 84, valuesPerBlock: 256)
        case .q3_K: return .init(bytesPerBlock: 110, valuesPerBlock: 256)
        case .q4_K: return .init(bytesPerBlock: 144, valuesPerBlock: 256)
        case .q5_K: return .init(bytesPerBlock: 176, valuesPerBlock: 256)
        case .q6_K: return .init(bytesPerBlock: 210, valuesPerBlock: 256)
        case .q8_K: return .init(bytesPerBlock: 292, valuesPerBlock: 256)
        case .iq2_XXS: return .init(bytesPerBlock: 66, valuesPerBlock: 256)
        case .iq2_XS: return .init(bytesPerBlock: 74, valuesPerBlock: 256)
        case .iq3_XXS: return .init(bytesPerBlock: 98, valuesPerBlock: 256)
        case .iq1_S: return .init(bytesPerBlock: 50, valuesPerBlock: 256)
        case .iq4_NL: return .init(bytesPerBlock: 18, valuesPerBlock: 32)
        case .iq3_S: return .init(bytesPerBlock: 110, valuesPerBlock: 256)
        case .iq2_S: return .init(bytesPerBlock: 82, valuesPerBlock: 256)
        case .iq4_XS: return .init(bytesPerBlock: 136, valuesPerBlock: 256)
        case .i8: return .init(bytesPerBlock: 1, valuesPerBlock: 1)
        case .i16: return .init(bytesPerBlock: 2, valuesPerBlock: 1)
        case .i32: return .init(bytesPerBlock: 4, valuesPerBlock: 1)
        case .i64, .f64: return .init(bytesPerBlock: 8, valuesPerBlock: 1)
        case .iq1_M: return .init(bytesPerBlock: 56, valuesPerBlock: 256)
        case .tq1_0: return .init(bytesPerBlock: 54, valuesPerBlock: 256)
        case .tq2_0: return .init(bytesPerBlock: 66, valuesPerBlock: 256)
        case .mxfp4: return .init(bytesPerBlock: 17, valuesPerBlock: 32)
        }
    }

    /// The name ggml and gguf-py use (`Q4_K`, `IQ4_XS`, `BF16`, …).
    public var name: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q5_0: "Q5_0"
        case .q5_1: "Q5_1"
        case .q8_0: "Q8_0"
        case .q8_1: "Q8_1"
        case .q2_K: "Q2_K"
        case .q3_K: "Q3_K"
        case .q4_K: "Q4_K"
        case .q5_K: "Q5_K"
        case .q6_K: "Q6_K"
        case .q8_K: "Q8_K"
        case .iq2_XXS: "IQ2_XXS"
        case .iq2_XS: "IQ2_XS"
        case .iq3_XXS: "IQ3_XXS"
        case .iq1_S: "IQ1_S"
        case .iq4_NL: "IQ4_NL"
        case .iq3_S: "IQ3_S"
        case .iq2_S: "IQ2_S"
        case .iq4_XS: "IQ4_XS"
        case .i8: "I8"
        case .i16: "I16"
        case .i32: "I32"
        case .i64: "I64"
        case .f64: "F64"
        case .iq1_M: "IQ1_M"
        case .bf16: "BF16"
        case .tq1_0: "TQ1_0"
        case .tq2_0: "TQ2_0"
        case .mxfp4: "MXFP4"
        }
    }

    public var description: String { name }

    /// Whether ``GGUFDequantizer`` can dequantize this type.
    public var isDequantizable: Bool { Self.dequantizable.contains(self) }
}

/// How a GGML type packs values: `valuesPerBlock` values in `bytesPerBlock` bytes.
public struct GGUFBlockLayout: Sendable, Hashable {
    /// Bytes of one block.
    public let bytesPerBlock: Int
    /// Values (weights) one block decodes to.
    public let valuesPerBlock: Int

    /// The bytes of a row of `count` values, or `nil` when `count` is not a whole number of
    /// blocks or the size overflows.
    public func bytes(forValues count: Int) -> Int? {
        guard count >= 0, count % valuesPerBlock == 0 else { return nil }
        let (product, overflow) = (count / valuesPerBlock).multipliedReportingOverflow(by: bytesPerBlock)
        return overflow ? nil : product
    }
}
