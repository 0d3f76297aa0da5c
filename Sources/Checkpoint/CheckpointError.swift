import Quantization

/// Everything that can be wrong with a checkpoint. Each case names the file, the tensor (where
/// there is one) and what was expected.
public enum CheckpointError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file could not be opened or mapped.
    case unreadable(file: String, reason: String)
    /// The file ends before the data its header promises.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// The safetensors header is not valid (length, JSON, fields).
    case invalidHeader(file: String, reason: String)
    /// A tensor's `data_offsets` run past the end of the data section.
    case tensorOutOfBounds(file: String, tensor: String, offsets: [Int], dataBytes: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingTensors(file: String, first: String, second: String)
    /// A dtype string this reader does not know.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A tensor's byte range does not match its shape and dtype.
    case byteCountMismatch(file: String, tensor: String, expectedBytes: Int, actualBytes: Int)
    /// A tensor the scheme needs is not in the checkpoint.
    case missingTensor(file: String, tensor: String, reason: String)
    /// No tensor of that name exists.
    case noSuchTensor(file: String, tensor: String)
    /// A tensor has the wrong shape for the scheme.
    case shapeMismatch(file: String, tensor: String, expected: [[Int]], actual: [Int])
    /// A tensor has the wrong dtype for the scheme.
    case dtypeMismatch(file: String, tensor: String, expected: [String], actual: String)
    /// A configuration file is malformed or has an invalid value.
    case invalidConfig(file: String, key: String, reason: String)
    /// The configuration asks for something the format cannot store.
    case unsupportedScheme(file: String, reason: String)
    /// The configuration and the tensors disagree.
    case configContradictsTensors(file: String, tensor: String, reason: String)
    /// A format-level error in one tensor group (wrapping ``QuantFormatError``).
    case format(file: String, tensor: String, error: QuantFormatError)
    /// No checkpoint files were found.
    case noCheckpoint(path: String)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .truncated(file, expected, actual):
            return "\(file): truncated: expected at least \(expected) bytes, the file has \(actual)"
        case let .invalidHeader(file, reason): return "\(file): invalid safetensors header: \(reason)"
        case let .tensorOutOfBounds(file, tensor, offsets, dataBytes):
            return "\(file): tensor '\(tensor)': data_offsets \(offsets) run past the end of the data (\(dataBytes) bytes)"
        case let .overlappingTensors(file, a, b): return "\(file): tensors '\(a)' and '\(b)' overlap"
        case let .unknownDType(file, tensor, dtype): return "\(file): tensor '\(tensor)': unknown dtype '\(dtype)'"
        case let .byteCountMismatch(file, tensor, expected, actual):
            return "\(file): tensor '\(tensor)': shape and dtype need \(expected) bytes, data_offsets span \(actual)"
        case let .missingTensor(file, tensor, reason): return "\(file): missing tensor '\(tensor)' (\(reason))"
        case let .noSuchTensor(file, tensor): return "\(file): no tensor '\(tensor)'"
        case let .shapeMismatch(file, tensor, expected, actual):
            let e = expected.map { "\($0)" }.joined(separator: " or ")
            return "\(file): tensor '\(tensor)': shape \(actual), expected \(e)"
        case let .dtypeMismatch(file, tensor, expected, actual):
            return "\(file): tensor '\(tensor)': dtype \(actual), expected \(expected.joined(separator: " or "))"
        case let .invalidConfig(file, key, reason): return "\(file): '\(key)': \(reason)"
        case let .unsupportedScheme(file, reason): return "\(file): unsupported scheme: \(reason)"
        case let .configContradictsTensors(file, tensor, reason):
            return "\(file): tensor '\(tensor)' contradicts the configuration: \(reason)"
        case let .format(file, tensor, error): return "\(file): tensor '\(tensor)': \(error)"
        case let .noCheckpoint(path): return "\(path): no model.safetensors, *.safetensors or index found"
        }
    }
}
