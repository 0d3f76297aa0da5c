import Foundation
import Testing
import Quantization
@testable import Checkpoint

/// Every fixture checkpoint: the detected scheme of each module matches what the peer script
/// produced, and the reference dequantization equals the peer's, bit for bit.
@Suite struct PeerFixtureTests {
    static let cases = FixturePaths.all

    struct Expected: Decodable {
        struct Module: Decodable {
            var quantized: Bool
            var method: String?
            var bits: Int?
            var group_size: Int?
            var sym: Bool?
            var act_order: Bool?
            var zero_format: String?
            var layout: String?
            var format: String?
            var strategy: String?
            var granularity: String?
            var activation: String?
        }
        var method: String
        var modules: [String: Module]
    }

    func expected(_ name: String) throws -> Expected {
        let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.checkpoint(name) + "/expected.json"))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    @Test func thereAreFixtures() {
        #expect(Self.cases.count >= 20)
    }

    @Test(arguments: cases)
    func schemePerModuleMatchesThePeer(name: String) throws {
        let ckpt = try QuantizedCheckpoint(path: FixturePaths.checkpoint(name))
        let exp = try expected(name)
        #expect(ckpt.config?.method.rawValue == (exp.method == "fp8" ? "fp8" : exp.method))
        for (moduleName, e) in exp.modules {
            let m = try #require(ckpt.resolution.module(moduleName), "\(name): no module \(moduleName)")
            guard e.quantized else {
                #expect(m.scheme == nil, "\(name): \(moduleName) should be unquantized, got \(m.scheme?.summary ?? "")")
                continue
            }
            let s = try #require(m.scheme, "\(name): \(moduleName) should be quantized (\(m.reason))")
            if let bits = e.bits { #expect(s.bits == bits, "\(name) \(moduleName)") }
            if let g = e.group_size { #expect(s.groupSize == g, "\(name) \(moduleName): \(s.summary)") }
            if let sym = e.sym { #expect(s.isAsymmetric == !sym, "\(name) \(moduleName): \(s.summary)") }
            if let a = e.act_order { #expect(s.actOrder == a, "\(name) \(moduleName)") }
            if let z = e.zero_format, e.sym == false { #expect(s.zeroPoints == (z == "v2" ? .gptqV2 : .gptqV1MinusOne)) }
            if let layout = e.layout { #expect(s.layout == (layout == "gemm" ? .awqGEMM : .awqGEMV)) }
            if let f = e.format {
                #expect(s.layout == (f == "pack-quantized" ? .compressedTensorsPacked : .unpacked), "\(name) \(moduleName)")
            }
            if let g = e.granularity {
                switch g {
                case "tensor": #expect(s.granularity == .perTensor)
                case "channel": #expect(s.granularity == .perChannel)
                default: #expect(s.granularity == .block(rows: 128, cols: 128))
                }
            }
            if let a = e.activation { #expect(s.activation.dynamic == (a == "dynamic"), "\(name) \(moduleName)") }
        }
        // Nothing else is quantized.
        for m in ckpt.resolution.modules where m.scheme != nil {
            #expect(exp.modules[m.name]?.quantized == true, "\(name): \(m.name) resolved as quantized")
        }
    }

    @Test(arguments: cases)
    func dequantizationIsBitExact(name: String) throws {
        let ckpt = try QuantizedCheckpoint(path: FixturePaths.checkpoint(name))
        let reference = try SafetensorsFile(path: FixturePaths.checkpoint(name) + "/reference.safetensors")
        let exp = try expected(name)
        var compared = 0
        for (moduleName, e) in exp.modules where e.quantized {
            let ours = try ckpt.dequantize(moduleName)
            let peer = try reference.tensor("\(moduleName).dequant")
            let m = ckpt.resolution.module(moduleName)!
            #expect(peer.shape == [m.n, m.k])
            let theirs = peer.floats()
            #expect(ours.count == theirs.count)
            var mismatches = 0
            for (i, (a, b)) in zip(ours, theirs).enumerated() {
                let rounded: Float
                switch peer.dtype {
                case .float16: rounded = Float16Bits.round(a)
                case .bfloat16: rounded = BFloat16Bits.round(a)
                default: rounded = a
                }
                if rounded.bitPattern != b.bitPattern && !(rounded == 0 && b == 0) {
                    mismatches += 1
                    if mismatches <= 3 { Issue.record("\(name) \(moduleName)[\(i)]: ours \(a) → \(rounded), peer \(b)") }
                }
            }
            #expect(mismatches == 0, "\(name) \(moduleName): \(mismatches) of \(ours.count) differ")
            if reference.tensors["\(moduleName).codes"] != nil {
                let codes = try reference.tensor("\(moduleName).codes").integers().map { Int32($0) }
                #expect(try ckpt.storedWeight(m).unpack().codes == codes, "\(name) \(moduleName) codes")
            }
            compared += 1
        }
        #expect(compared > 0)
    }
}

/// Packing is the inverse of unpacking, and writes exactly the peers' tensors: unpack every
/// fixture module, pack it again, compare with the words GPTQModel, AutoAWQ and
/// compressed-tensors wrote.
@Suite struct PeerPackingTests {
    @Test(arguments: FixturePaths.all)
    func repackingReproducesThePeersTensors(name: String) throws {
        let ckpt = try QuantizedCheckpoint(path: FixturePaths.checkpoint(name))
        var packedModules = 0
        for m in ckpt.resolution.modules {
            guard let scheme = m.scheme else { continue }
            let stored = try ckpt.storedWeight(m)
            let again = try stored.unpack().packed(as: scheme)
            #expect(again.weight == stored.weight, "\(name) \(m.name): packed weight differs")
            #expect(again.scales.map(\.bitPattern) == stored.scales.map(\.bitPattern), "\(name) \(m.name): scales differ")
            #expect(again.zeros == stored.zeros, "\(name) \(m.name): zero points differ")
            #expect(again.gIdx == stored.gIdx, "\(name) \(m.name): g_idx differs")
            packedModules += 1
        }
        #expect(packedModules > 0)
    }

    @Test func codesOutsideTheBitWidthAreRejected() throws {
        let w = UnpackedWeight(n: 8, k: 32, granularity: .perChannel, codes: [Int32](repeating: 16, count: 256),
                               scales: [Float](repeating: 1, count: 8))
        #expect(throws: QuantFormatError.codeOutOfRange(tensor: "codes", index: 0, value: 16, range: 0...15)) {
            try w.packed(as: .gptq(bits: 4, groupSize: -1))
        }
        #expect(throws: QuantFormatError.codeOutOfRange(tensor: "codes", index: 0, value: 16, range: -8...7)) {
            try w.packed(as: .compressedTensorsPacked(bits: 4, groupSize: -1))
        }
    }
}

@Suite struct FusedShardTests {
    @Test func perTensorFP8ShardsRequantizeToTheMaxScale() throws {
        let ckpt = try QuantizedCheckpoint(path: FixturePaths.checkpoint("fp8_tensor_static"))
        let group = try #require(ckpt.resolution.fused.first { $0.fusedName.hasSuffix("qkv_proj") })
        #expect(group.perShardScales && group.consistent)
        let shards = try group.shards.map { name in
            FusedShards.FP8Shard(bytes: try ckpt.files.tensor("\(name).weight").bytes,
                                 scale: try ckpt.files.tensor("\(name).weight_scale").floats()[0])
        }
        let fused = FusedShards.requantizeWithMaxScale(shards)
        let reference = try SafetensorsFile(path: FixturePaths.checkpoint("fp8_tensor_static") + "/reference.safetensors")
        #expect(fused.bytes == (try reference.tensor("model.layers.0.self_attn.qkv_proj.requantized").bytes))
        #expect(fused.scale == (try reference.tensor("model.layers.0.self_attn.qkv_proj.max_scale").floats()[0]))
        #expect(try CheckpointInspector.inspect(path: FixturePaths.checkpoint("fp8_tensor_static")).text().contains("one per-tensor scale per shard"))
    }
}

@Suite struct GPTQBridgeTests {
    @Test(arguments: FixturePaths.all.filter { $0.hasPrefix("gptq") })
    func fixtureModulesBecomeGPTQWeights(name: String) throws {
        let ckpt = try QuantizedCheckpoint(path: FixturePaths.checkpoint(name))
        for m in ckpt.resolution.modules where m.scheme != nil {
            let stored = try ckpt.storedWeight(m)
            let gptq = try #require(try stored.gptqWeight())
            let kn = gptq.dequantize()
            let nk = try stored.dequantize()
            #expect((0..<(m.n * m.k)).allSatisfy { nk[$0] == kn[($0 % m.k) * m.n + $0 / m.k] }, "\(name) \(m.name)")
        }
    }
}
