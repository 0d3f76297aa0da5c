import Quantization

/// One tensor of a GGUF file: name, GGML type, dimensions and where its data lies.
public struct GGUFTensorInfo: Sendable, Hashable {
    /// The tensor's name (`blk.0.attn_q.weight`).
    public let name: String
    /// The element type.
    public let type: GGMLType
    /// The dimensions in GGML order: `dimensions[0]` is the contiguous (row) dimension.
    public let dimensions: [Int]
    /// Byte offset of the data, relative to the start of the data section.
    public let offset: Int
    /// Bytes of data.
    public let byteCount: Int

    /// Number of elements.
    public var elementCount: Int { dimensions.reduce(1, *) }
    /// Length of one row (`dimensions[0]`).
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Number of rows (the product of the other dimensions).
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
    /// Bytes of one row.
    public var rowByteCount: Int { rowLength / type.layout.valuesPerBlock * type.layout.bytesPerBlock }
}
