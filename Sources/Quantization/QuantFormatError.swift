/// Why a scheme cannot describe a weight, or why packed data disagrees with its scheme.
///
/// These errors carry no file name: ``Checkpoint`` wraps them with the file and tensor.
public enum QuantFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bit width is not one the format defines.
    case unsupportedBits(method: QuantMethod, bits: Int, supported: [Int])
    /// The group size is neither −1 nor positive.
    case invalidGroupSize(Int)
    /// The group size does not divide the number of input features.
    case groupSizeDoesNotDivide(groupSize: Int, k: Int)
    /// A dimension must be a multiple of `multiple` for this packing.
    case misalignedDimension(dimension: String, value: Int, multiple: Int)
    /// A dimension is zero or negative.
    case nonPositiveShape(n: Int, k: Int)
    /// A tensor holds the wrong number of elements.
    case wrongElementCount(tensor: String, expected: Int, actual: Int)
    /// A `g_idx` entry names a group that does not exist.
    case groupIndexOutOfRange(row: Int, group: Int, groups: Int)
    /// A code or zero point lies outside the range the bit width can store.
    case codeOutOfRange(tensor: String, index: Int, value: Int, range: ClosedRange<Int>)
    /// The scheme and the layout cannot go together (e.g. AWQ order on a GPTQ layout).
    case inconsistentScheme(String)

    public var description: String {
        switch self {
        case let .unsupportedBits(method, bits, supported):
            return "\(method.rawValue) does not support \(bits)-bit weights (supported: \(supported.map(String.init).joined(separator: ", ")))"
        case let .invalidGroupSize(g):
            return "group size \(g) must be −1 (per channel) or positive"
        case let .groupSizeDoesNotDivide(g, k):
            return "group size \(g) does not divide K = \(k) input features"
        case let .misalignedDimension(dim, value, multiple):
            return "\(dim) = \(value) must be a multiple of \(multiple) for this packing"
        case let .nonPositiveShape(n, k):
            return "weight shape N×K = \(n)×\(k) must be positive"
        case let .wrongElementCount(tensor, expected, actual):
            return "\(tensor) holds \(actual) elements, expected \(expected)"
        case let .groupIndexOutOfRange(row, group, groups):
            return "g_idx[\(row)] = \(group) is outside 0..<\(groups)"
        case let .codeOutOfRange(tensor, index, value, range):
            return "\(tensor)[\(index)] = \(value) is outside \(range.lowerBound)...\(range.upperBound)"
        case let .inconsistentScheme(why):
            return "inconsistent scheme: \(why)"
        }
    }
}
