import Foundation
import KernelIR

/// Feeds a kernel's complete contents into a SHA-256, fast.
///
/// The flat arrays (opcodes, result types, operands, attributes) go in as little-endian
/// integers; the small tables (parameters, types) and strings go in through their `Codable`
/// encoding. Which stored properties a ``Kernel`` has is checked with `Mirror` on every call:
/// if the kernel ever gains a field this file does not know, the whole kernel is hashed
/// through its `Codable` encoding instead (slower, never stale).
enum KernelFingerprint {
    /// The stored properties of ``Kernel`` hashed field by field, in declaration order.
    static let knownFields = ["name", "convention", "parameters", "types", "opcodes", "resultTypes",
                              "operandStarts", "operands", "attributes", "strings", "launchBounds"]

    static func feed(_ k: Kernel, into h: inout SHA256) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard Mirror(reflecting: k).children.map({ $0.label ?? "" }) == knownFields else {
            return field("kernel.codable", try encoder.encode(k).map { $0 }, into: &h)
        }
        field("name", Array(k.name.utf8), into: &h)
        field("convention", Array(k.convention.rawValue.utf8), into: &h)
        field("parameters", Array(try encoder.encode(k.parameters)), into: &h)
        field("types", Array(try encoder.encode(k.types)), into: &h)
        field("opcodes", k.opcodes.map(\.rawValue), into: &h)
        field("resultTypes", bytes(k.resultTypes.map(\.raw)), into: &h)
        field("operandStarts", bytes(k.operandStarts), into: &h)
        field("operands", bytes(k.operands.map(\.raw)), into: &h)
        field("attributes", bytes(k.attributes.map { UInt64(bitPattern: $0) }), into: &h)
        field("strings", Array(try encoder.encode(k.strings)), into: &h)
        // Only when present, so kernels without launch bounds keep their earlier fingerprints.
        if k.launchBounds != .none { field("launchBounds", Array(try encoder.encode(k.launchBounds)), into: &h) }
    }

    /// `name:count:` then the bytes, so no two field sequences run together.
    static func field(_ name: String, _ value: [UInt8], into h: inout SHA256) {
        h.update("\(name):\(value.count):")
        h.update(value)
    }

    static func bytes<I: FixedWidthInteger>(_ xs: [I]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(xs.count * I.bitWidth / 8)
        for x in xs {
            var v = x.littleEndian
            withUnsafeBytes(of: &v) { out.append(contentsOf: $0) }
        }
        return out
    }
}
