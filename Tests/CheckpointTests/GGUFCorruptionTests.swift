import Foundation
import Testing
@testable import Checkpoint

/// Corrupted and truncated GGUF files: each must throw a ``GGUFError``, never crash.
@Suite struct GGUFCorruptionTests {
    static func original() throws -> Data { try Data(contentsOf: try GGUFReaderTests.fixture("small.gguf.bin")) }

    static func expectError(_ data: Data, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) -> GGUFError? {
        do {
            _ = try GGUFFile(data: data, name: label)
            Issue.record("\(label): expected a GGUFError, the file was accepted", sourceLocation: sourceLocation)
            return nil
        } catch let error as GGUFError {
            #expect(error.description.contains(label), sourceLocation: sourceLocation)
            return error
        } catch {
            Issue.record("\(label): expected a GGUFError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }

    static func patched(_ data: Data, at offset: Int, _ value: some FixedWidthInteger) -> Data {
        var copy = data
        withUnsafeBytes(of: value.littleEndian) { copy.replaceSubrange(offset..<(offset + $0.count), with: $0) }
        return copy
    }

    /// The offset of the tensor info of `name` (its u64 name length).
    static func tensorInfoOffset(_ data: Data, _ name: String) throws -> Int {
        let needle = Data(name.utf8)
        let range = try #require(data.range(of: needle))
        return range.lowerBound - 8
    }

    @Test func everyTruncationThrows() throws {
        let data = try Self.original()
        let file = try GGUFFile(data: data)
        let needed = file.dataOffset + file.tensors.map { $0.offset + $0.byteCount }.max()!
        for length in 0..<needed {
            _ = Self.expectError(data.prefix(length), "cut\(length).gguf")
        }
        // Cutting only trailing padding keeps every tensor in range.
        #expect(try GGUFFile(data: data.prefix(needed)).tensors.count == file.tensors.count)
    }

    @Test func badHeaders() throws {
        let data = try Self.original()
        var magic = data; magic[0] = UInt8(ascii: "X")
        guard case .badMagic = Self.expectError(magic, "magic.gguf") else { Issue.record("bad magic"); return }
        for version: UInt32 in [0, 1, 4, 0x0300_0000] {
            guard case .unsupportedVersion = Self.expectError(Self.patched(data, at: 4, version), "version\(version).gguf") else {
                Issue.record("version \(version)"); continue
            }
        }
        for (offset, what) in [(8, "tensors"), (16, "kvs")] {
            for count: UInt64 in [UInt64.max, 1 << 40, 100_000] {
                guard case .implausibleCount = Self.expectError(Self.patched(data, at: offset, count), "\(what)\(count).gguf") else {
                    Issue.record("\(what) count \(count)"); continue
                }
            }
        }
    }

    @Test func badMetadata() throws {
        let data = try Self.original()
        // First kv: key length (u64) at 24, "general.architecture" (20 bytes), value type at 52.
        guard case .implausibleCount = Self.expectError(Self.patched(data, at: 24, UInt64.max), "keylen.gguf") else {
            Issue.record("huge key length"); return
        }
        guard case .unknownValueType = Self.expectError(Self.patched(data, at: 52, UInt32(13)), "vtype.gguf") else {
            Issue.record("unknown value type"); return
        }
        // The string value's length follows the type: make it huge.
        guard case .implausibleCount = Self.expectError(Self.patched(data, at: 56, UInt64(1) << 62), "strlen.gguf") else {
            Issue.record("huge string length"); return
        }
        // An array element count: find "test.array.int32", skip key, type (u32), element type (u32).
        let arrayKey = try #require(data.range(of: Data("test.array.int32".utf8)))
        let countOffset = arrayKey.upperBound + 8
        guard case .implausibleCount = Self.expectError(Self.patched(data, at: countOffset, UInt64(1) << 61), "arraycount.gguf") else {
            Issue.record("huge array count"); return
        }
        guard case .unknownValueType = Self.expectError(Self.patched(data, at: arrayKey.upperBound + 4, UInt32(99)), "elemtype.gguf") else {
            Issue.record("unknown element type"); return
        }
        // Invalid UTF-8 inside the key.
        var badUTF8 = data; badUTF8[32] = 0xFF
        guard case .invalidString = Self.expectError(badUTF8, "utf8.gguf") else { Issue.record("invalid UTF-8"); return }
        // Alignment 0 and 48.
        let alignKey = try #require(data.range(of: Data("general.alignment".utf8)))
        for alignment: UInt32 in [0, 48] {
            guard case .badAlignment = Self.expectError(Self.patched(data, at: alignKey.upperBound + 4, alignment), "align\(alignment).gguf") else {
                Issue.record("alignment \(alignment)"); continue
            }
        }
    }

    @Test func badTensorInfos() throws {
        let data = try Self.original()
        // f32.matrix: u64 length, 10 name bytes, n_dims u32, 2 × u64 dims, type u32, offset u64.
        let info = try Self.tensorInfoOffset(data, "f32.matrix")
        let dims = info + 8 + 10, firstDim = dims + 4
        for nDims: UInt32 in [0, 5, .max] {
            guard case .badTensor = Self.expectError(Self.patched(data, at: dims, nDims), "ndims\(nDims).gguf") else {
                Issue.record("n_dims \(nDims)"); continue
            }
        }
        guard case .badTensor = Self.expectError(Self.patched(data, at: firstDim, UInt64.max), "dim.gguf") else {
            Issue.record("huge dimension"); return
        }
        // 2^40 × 2 elements × 4 bytes fits an Int but not the file.
        guard case .tensorOutOfRange = Self.expectError(Self.patched(data, at: firstDim, UInt64(1) << 40), "big.gguf") else {
            Issue.record("dimension larger than the file"); return
        }
        // Two dimensions whose product overflows Int.
        let overflowing = Self.patched(Self.patched(data, at: firstDim, UInt64(1) << 40), at: firstDim + 8, UInt64(1) << 40)
        guard case .badTensor = Self.expectError(overflowing, "overflow.gguf") else { Issue.record("element count overflow"); return }
    }

    @Test func tensorTypeAndRange() throws {
        let data = try Self.original()
        let info = try Self.tensorInfoOffset(data, "f32.matrix")
        let type = info + 8 + 10 + 4 + 16, offset = type + 4
        for bad: UInt32 in [4, 31, 1000] {
            guard case .unknownTensorType = Self.expectError(Self.patched(data, at: type, bad), "type\(bad).gguf") else {
                Issue.record("tensor type \(bad)"); continue
            }
        }
        for bad: UInt64 in [1 << 20, UInt64.max - 63, 576] {
            guard case .tensorOutOfRange = Self.expectError(Self.patched(data, at: offset, bad), "range\(bad).gguf") else {
                Issue.record("tensor offset \(bad)"); continue
            }
        }
        guard case .badTensor = Self.expectError(Self.patched(data, at: offset, UInt64(8)), "misaligned.gguf") else {
            Issue.record("misaligned offset"); return
        }
        // Q8_0 rows must be whole blocks: make q8_0.matrix's row 63 long.
        let q8 = try Self.tensorInfoOffset(data, "q8_0.matrix")
        guard case .badTensor = Self.expectError(Self.patched(data, at: q8 + 8 + 11 + 4, UInt64(63)), "rows.gguf") else {
            Issue.record("partial block"); return
        }
    }

    @Test func randomByteFlipsNeverCrash() throws {
        let data = try Self.original()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var copy = data
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                copy[Int.random(in: 0..<1152, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? GGUFFile(data: copy)  // any outcome but a crash
        }
    }

    @Test func missingFileIsAClearError() {
        #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/model.gguf") }
    }
}
