import Foundation
import Testing
import Quantization
@testable import Checkpoint

/// A throwaway checkpoint directory built with the writer.
struct TemporaryCheckpoint {
    let dir = FixturePaths.temporaryDirectory()
    var writer = SafetensorsWriter()
    var file: String { dir + "/model.safetensors" }

    /// GPTQ tensors for `name` as stored at `bits` with `groups` groups over `k` inputs.
    mutating func gptq(_ name: String, bits: Int, k: Int, n: Int, groups: Int, scaleRows: Int? = nil,
                       qweightDType: SafetensorsDType = .int32, gIdx: [Int32]? = nil) throws {
        let rows = k * bits / 32
        try writer.add("\(name).qweight", dtype: qweightDType, shape: [rows, n], bytes: [UInt8](repeating: 0x11, count: rows * n * 4))
        try writer.add("\(name).qzeros", shape: [groups, (n * bits + 31) / 32], int32: [Int32](repeating: 0x7777_7777, count: groups * ((n * bits + 31) / 32)))
        try writer.add("\(name).scales", dtype: .float16, shape: [scaleRows ?? groups, n], floats: [Float](repeating: 0.5, count: (scaleRows ?? groups) * n))
        let g = gIdx ?? (0..<k).map { Int32($0 / max(1, k / groups)) }
        if !g.isEmpty { try writer.add("\(name).g_idx", shape: [g.count], int32: g) }
    }

    func write(config: String) throws -> String {
        try writer.write(to: file)
        try config.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        return dir
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }
}

let gptq4g32 = #"{"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 32, "desc_act": true, "sym": false}}"#

@Suite struct ResolutionTests {
    @Test func aValidCheckpointResolvesAndFuses() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        for p in ["q_proj", "k_proj", "v_proj"] { try t.gptq("model.layers.0.self_attn.\(p)", bits: 4, k: 64, n: 16, groups: 2) }
        let ckpt = try QuantizedCheckpoint(path: try t.write(config: gptq4g32))
        #expect(ckpt.resolution.fused.map(\.fusedName) == ["model.layers.0.self_attn.qkv_proj"])
        #expect(ckpt.resolution.fused[0].consistent)
        #expect(try ckpt.dequantize("model.layers.0.self_attn.q_proj").count == 16 * 64)
    }

    @Test func configBitsContradictTheTensors() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        // Packed at 8 bits (K = 64 → 16 rows), but the configuration says 4 bits.
        try t.gptq("model.layers.0.mlp.up_proj", bits: 8, k: 64, n: 16, groups: 2)
        let dir = try t.write(config: gptq4g32)
        #expect(throws: CheckpointError.configContradictsTensors(file: t.file, tensor: "model.layers.0.mlp.up_proj.qweight",
            reason: "16 packed rows at 4 bits give K = 128, but g_idx has 64 entries")) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func scaleRowsContradictTheGroupSize() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("m.up_proj", bits: 4, k: 128, n: 8, groups: 2, gIdx: [])
        let dir = try t.write(config: #"{"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 32}}"#)
        #expect(throws: CheckpointError.configContradictsTensors(file: t.file, tensor: "m.up_proj.scales",
            reason: "2 scale rows at group size 32 cover K = 64, but qweight at 4 bits gives K = 128")) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func groupSizeThatDoesNotDivideK() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2)
        let dir = try t.write(config: #"{"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 48}}"#)
        #expect(throws: CheckpointError.format(file: t.file, tensor: "m.up_proj.qweight", error: .groupSizeDoesNotDivide(groupSize: 48, k: 64))) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func scalesOfTheWrongShape() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2, scaleRows: 3)
        let dir = try t.write(config: gptq4g32)
        #expect(throws: CheckpointError.configContradictsTensors(file: t.file, tensor: "m.up_proj.scales",
            reason: "3 scale rows at group size 32 cover K = 96, but qweight at 4 bits gives K = 64")) {
            try QuantizedCheckpoint(path: dir)
        }
        var u = TemporaryCheckpoint()
        defer { u.remove() }
        try u.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2)
        try u.writer.add("m.up_proj.scales", dtype: .float16, shape: [2, 9], floats: [Float](repeating: 1, count: 18))
        let dir2 = try u.write(config: gptq4g32)
        #expect(throws: CheckpointError.shapeMismatch(file: u.file, tensor: "m.up_proj.scales", expected: [[2, 8]], actual: [2, 9])) {
            try QuantizedCheckpoint(path: dir2)
        }
    }

    @Test func gIdxOfTheWrongLength() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2, gIdx: [Int32](repeating: 0, count: 63))
        let dir = try t.write(config: gptq4g32)
        #expect(throws: CheckpointError.configContradictsTensors(file: t.file, tensor: "m.up_proj.qweight",
            reason: "8 packed rows at 4 bits give K = 64, but g_idx has 63 entries")) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func gIdxNamingAMissingGroupFailsAtDequantization() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        var g = (0..<64).map { Int32($0 / 32) }
        g[10] = 7
        try t.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2, gIdx: g)
        let ckpt = try QuantizedCheckpoint(path: try t.write(config: gptq4g32))
        #expect(throws: CheckpointError.format(file: t.file, tensor: "m.up_proj.qweight", error: .groupIndexOutOfRange(row: 10, group: 7, groups: 2))) {
            try ckpt.dequantize("m.up_proj")
        }
    }

    @Test func missingTensorAndWrongDType() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.writer.add("m.up_proj.qweight", shape: [8, 8], int32: [Int32](repeating: 0, count: 64))
        try t.writer.add("m.up_proj.qzeros", shape: [2, 1], int32: [0, 0])
        try t.writer.add("m.up_proj.g_idx", shape: [64], int32: [Int32](repeating: 0, count: 64))
        let dir = try t.write(config: gptq4g32)
        #expect(throws: CheckpointError.missingTensor(file: t.file, tensor: "m.up_proj.scales", reason: "needed by gptq uint4 g32 asym(v1) act-order gptqRows float16")) {
            try QuantizedCheckpoint(path: dir)
        }
        var u = TemporaryCheckpoint()
        defer { u.remove() }
        try u.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2, qweightDType: .float32)
        let dir2 = try u.write(config: gptq4g32)
        #expect(throws: CheckpointError.dtypeMismatch(file: u.file, tensor: "m.up_proj.qweight", expected: ["I32"], actual: "F32")) {
            try QuantizedCheckpoint(path: dir2)
        }
    }

    @Test func quantizedTensorsThatTheConfigLeavesUnquantized() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("lm_head", bits: 4, k: 64, n: 8, groups: 2)
        let dir = try t.write(config: gptq4g32)  // lm_head defaults to false
        #expect(throws: CheckpointError.configContradictsTensors(file: t.file, tensor: "lm_head.qweight",
            reason: "the configuration leaves 'lm_head' unquantized (ignored by 'lm_head') but it stores a quantized weight")) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func compressedTensorsWeightShapeContradictsThePacking() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.writer.add("m.q_proj.weight_packed", shape: [8, 8], int32: [Int32](repeating: 0, count: 64))
        try t.writer.add("m.q_proj.weight_shape", dtype: .int64, shape: [2], bytes: [8, 32].flatMap { SafetensorsWriter.littleEndianBytes(Int64($0)) })
        try t.writer.add("m.q_proj.weight_scale", dtype: .bfloat16, shape: [8, 1], floats: [Float](repeating: 1, count: 8))
        let dir = try t.write(config: #"{"quantization_config": {"quant_method": "compressed-tensors", "format": "pack-quantized", "config_groups": {"g": {"targets": ["Linear"], "weights": {"num_bits": 4, "strategy": "channel"}}}}}"#)
        #expect(throws: CheckpointError.configContradictsTensors(file: t.file, tensor: "m.q_proj.weight_packed",
            reason: "weight_shape 8×32 at 4 bits packs to [8, 4], found [8, 8]")) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func olderCompressedTensorsThreeBitPackingIsNamed() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        // compressed-tensors before the dense packing stored 10 three-bit values per word: K = 64 → 7 words.
        try t.writer.add("m.q_proj.weight_packed", shape: [8, 7], int32: [Int32](repeating: 0, count: 56))
        try t.writer.add("m.q_proj.weight_shape", dtype: .int64, shape: [2], bytes: [8, 64].flatMap { SafetensorsWriter.littleEndianBytes(Int64($0)) })
        try t.writer.add("m.q_proj.weight_scale", dtype: .bfloat16, shape: [8, 1], floats: [Float](repeating: 1, count: 8))
        let dir = try t.write(config: #"{"quantization_config": {"quant_method": "compressed-tensors", "format": "pack-quantized", "config_groups": {"g": {"targets": ["Linear"], "weights": {"num_bits": 3, "strategy": "channel"}}}}}"#)
        #expect(throws: CheckpointError.unsupportedScheme(file: t.file,
            reason: "'m.q_proj.weight_packed' uses the older compressed-tensors packing of 10 3-bit values per word ([8, 7]); only the dense bit stream ([8, 6]) is supported")) {
            try QuantizedCheckpoint(path: dir)
        }
    }

    @Test func wrappedGPTQV1ZeroPointsAreWarned() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("m.up_proj", bits: 4, k: 64, n: 8, groups: 2)
        try t.writer.add("m.up_proj.qzeros", shape: [2, 1], int32: [-1, 0x7777_7777])   // group 0: all ones
        let report = try CheckpointInspector.inspect(path: try t.write(config: gptq4g32))
        #expect(report.warnings.contains { $0.hasPrefix("m.up_proj.qzeros: 8 zero point(s) stored as all ones read back as 16") })
        let ckpt = try QuantizedCheckpoint(path: t.dir)
        #expect(try ckpt.storedWeight(ckpt.resolution.module("m.up_proj")!).unpack().zeros.prefix(2) == [16, 8])
    }

    @Test func fusedShardsThatDisagreeAreWarned() throws {
        var t = TemporaryCheckpoint()
        defer { t.remove() }
        try t.gptq("model.layers.0.mlp.gate_proj", bits: 4, k: 64, n: 16, groups: 2)
        try t.writer.add("model.layers.0.mlp.up_proj.weight", dtype: .bfloat16, shape: [16, 64], floats: [Float](repeating: 0, count: 1024))
        let ckpt = try QuantizedCheckpoint(path: try t.write(config: #"""
            {"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 32, "desc_act": true, "sym": false,
             "dynamic": {"-:.*up_proj": {}}}}
            """#))
        #expect(ckpt.resolution.fused.first?.consistent == false)
        #expect(ckpt.resolution.warnings.contains { $0.contains("gate_up_proj: fused shards disagree") })
    }

    // MARK: - Sharded checkpoints

    @Test func shardedFixtureReadsThroughTheIndex() throws {
        let files = try CheckpointFiles(path: FixturePaths.checkpoint("gptq_b4_g128_sym_v1_sharded"))
        #expect(files.indexFile != nil)
        #expect(files.files.keys.sorted() == ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"])
        #expect(files.tensorNames.count == files.files.values.map(\.tensors.count).reduce(0, +))
        #expect(try files.tensor("model.layers.0.self_attn.q_proj.qweight").shape == [16, 64])
    }

    @Test func indexErrors() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var w = SafetensorsWriter()
        try w.add("a", shape: [1], int32: [1])
        try w.write(to: dir + "/model-00001-of-00002.safetensors")
        func index(_ map: String) throws {
            try #"{"metadata": {}, "weight_map": \#(map)}"#.write(toFile: dir + "/model.safetensors.index.json", atomically: true, encoding: .utf8)
        }
        try index(#"{"a": "model-00001-of-00002.safetensors", "b": "model-00002-of-00002.safetensors"}"#)
        #expect(throws: CheckpointError.missingTensor(file: dir + "/model.safetensors.index.json", tensor: "b",
            reason: "the index puts it in 'model-00002-of-00002.safetensors', which does not exist")) {
            try CheckpointFiles(path: dir)
        }
        try index(#"{"a": "model-00001-of-00002.safetensors", "c": "model-00001-of-00002.safetensors"}"#)
        #expect(throws: CheckpointError.missingTensor(file: dir + "/model-00001-of-00002.safetensors", tensor: "c",
            reason: "model.safetensors.index.json lists it in this shard")) {
            try CheckpointFiles(path: dir)
        }
        try index(#"{"a": "../secret.safetensors"}"#)
        #expect(throws: CheckpointError.invalidConfig(file: dir + "/model.safetensors.index.json", key: "weight_map",
            reason: "file name '../secret.safetensors' must name a file beside the index")) {
            try CheckpointFiles(path: dir)
        }
        try index(#"[1]"#)
        #expect(throws: CheckpointError.invalidConfig(file: dir + "/model.safetensors.index.json", key: "weight_map",
            reason: "missing or not an object of tensor → file")) {
            try CheckpointFiles(path: dir)
        }
    }

    @Test func duplicateTensorsAcrossUnindexedShards() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var w = SafetensorsWriter()
        try w.add("a", shape: [1], int32: [1])
        try w.write(to: dir + "/one.safetensors")
        try w.write(to: dir + "/two.safetensors")
        #expect(throws: CheckpointError.invalidHeader(file: dir + "/two.safetensors", reason: "tensor 'a' is also in 'one.safetensors'")) {
            try CheckpointFiles(path: dir)
        }
    }
}

@Suite struct ModuleAccessTests {
    @Test func viewsByParameterName() throws {
        let ckpt = try QuantizedCheckpoint(path: FixturePaths.checkpoint("awq_gemm_g64"))
        let m = try #require(ckpt.resolution.module("model.layers.0.self_attn.q_proj"))
        #expect(try ckpt.view(m, "qweight").shape == [128, 8])
        #expect(m.tensorName("g_idx") == nil)
        #expect(throws: CheckpointError.self) { try ckpt.view(m, "g_idx") }
    }
}
