import Foundation
import Testing
import Quantization
@testable import Checkpoint

/// Raw safetensors bytes: an 8-byte little-endian header length, the JSON header, the data.
func safetensorsBytes(header: String, data: [UInt8], headerLength: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    return withUnsafeBytes(of: (headerLength ?? UInt64(h.count)).littleEndian) { Array($0) } + h + data
}

@Suite struct SafetensorsTests {
    @Test func writerRoundTripsEveryDType() throws {
        var w = SafetensorsWriter(metadata: ["format": "pt", "note": "quote \" and \\ and é"])
        for (i, dtype) in SafetensorsDType.allCases.enumerated() {
            let shape = [2, 3]
            let bytes = (0..<(6 * dtype.byteSize)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ i) }
            try w.add("t.\(dtype.rawValue)", dtype: dtype, shape: shape, bytes: bytes)
        }
        try w.add("scalar", dtype: .float32, shape: [], floats: [1.5])
        try w.add("empty", dtype: .int32, shape: [0, 4], bytes: [])
        let bytes = w.serialized()
        let f = try SafetensorsFile(bytes: bytes, name: "roundtrip.safetensors")
        #expect(f.metadata == w.metadata)
        #expect(f.dataOffset % 8 == 0)
        for (name, e) in w.entries {
            let t = try f.tensor(name)
            #expect(t.dtype == e.dtype && t.shape == e.shape && t.bytes == e.data, "\(name)")
        }
        // Read back through a real file and mmap, and again through the writer: identical bytes.
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try w.write(to: dir + "/model.safetensors")
        let mapped = try SafetensorsFile(path: dir + "/model.safetensors")
        var again = SafetensorsWriter(metadata: mapped.metadata)
        for name in mapped.tensorNames {
            let t = try mapped.tensor(name)
            try again.add(name, dtype: t.dtype, shape: t.shape, bytes: t.bytes)
        }
        #expect(again.serialized() == bytes)
    }

    @Test func typedReadsConvertExactly() throws {
        var w = SafetensorsWriter()
        try w.add("bf16", dtype: .bfloat16, shape: [3], floats: [1, -2.5, 0.1])
        try w.add("f8", dtype: .float8E4M3, shape: [2], floats: [448, -0.0625])
        try w.add("i32", shape: [2], int32: [-7, 123456])
        try w.add("i64", dtype: .int64, shape: [1], bytes: SafetensorsWriter.littleEndianBytes(Int64(5_000_000_000)))
        let f = try SafetensorsFile(bytes: w.serialized(), name: "typed")
        #expect(try f.tensor("bf16").floats() == [1, -2.5, BFloat16Bits.round(0.1)])
        #expect(try f.tensor("f8").floats() == [448, -0.0625])
        #expect(try f.tensor("i32").int32s() == [-7, 123456])
        #expect(try f.tensor("i64").integers() == [5_000_000_000])
        #expect(throws: CheckpointError.configContradictsTensors(file: "typed", tensor: "i64", reason: "element 0 = 5000000000 does not fit in 32 bits")) {
            try f.tensor("i64").int32s()
        }
        #expect(throws: CheckpointError.dtypeMismatch(file: "typed", tensor: "bf16", expected: ["an integer dtype"], actual: "BF16")) {
            try f.tensor("bf16").integers()
        }
    }

    @Test func tensorsAreZeroCopyViewsOfTheMapping() throws {
        let path = FixturePaths.checkpoint("fp8_block128") + "/model.safetensors"
        let f = try SafetensorsFile(path: path)
        let t = try f.tensor("model.layers.0.self_attn.q_proj.weight")
        let mapping = f.storage.bytes
        t.withUnsafeBytes { raw in
            let start = raw.baseAddress! - mapping.baseAddress!
            #expect(start == f.dataOffset + t.info.dataRange.lowerBound)
            #expect(raw.count == 160 * 192)
        }
    }

    // MARK: - Bad input, one test per error

    @Test func truncatedBeforeTheHeaderLength() {
        #expect(throws: CheckpointError.truncated(file: "t", expectedBytes: 8, actualBytes: 3)) {
            try SafetensorsFile(bytes: [1, 2, 3], name: "t")
        }
    }

    @Test func headerLongerThanTheFile() {
        let bytes = safetensorsBytes(header: "{}", data: [], headerLength: 64)
        #expect(throws: CheckpointError.truncated(file: "t", expectedBytes: 72, actualBytes: 10)) {
            try SafetensorsFile(bytes: bytes, name: "t")
        }
    }

    @Test func absurdHeaderLength() {
        let bytes = safetensorsBytes(header: "{}", data: [], headerLength: UInt64.max)
        #expect(throws: CheckpointError.invalidHeader(file: "t", reason: "header length \(UInt64.max) exceeds 100000000 bytes")) {
            try SafetensorsFile(bytes: bytes, name: "t")
        }
    }

    @Test func truncatedData() throws {
        var w = SafetensorsWriter()
        try w.add("x", shape: [4], int32: [1, 2, 3, 4])
        let bytes = Array(w.serialized().dropLast(4))
        #expect(throws: CheckpointError.tensorOutOfBounds(file: "t", tensor: "x", offsets: [0, 16], dataBytes: 12)) {
            try SafetensorsFile(bytes: bytes, name: "t")
        }
    }

    @Test func notJSON() {
        #expect(throws: CheckpointError.invalidHeader(file: "t", reason: "the header is not valid JSON")) {
            try SafetensorsFile(bytes: safetensorsBytes(header: "{\"a\": [", data: []), name: "t")
        }
        #expect(throws: CheckpointError.invalidHeader(file: "t", reason: "the header is not a JSON object")) {
            try SafetensorsFile(bytes: safetensorsBytes(header: "[1, 2]", data: []), name: "t")
        }
    }

    @Test func offsetsPastTheEnd() {
        let header = #"{"x": {"dtype": "F32", "shape": [4], "data_offsets": [8, 24]}}"#
        #expect(throws: CheckpointError.tensorOutOfBounds(file: "t", tensor: "x", offsets: [8, 24], dataBytes: 16)) {
            try SafetensorsFile(bytes: safetensorsBytes(header: header, data: [UInt8](repeating: 0, count: 16)), name: "t")
        }
    }

    @Test func overlappingOffsets() {
        let header = #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "I32", "shape": [2], "data_offsets": [4, 12]}}"#
        #expect(throws: CheckpointError.overlappingTensors(file: "t", first: "a", second: "b")) {
            try SafetensorsFile(bytes: safetensorsBytes(header: header, data: [UInt8](repeating: 0, count: 16)), name: "t")
        }
    }

    @Test func unknownDType() {
        let header = #"{"x": {"dtype": "F7", "shape": [1], "data_offsets": [0, 1]}}"#
        #expect(throws: CheckpointError.unknownDType(file: "t", tensor: "x", dtype: "F7")) {
            try SafetensorsFile(bytes: safetensorsBytes(header: header, data: [0]), name: "t")
        }
    }

    @Test func shapeDisagreesWithOffsets() {
        let header = #"{"x": {"dtype": "BF16", "shape": [3], "data_offsets": [0, 8]}}"#
        #expect(throws: CheckpointError.byteCountMismatch(file: "t", tensor: "x", expectedBytes: 6, actualBytes: 8)) {
            try SafetensorsFile(bytes: safetensorsBytes(header: header, data: [UInt8](repeating: 0, count: 8)), name: "t")
        }
        let overflow = #"{"x": {"dtype": "F64", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]}}"#
        #expect(throws: CheckpointError.byteCountMismatch(file: "t", tensor: "x", expectedBytes: Int.max, actualBytes: 8)) {
            try SafetensorsFile(bytes: safetensorsBytes(header: overflow, data: [UInt8](repeating: 0, count: 8)), name: "t")
        }
    }

    @Test func malformedEntries() {
        let cases: [(String, String)] = [
            (#"{"x": 5}"#, "entry 'x' is not an object"),
            (#"{"x": {"shape": [1], "data_offsets": [0, 1]}}"#, "tensor 'x' has no string 'dtype'"),
            (#"{"x": {"dtype": "U8", "shape": [-1], "data_offsets": [0, 1]}}"#, "tensor 'x': 'shape' must be a list of non-negative integers"),
            (#"{"x": {"dtype": "U8", "shape": [1.5], "data_offsets": [0, 1]}}"#, "tensor 'x': 'shape' must be a list of non-negative integers"),
            (#"{"x": {"dtype": "U8", "shape": [1], "data_offsets": [0]}}"#, "tensor 'x': 'data_offsets' must be two non-negative integers"),
            (#"{"x": {"dtype": "U8", "shape": [1], "data_offsets": [1, 0]}}"#, "tensor 'x': data_offsets [1, 0] end before they begin"),
            (#"{"__metadata__": {"a": 1}}"#, "__metadata__['a'] is not a string"),
            (#"{"__metadata__": [1]}"#, "__metadata__ is not an object"),
        ]
        for (header, reason) in cases {
            #expect(throws: CheckpointError.invalidHeader(file: "t", reason: reason), "\(header)") {
                try SafetensorsFile(bytes: safetensorsBytes(header: header, data: [0, 0]), name: "t")
            }
        }
    }

    @Test func missingAndEmptyFiles() throws {
        #expect(throws: CheckpointError.unreadable(file: "/nonexistent/x.safetensors", reason: "No such file or directory")) {
            try SafetensorsFile(path: "/nonexistent/x.safetensors")
        }
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        FileManager.default.createFile(atPath: dir + "/empty.safetensors", contents: Data())
        #expect(throws: CheckpointError.truncated(file: dir + "/empty.safetensors", expectedBytes: 8, actualBytes: 0)) {
            try SafetensorsFile(path: dir + "/empty.safetensors")
        }
        #expect(throws: CheckpointError.noCheckpoint(path: dir + "/sub")) {
            try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
            _ = try CheckpointFiles(path: dir + "/sub")
        }
    }
}
