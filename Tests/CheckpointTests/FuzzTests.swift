import Foundation
import Testing
import Quantization
@testable import Checkpoint

/// A seeded generator (SplitMix64), so every fuzz run mutates the same way.
struct FuzzRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
}

/// Small valid checkpoints (file bytes + config.json text), one per family.
enum FuzzSeeds {
    static func codes(_ count: Int, _ rng: inout FuzzRandom) -> [Int32] {
        (0..<count).map { _ in Int32(truncatingIfNeeded: rng.next()) }
    }

    static func make() throws -> [(file: [UInt8], config: String)] {
        var rng = FuzzRandom(state: 42)
        var seeds: [(file: [UInt8], config: String)] = []

        var gptq = SafetensorsWriter()
        for p in ["q_proj", "k_proj"] {
            let m = "model.layers.0.self_attn.\(p)"
            try gptq.add("\(m).qweight", shape: [4, 8], int32: codes(32, &rng))       // K = 32 at 4 bits
            try gptq.add("\(m).qzeros", shape: [2, 1], int32: codes(2, &rng))
            try gptq.add("\(m).scales", dtype: .float16, shape: [2, 8], floats: (0..<16).map { Float($0 + 1) / 64 })
            try gptq.add("\(m).g_idx", shape: [32], int32: (0..<32).map { Int32(($0 * 5) % 32 / 16) })
        }
        try gptq.add("model.layers.0.self_attn.v_proj.weight", dtype: .float16, shape: [8, 32], floats: [Float](repeating: 0.5, count: 256))
        try gptq.add("lm_head.weight", dtype: .bfloat16, shape: [4, 32], floats: [Float](repeating: 0.25, count: 128))
        seeds.append((gptq.serialized(), #"""
            {"architectures": ["LlamaForCausalLM"], "quantization_config": {"quant_method": "gptq", "bits": 4, "group_size": 16,
             "desc_act": true, "sym": false, "checkpoint_format": "gptq", "lm_head": false,
             "dynamic": {"-:.*v_proj": {}, "+:.*q_proj": {"bits": 4, "group_size": 16}}}}
            """#))

        var awq = SafetensorsWriter()
        try awq.add("model.layers.0.mlp.up_proj.qweight", shape: [32, 1], int32: codes(32, &rng))   // K = 32, N = 8
        try awq.add("model.layers.0.mlp.up_proj.qzeros", shape: [2, 1], int32: codes(2, &rng))
        try awq.add("model.layers.0.mlp.up_proj.scales", dtype: .float16, shape: [2, 8], floats: [Float](repeating: 0.1, count: 16))
        try awq.add("model.layers.0.mlp.gemv_proj.weight", dtype: .float16, shape: [8, 4], floats: [Float](repeating: 1, count: 32))
        seeds.append((awq.serialized(), #"""
            {"quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 16, "zero_point": true, "version": "gemm",
             "modules_to_not_convert": ["gemv_proj"]}}
            """#))

        var ct = SafetensorsWriter()
        let m = "model.layers.0.self_attn.o_proj"
        try ct.add("\(m).weight_packed", shape: [8, 3], int32: codes(24, &rng))                    // 3-bit, K = 32
        try ct.add("\(m).weight_shape", dtype: .int64, shape: [2], bytes: [8, 32].flatMap { SafetensorsWriter.littleEndianBytes(Int64($0)) })
        try ct.add("\(m).weight_scale", dtype: .bfloat16, shape: [8, 2], floats: [Float](repeating: 0.5, count: 16))
        try ct.add("\(m).weight_zero_point", shape: [1, 2], int32: codes(2, &rng))
        try ct.add("\(m).weight_g_idx", shape: [32], int32: (0..<32).map { Int32(($0 * 7) % 32 / 16) })
        seeds.append((ct.serialized(), #"""
            {"quantization_config": {"quant_method": "compressed-tensors", "format": "pack-quantized", "ignore": ["lm_head", "re:.*gate$"],
             "config_groups": {"group_0": {"targets": ["Linear"], "weights": {"num_bits": 3, "type": "int", "symmetric": false,
               "strategy": "group", "group_size": 16, "actorder": "group"}, "input_activations": null}},
             "kv_cache_scheme": {"num_bits": 8, "type": "float", "strategy": "tensor", "dynamic": false}}}
            """#))

        var fp8 = SafetensorsWriter()
        try fp8.add("model.layers.0.mlp.down_proj.weight", dtype: .float8E4M3, shape: [8, 32], bytes: (0..<256).map { UInt8($0) })
        try fp8.add("model.layers.0.mlp.down_proj.weight_scale_inv", dtype: .float32, shape: [2, 2], floats: [0.5, 1, 2, 4])
        seeds.append((fp8.serialized(), #"""
            {"quantization_config": {"quant_method": "fp8", "activation_scheme": "dynamic", "weight_block_size": [4, 16],
             "ignored_layers": ["lm_head"]}}
            """#))

        var int8 = SafetensorsWriter()
        try int8.add("model.layers.0.mlp.gate_proj.weight", dtype: .int8, shape: [8, 16], bytes: (0..<128).map { UInt8($0 * 3 % 256) })
        try int8.add("model.layers.0.mlp.gate_proj.weight_scale", dtype: .bfloat16, shape: [8, 1], floats: [Float](repeating: 0.01, count: 8))
        try int8.add("model.layers.0.mlp.gate_proj.input_scale", dtype: .float32, shape: [1], floats: [0.02])
        try int8.add("model.layers.0.mlp.gate_proj.input_zero_point", dtype: .int8, shape: [1], bytes: [3])
        seeds.append((int8.serialized(), #"""
            {"quantization_config": {"quant_method": "compressed-tensors", "format": "int-quantized",
             "config_groups": {"g": {"targets": ["re:.*proj$"], "weights": {"num_bits": 8, "type": "int", "strategy": "channel"},
               "input_activations": {"num_bits": 8, "type": "int", "strategy": "tensor", "dynamic": false, "symmetric": false}}}}}
            """#))
        return seeds
    }
}

/// Mutations that keep inputs near valid, so parsing gets deep before it fails.
enum Mutator {
    static let numbers = ["0", "-1", "1", "2", "3", "7", "8", "9", "16", "31", "32", "33", "127", "128", "4294967296",
                          "9223372036854775807", "18446744073709551616", "1e300", "-1e300", "1.5", "0.0", "NaN", "1e-7"]
    static let strings = ["\"F8_E4M3\"", "\"F8_E5M2\"", "\"I32\"", "\"I64\"", "\"BF16\"", "\"F16\"", "\"U8\"", "\"I8\"", "\"F7\"",
                          "\"\"", "\"qweight\"", "\"scales\"", "\"g_idx\"", "\"weight_packed\"", "\"weight\"", "\"gptq\"",
                          "\"awq\"", "\"fp8\"", "\"compressed-tensors\"", "\"pack-quantized\"", "\"gemv\"", "\"group\"",
                          "\"channel\"", "\"block\"", "\"tensor\"", "\"re:([\"", "\"re:.*\"", "\"Linear\"", "\"-:.*\"",
                          "null", "true", "[]", "{}", "[128, 128]"]

    /// Ranges of number tokens and of string tokens in JSON text.
    static func tokens(_ b: [UInt8]) -> (numbers: [Range<Int>], strings: [Range<Int>]) {
        var numbers: [Range<Int>] = [], strings: [Range<Int>] = []
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "\"") {
                var j = i + 1
                while j < b.count && b[j] != UInt8(ascii: "\"") { j += b[j] == UInt8(ascii: "\\") ? 2 : 1 }
                strings.append(i..<min(j + 1, b.count)); i = j + 1
            } else if (b[i] >= 48 && b[i] <= 57) || b[i] == UInt8(ascii: "-") {
                var j = i + 1
                while j < b.count, (b[j] >= 48 && b[j] <= 57) || b[j] == UInt8(ascii: ".") || b[j] == UInt8(ascii: "e") { j += 1 }
                numbers.append(i..<j); i = j
            } else { i += 1 }
        }
        return (numbers, strings)
    }

    static func mutateJSON(_ text: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var b = text
        let (numbers, strings) = tokens(b)
        switch rng.below(6) {
        case 0 where !numbers.isEmpty:
            b.replaceSubrange(numbers[rng.below(numbers.count)], with: Array(Self.numbers[rng.below(Self.numbers.count)].utf8))
        case 1 where !strings.isEmpty:
            b.replaceSubrange(strings[rng.below(strings.count)], with: Array(Self.strings[rng.below(Self.strings.count)].utf8))
        case 2 where !b.isEmpty:
            b[rng.below(b.count)] ^= UInt8(1 << rng.below(8))
        case 3 where b.count > 2:
            let start = rng.below(b.count), length = 1 + rng.below(min(40, b.count - start))
            b.removeSubrange(start..<min(start + length, b.count))
        case 4 where b.count > 2:
            let start = rng.below(b.count), length = 1 + rng.below(min(60, b.count - start))
            b.insert(contentsOf: b[start..<min(start + length, b.count)], at: rng.below(b.count))
        default:
            // Swap two number tokens (offsets, shapes, bits).
            if numbers.count > 1 {
                let a = numbers[rng.below(numbers.count)], c = numbers[rng.below(numbers.count)]
                if a.upperBound <= c.lowerBound {
                    let (x, y) = (Array(b[a]), Array(b[c]))
                    b.replaceSubrange(c, with: x); b.replaceSubrange(a, with: y)
                }
            }
        }
        return b
    }

    /// Mutates a safetensors file: its JSON header, its length field, its data, or its end.
    static func mutateFile(_ file: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        // An earlier mutation may have broken the framing: then flip bytes or cut the end.
        guard file.count >= 8, case let length = file.withUnsafeBytes({ $0.loadUnaligned(as: UInt64.self) }),
              length <= UInt64(file.count - 8) else {
            var b = file
            if !b.isEmpty && rng.below(2) == 0 { b[rng.below(b.count)] ^= 0x5A } else { b = Array(b.prefix(rng.below(b.count + 1))) }
            return b
        }
        let headerLength = Int(length)
        var header = Array(file[8..<(8 + headerLength)])
        var data = Array(file[(8 + headerLength)...])
        var lengthField = UInt64(headerLength)
        switch rng.below(10) {
        case 0..<5:
            header = mutateJSON(header, &rng)
            lengthField = rng.below(8) == 0 ? lengthField : UInt64(header.count)
        case 5:
            lengthField = [0, 1, 7, UInt64(header.count + 1), UInt64(max(header.count - 1, 0)), UInt64.max, 1 << 40][rng.below(7)]
        case 6...7 where !data.isEmpty:
            for _ in 0..<(1 + rng.below(4)) { data[rng.below(data.count)] = UInt8(truncatingIfNeeded: rng.next()) }
        default:
            let all = withUnsafeBytes(of: lengthField.littleEndian) { Array($0) } + header + data
            return Array(all.prefix(rng.below(all.count + 1)))
        }
        return withUnsafeBytes(of: lengthField.littleEndian) { Array($0) } + header + data
    }
}

@Suite struct FuzzTests {
    /// ≥ 10,000 seeded mutations of valid safetensors headers, data and configs, each run through
    /// parsing, config detection, per-layer resolution, dequantization and inspect: every failure
    /// must be a `CheckpointError`, and nothing may crash or read outside its buffer.
    @Test func mutatedHeadersAndConfigsNeverCrash() throws {
        let seeds = try FuzzSeeds.make()
        // Every seed is valid before mutation.
        for (i, seed) in seeds.enumerated() {
            let file = try SafetensorsFile(bytes: seed.file, name: "seed\(i)")
            let config = try QuantConfigDetector.parse(Data(seed.config.utf8), source: .configJSON, file: "config.json")
            let ckpt = try QuantizedCheckpoint(files: try CheckpointFiles(files: ["model.safetensors": file], path: "seed\(i)"), config: config)
            #expect(ckpt.resolution.modules.contains { $0.scheme != nil }, "seed \(i)")
            for m in ckpt.resolution.modules { _ = try ckpt.dequantize(m.name) }
        }
        var rng = FuzzRandom(state: 0x5eed)
        var outcomes: [String: Int] = [:]
        let iterations = 12_000
        for iteration in 0..<iterations {
            let seed = seeds[iteration % seeds.count]
            var file = seed.file, config = Array(seed.config.utf8)
            switch rng.below(3) {
            case 0: for _ in 0..<(1 + rng.below(3)) { file = Mutator.mutateFile(file, &rng) }
            case 1: for _ in 0..<(1 + rng.below(3)) { config = Mutator.mutateJSON(config, &rng) }
            default:
                file = Mutator.mutateFile(file, &rng)
                config = Mutator.mutateJSON(config, &rng)
            }
            do {
                let f = try SafetensorsFile(bytes: file, name: "fuzz.safetensors")
                let c = try QuantConfigDetector.parse(Data(config), source: .configJSON, file: "config.json")
                let ckpt = try QuantizedCheckpoint(files: try CheckpointFiles(files: ["model.safetensors": f], path: "fuzz"), config: c)
                for m in ckpt.resolution.modules {
                    do { _ = try ckpt.dequantize(m.name) } catch { outcomes["dequantize error", default: 0] += 1 }
                }
                _ = try CheckpointInspector.report(ckpt, path: "fuzz").text()
                outcomes["accepted", default: 0] += 1
            } catch {
                let kind = String(describing: error).split(separator: ":").dropFirst().first.map(String.init) ?? "?"
                outcomes["error" + kind.prefix(25), default: 0] += 1
            }
        }
        // The mutations reach both outcomes: many inputs are rejected, some still load.
        #expect(outcomes["accepted", default: 0] > 500)
        #expect(outcomes.values.reduce(0, +) >= iterations)
        #expect(outcomes.count > 10)
    }
}
