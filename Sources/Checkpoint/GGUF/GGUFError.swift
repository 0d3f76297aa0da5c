import Quantization

/// Why a GGUF file could not be read. Every case names the file and what was expected.
public enum GGUFError: Error, CustomStringConvertible, Sendable {
    /// The file could not be opened or mapped.
    case cannotOpen(file: String, reason: String)
    /// The first four bytes are not `GGUF`.
    case badMagic(file: String, found: [UInt8])
    /// The version is not 2 or 3 (a byte-swapped version means a big-endian file).
    case unsupportedVersion(file: String, version: UInt32)
    /// The file ends before `what` (at byte `offset`, `needed` bytes).
    case truncated(file: String, what: String, offset: Int, needed: Int)
    /// A count or length is larger than the rest of the file could hold.
    case implausibleCount(file: String, what: String, count: UInt64, offset: Int)
    /// A metadata value type id that GGUF does not define.
    case unknownValueType(file: String, key: String, type: UInt32)
    /// A string is not valid UTF-8.
    case invalidString(file: String, what: String, offset: Int)
    /// A metadata key appears twice.
    case duplicateKey(file: String, key: String)
    /// A metadata value has the wrong type for its key.
    case wrongMetadataType(file: String, key: String, expected: String, found: String)
    /// A required metadata key is missing.
    case missingMetadata(file: String, key: String)
    /// `general.alignment` is zero or not a power of two.
    case badAlignment(file: String, alignment: UInt64)
    /// A tensor info is inconsistent (dimensions, type, size, offset).
    case badTensor(file: String, tensor: String, reason: String)
    /// A tensor's type id is not a GGML type.
    case unknownTensorType(file: String, tensor: String, type: UInt32)
    /// A tensor's data lies (partly) outside the file.
    case tensorOutOfRange(file: String, tensor: String, offset: UInt64, bytes: UInt64, dataSize: UInt64)
    /// A tensor name appears twice.
    case duplicateTensor(file: String, tensor: String)
    /// No tensor of that name.
    case missingTensor(file: String, tensor: String)

    public var description: String {
        switch self {
        case .cannotOpen(let file, let reason): return "\(file): cannot open GGUF file: \(reason)"
        case .badMagic(let file, let found):
            return "\(file): not a GGUF file (magic \(found.map { String(format: "%02x", $0) }.joined()), expected 47475546 'GGUF')"
        case .unsupportedVersion(let file, let version):
            if version.byteSwapped == 2 || version.byteSwapped == 3 {
                return "\(file): big-endian GGUF (version \(version.byteSwapped)) is not supported"
            }
            return "\(file): unsupported GGUF version \(version) (supported: 2, 3)"
        case .truncated(let file, let what, let offset, let needed):
            return "\(file): truncated: \(what) needs \(needed) bytes at offset \(offset)"
        case .implausibleCount(let file, let what, let count, let offset):
            return "\(file): \(what) = \(count) at offset \(offset) is larger than the file could hold"
        case .unknownValueType(let file, let key, let type):
            return "\(file): metadata \"\(key)\" has unknown value type \(type) (expected 0…12)"
        case .invalidString(let file, let what, let offset):
            return "\(file): \(what) at offset \(offset) is not valid UTF-8"
        case .duplicateKey(let file, let key): return "\(file): metadata key \"\(key)\" appears twice"
        case .wrongMetadataType(let file, let key, let expected, let found):
            return "\(file): metadata \"\(key)\" is \(found), expected \(expected)"
        case .missingMetadata(let file, let key): return "\(file): metadata \"\(key)\" is missing"
        case .badAlignment(let file, let alignment):
            return "\(file): general.alignment \(alignment) is not a positive power of two"
        case .badTensor(let file, let tensor, let reason): return "\(file): tensor \"\(tensor)\": \(reason)"
        case .unknownTensorType(let file, let tensor, let type):
            return "\(file): tensor \"\(tensor)\" has unknown GGML type id \(type)"
        case .tensorOutOfRange(let file, let tensor, let offset, let bytes, let dataSize):
            return "\(file): tensor \"\(tensor)\" data [\(offset), +\(bytes)) lies outside the data section of \(dataSize) bytes"
        case .duplicateTensor(let file, let tensor): return "\(file): tensor \"\(tensor)\" appears twice"
        case .missingTensor(let file, let tensor): return "\(file): no tensor \"\(tensor)\""
        }
    }
}
