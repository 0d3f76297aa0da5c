import Foundation
import Testing
import Quantization
@testable import Checkpoint

/// `quantjit inspect` as a library function, on the fixture checkpoints.
@Suite struct InspectTests {
    @Test func gptqDynamicCollapsesLayersThatDifferAndNamesTheRules() throws {
        let report = try CheckpointInspector.inspect(path: FixturePaths.checkpoint("gptq_b4_dynamic"))
        #expect(report.method == "gptq")
        #expect(report.configFile == "config.json")
        // Layer 0 and layer 1 differ (dynamic overrides), so they are two ranges.
        #expect(report.layerRanges.map { "\($0.first)-\($0.last)" } == ["0-0", "1-1"])
        let layer0 = Dictionary(uniqueKeysWithValues: report.layerRanges[0].modules.map { ($0.name, $0) })
        let layer1 = Dictionary(uniqueKeysWithValues: report.layerRanges[1].modules.map { ($0.name, $0) })
        #expect(layer0["mlp.down_proj"]?.quantized == false)
        #expect(layer0["mlp.down_proj"]?.reason.contains("dynamic") == true)
        #expect(layer0["self_attn.q_proj"]?.scheme == "gptq uint4 g64 asym(v1) gptqRows float16")
        #expect(layer1["mlp.up_proj"]?.bits == 8 && layer1["mlp.up_proj"]?.groupSize == 32)
        #expect(layer1["self_attn.o_proj"]?.bits == 3)
        #expect(report.otherModules.map(\.name).sorted() == ["lm_head", "model.embed_tokens"])
        #expect(report.bytesByDType["I32"]! > 0 && report.bytesByDType["F16"]! > 0)
        #expect(report.totalBytes == report.tensors.map(\.bytes).reduce(0, +))
    }

    @Test func repeatedLayersCollapseIntoOneRange() throws {
        // A two-layer checkpoint whose layers are alike, written here with the writer.
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var w = SafetensorsWriter()
        for layer in 0..<3 {
            for proj in ["q_proj", "k_proj"] {
                let p = "model.layers.\(layer).self_attn.\(proj)"
                try w.add("\(p).weight", dtype: .float8E4M3, shape: [16, 32], bytes: [UInt8](repeating: 0x38, count: 512))
                try w.add("\(p).weight_scale", dtype: .float32, shape: [], floats: [0.5])
            }
        }
        try w.write(to: dir + "/model.safetensors")
        try #"{"quantization_config": {"quant_method": "fp8", "activation_scheme": "dynamic"}}"#
            .write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        let report = try CheckpointInspector.inspect(path: dir)
        #expect(report.layerRanges.count == 1)
        #expect(report.layerRanges.first.map { [$0.first, $0.last] } == [0, 2])
        #expect(report.text().contains("model.layers layers 0–2:"))
        #expect(report.fused.isEmpty)
    }

    @Test(arguments: FixturePaths.all)
    func everyFixtureInspectsWithTheExpectedSchemes(name: String) throws {
        let report = try CheckpointInspector.inspect(path: FixturePaths.checkpoint(name))
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.checkpoint(name) + "/expected.json"))
        let expected = try JSONDecoder().decode(PeerFixtureTests.Expected.self, from: data)
        let byName = Dictionary(uniqueKeysWithValues: report.modules.map { ($0.name, $0) })
        for (module, e) in expected.modules {
            #expect(byName[module]?.quantized == e.quantized, "\(name) \(module)")
            if let bits = e.bits { #expect(byName[module]?.bits == bits, "\(name) \(module)") }
        }
        #expect(report.warnings.allSatisfy { !$0.contains("scales are zero") })
        // JSON round-trips.
        let decoded = try JSONDecoder().decode(InspectReport.self, from: Data(report.jsonString().utf8))
        #expect(decoded == report)
        #expect(report.text().contains("method: \(report.method)"))
    }

    @Test func moeExpertsCollapseWithinALayer() throws {
        let dir = FixturePaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var w = SafetensorsWriter()
        for layer in 0..<2 {
            for expert in 0..<4 {
                for proj in ["gate_proj", "down_proj"] {
                    try w.add("model.layers.\(layer).mlp.experts.\(expert).\(proj).weight", dtype: .bfloat16, shape: [8, 16],
                              floats: [Float](repeating: 0, count: 128))
                }
            }
            try w.add("model.layers.\(layer).mlp.gate.weight", dtype: .bfloat16, shape: [4, 16], floats: [Float](repeating: 0, count: 64))
        }
        try w.write(to: dir + "/model.safetensors")
        let report = try CheckpointInspector.inspect(path: dir, checkValues: false)
        #expect(report.method == "unquantized")
        #expect(report.layerRanges.count == 1)
        #expect(report.layerRanges[0].modules.map(\.name) == ["mlp.experts.*.down_proj (×4)", "mlp.experts.*.gate_proj (×4)", "mlp.gate"])
        #expect(report.modules.count == 18)
    }

    @Test func modelOptFixtureReportsItsSourceAndKVCache() throws {
        let report = try CheckpointInspector.inspect(path: FixturePaths.checkpoint("fp8_tensor_dynamic_modelopt"))
        #expect(report.fused.contains { $0.name.hasSuffix("qkv_proj") && $0.consistent })
        #expect(report.configFile == "hf_quant_config.json")
        #expect(report.kvCache == "FP8")
        #expect(report.modules.first { $0.name == "model.layers.0.mlp.down_proj" }?.reason == "ignored by '*mlp.down_proj*'")
    }
}
