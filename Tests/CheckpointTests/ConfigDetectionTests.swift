import Foundation
import Testing
import Quantization
@testable import Checkpoint

@Suite struct ConfigDetectionTests {
    func parse(_ json: String, _ source: QuantConfigSource = .configJSON) throws -> QuantizationConfig? {
        try QuantConfigDetector.parse(Data(json.utf8), source: source, file: source.rawValue)
    }

    @Test func eachFixtureIsDetectedFromItsOwnFile() throws {
        let cases: [(String, QuantMethod, QuantConfigSource, String)] = [
            ("gptq_b3_g32_asym_v1_actorder", .gptq, .quantizeConfigJSON, "gptq"),
            ("gptq_b2_g64_asym_v2", .gptq, .configJSON, "gptq_v2"),
            ("awq_gemv_g32", .awq, .quantConfigJSON, "gemv"),
            ("awq_gemm_g64", .awq, .configJSON, "gemm"),
            ("ct_pack_w4_g32_asym", .compressedTensors, .configJSON, "pack-quantized"),
            ("ct_int8_w8a8_dynamic", .compressedTensors, .configJSON, "int-quantized"),
            ("fp8_block128", .fp8, .configJSON, "fp8-block"),
            ("fp8_channel_fbgemm", .fp8, .configJSON, "fbgemm_fp8"),
            ("fp8_tensor_dynamic_modelopt", .fp8, .hfQuantConfigJSON, "modelopt-fp8"),
        ]
        for (name, method, source, format) in cases {
            let c = try #require(try QuantConfigDetector.detect(directory: FixturePaths.checkpoint(name)))
            #expect(c.method == method && c.source == source && c.format == format, "\(name): \(c.method) \(c.source) \(c.format)")
        }
    }

    @Test func unquantizedConfigHasNoScheme() throws {
        #expect(try parse(#"{"architectures": ["LlamaForCausalLM"], "hidden_size": 576}"#) == nil)
    }

    @Test func gptqDynamicRulesKeepFileOrderAndPrefixes() throws {
        let c = try #require(try parse(#"""
        {"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 128, "sym": true, "desc_act": true,
          "dynamic": {"-:.*\\.mlp\\.down_proj": {}, "+:.*\\.layers\\.[0-3]\\..*": {"bits": 8, "group_size": -1},
                      ".*\\.layers\\.5\\.self_attn\\..*": {"group_size": 32, "sym": false}}}}
        """#))
        #expect(c.rules.map(\.origin) == [#"dynamic["-:.*\.mlp\.down_proj"]"#, #"dynamic["+:.*\.layers\.[0-3]\..*"]"#, #"dynamic[".*\.layers\.5\.self_attn\..*"]"#])
        #expect(c.scheme(for: "model.layers.2.mlp.down_proj").scheme == nil)  // the skip comes first
        let eight = try #require(c.scheme(for: "model.layers.2.self_attn.q_proj").scheme)
        #expect(eight.bits == 8 && eight.granularity == .perChannel && !eight.actOrder)
        let five = try #require(c.scheme(for: "model.layers.5.self_attn.k_proj").scheme)
        #expect(five.bits == 4 && five.groupSize == 32 && five.zeroPoints == .gptqV1MinusOne && five.actOrder)
        let other = try #require(c.scheme(for: "model.layers.9.mlp.up_proj").scheme)
        #expect(other == .gptq(bits: 4, groupSize: 128, actOrder: true))
        #expect(c.scheme(for: "lm_head").scheme == nil)   // lm_head: false
    }

    @Test func gptqLmHeadAndStaticGroups() throws {
        let c = try #require(try parse(#"{"bits": 8, "group_size": -1, "lm_head": true, "static_groups": true, "checkpoint_format": "gptq_v2", "sym": false}"#, .quantizeConfigJSON))
        let s = try #require(c.scheme(for: "lm_head").scheme)
        #expect(s.staticGroups && s.zeroPoints == .gptqV2 && s.granularity == .perChannel)
    }

    @Test func awqModulesToNotConvertMatchBySubstring() throws {
        let c = try #require(try parse(#"{"quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128, "version": "gemm", "zero_point": true, "modules_to_not_convert": ["visual", "mlp.gate"]}}"#))
        #expect(c.scheme(for: "model.visual.blocks.0.attn.qkv").scheme == nil)
        #expect(c.scheme(for: "model.layers.0.mlp.gate").scheme == nil)
        #expect(c.scheme(for: "model.layers.0.mlp.gate_proj").scheme == nil)  // AutoAWQ's substring test, faithfully
        #expect(c.scheme(for: "model.layers.0.self_attn.q_proj").scheme == .awqGEMM(groupSize: 128))
    }

    @Test func compressedTensorsTargetsIgnoreAndKVCache() throws {
        let c = try #require(try parse(#"""
        {"quantization_config": {"quant_method": "compressed-tensors", "format": "mixed-precision",
          "config_groups": {
            "attn": {"targets": ["re:.*self_attn\\.(q|k|v)_proj$"], "format": "float-quantized",
                     "weights": {"num_bits": 8, "type": "float", "strategy": "block", "block_structure": [128, 128], "symmetric": true},
                     "input_activations": {"num_bits": 8, "type": "float", "strategy": "group", "group_size": 128, "dynamic": true}},
            "rest": {"targets": ["Linear"], "format": "pack-quantized",
                     "weights": {"num_bits": 4, "type": "int", "strategy": "group", "group_size": 64, "symmetric": false, "actorder": "group"}}},
          "ignore": ["lm_head", "re:.*mlp\\.gate$"],
          "kv_cache_scheme": {"num_bits": 8, "type": "float", "strategy": "tensor", "dynamic": false}}}
        """#))
        let fp8 = try #require(c.scheme(for: "model.layers.0.self_attn.k_proj").scheme)
        #expect(fp8.valueType == .float8E4M3FN && fp8.granularity == .block(rows: 128, cols: 128))
        #expect(fp8.activation == ActivationScheme(type: .float8E4M3FN, dynamic: true, granularity: .perTokenGroup(128)))
        let int4 = try #require(c.scheme(for: "model.layers.0.self_attn.o_proj").scheme)
        #expect(int4 == .compressedTensorsPacked(bits: 4, groupSize: 64, symmetric: false, actOrder: true))
        #expect(c.scheme(for: "model.layers.3.mlp.gate").scheme == nil)
        #expect(c.scheme(for: "lm_head").reason == "ignored by 'lm_head'")
        #expect(c.kvCache?.description == "float8 tensor static")
        #expect(c.format == "float-quantized+pack-quantized")
    }

    @Test func laterFilesThatDisagreeBecomeNotes() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try #"{"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 128}}"#.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        try #"{"bits": 8, "group_size": 128}"#.write(toFile: dir + "/quantize_config.json", atomically: true, encoding: .utf8)
        try #"{"w_bit": 4, "q_group_size": 128, "version": "GEMM", "zero_point": true}"#.write(toFile: dir + "/quant_config.json", atomically: true, encoding: .utf8)
        let c = try #require(try QuantConfigDetector.detect(directory: dir))
        #expect(c.source == .configJSON && c.defaultScheme?.bits == 4)
        #expect(c.notes.count == 2)
        #expect(c.notes.contains { $0.contains("quant_config.json declares awq") })
    }

    // MARK: - Bad configurations, each with its own error

    @Test func unsupportedBits() {
        #expect(throws: CheckpointError.unsupportedScheme(file: "config.json", reason: "GPTQ 5-bit weights (quantization_config.bits); supported: 2, 3, 4, 8")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": 5, "group_size": 128}}"#)
        }
        #expect(throws: CheckpointError.unsupportedScheme(file: "quant_config.json", reason: "AWQ 3-bit weights; AutoAWQ packs 4-bit only")) {
            try parse(#"{"w_bit": 3, "q_group_size": 128}"#, .quantConfigJSON)
        }
        #expect(throws: CheckpointError.unsupportedScheme(file: "config.json", reason: "pack-quantized 16-bit weights (supported: 1…8)")) {
            try parse(#"{"quantization_config": {"quant_method": "compressed-tensors", "format": "pack-quantized", "config_groups": {"g": {"targets": ["Linear"], "weights": {"num_bits": 16, "strategy": "channel"}}}}}"#)
        }
    }

    @Test func badValues() {
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "quantization_config.group_size", reason: "must be -1 or positive, found 0")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 0}}"#)
        }
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "quantization_config.bits", reason: "expected an integer, found a string")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": "4"}}"#)
        }
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "quantization_config.desc_act", reason: "expected true or false, found 1")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": 4, "desc_act": 1}}"#)
        }
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "quantization_config.dynamic.+:([", reason: "not a valid regular expression")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": 4, "dynamic": {"+:([": {"bits": 8}}}}"#)
        }
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "quantization_config.weight_block_size", reason: "must be two positive integers, found [128]")) {
            try parse(#"{"quantization_config": {"quant_method": "fp8", "weight_block_size": [128]}}"#)
        }
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "(root)", reason: "not valid JSON")) {
            try parse("{")
        }
        #expect(throws: CheckpointError.unsupportedScheme(file: "config.json", reason: "quant_method 'bitsandbytes' is not supported (supported: gptq, awq, compressed-tensors, fp8, fbgemm_fp8, w8a8_int8, modelopt)")) {
            try parse(#"{"quantization_config": {"quant_method": "bitsandbytes"}}"#)
        }
        #expect(throws: CheckpointError.invalidConfig(file: "config.json", key: "quantization_config.config_groups.g.targets", reason: "each config group needs a non-empty list of targets")) {
            try parse(#"{"quantization_config": {"quant_method": "compressed-tensors", "config_groups": {"g": {"targets": []}}}}"#)
        }
        #expect(throws: CheckpointError.unsupportedScheme(file: "config.json", reason: "GPTQ pack_dtype 'int16' (quantization_config.pack_dtype); only int32 words are supported")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": 4, "pack_dtype": "int16"}}"#)
        }
        #expect(throws: CheckpointError.unsupportedScheme(file: "config.json", reason: "compressed-tensors sparsity format 'sparse-24-bitmask' (quantization_config.sparsity_config.format); only dense weights are supported")) {
            try parse(#"{"quantization_config": {"quant_method": "compressed-tensors", "config_groups": {"g": {"targets": ["Linear"], "weights": {"num_bits": 8, "strategy": "channel"}}}, "format": "int-quantized", "sparsity_config": {"format": "sparse-24-bitmask"}}}"#)
        }
        #expect(throws: CheckpointError.unsupportedScheme(file: "config.json", reason: "GPTQ checkpoint_format 'marlin' (supported: gptq, gptq_v2)")) {
            try parse(#"{"quantization_config": {"quant_method": "gptq", "bits": 4, "checkpoint_format": "marlin"}}"#)
        }
    }
}
