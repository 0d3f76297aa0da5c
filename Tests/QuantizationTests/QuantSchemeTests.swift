import Testing
@testable import Quantization

/// The memory layouts are the spec: every format's tensor shapes for a known weight.
@Suite struct QuantSchemeTests {
    func shapes(_ s: QuantScheme, n: Int, k: Int) throws -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: try s.tensorSpecs(n: n, k: k).map { ($0.name, $0.shapes[0]) })
    }

    @Test func gptqSizes() throws {
        #expect(try shapes(.gptq(bits: 4, groupSize: 32, symmetric: false), n: 64, k: 128)
                == ["qweight": [16, 64], "qzeros": [4, 8], "scales": [4, 64], "g_idx": [128]])
        // 3-bit: 32 values in 3 words, along K and along N.
        #expect(try shapes(.gptq(bits: 3, groupSize: 64, symmetric: false), n: 32, k: 128)
                == ["qweight": [12, 32], "qzeros": [2, 3], "scales": [2, 32], "g_idx": [128]])
        #expect(try shapes(.gptq(bits: 2, groupSize: -1), n: 48, k: 64)
                == ["qweight": [4, 48], "qzeros": [1, 3], "scales": [1, 48], "g_idx": [64]])
        #expect(try shapes(.gptq(bits: 8, groupSize: 128), n: 8, k: 256)
                == ["qweight": [64, 8], "qzeros": [2, 2], "scales": [2, 8], "g_idx": [256]])
        let specs = try QuantScheme.gptq(bits: 4, groupSize: 32, actOrder: true).tensorSpecs(n: 8, k: 64)
        #expect(specs.first { $0.name == "g_idx" }?.required == true)
        #expect(specs.first { $0.name == "qzeros" }?.required == false)
    }

    @Test func awqSizes() throws {
        #expect(try shapes(.awqGEMM(groupSize: 64), n: 64, k: 128) == ["qweight": [128, 8], "qzeros": [2, 8], "scales": [2, 64]])
        // AutoAWQ calculate_zeros_width(128, 32) = 4; scales are padded to 8·4 columns.
        #expect(try shapes(.awqGEMV(groupSize: 32), n: 64, k: 128) == ["qweight": [64, 16], "qzeros": [64, 4], "scales": [64, 32]])
        #expect(QuantScheme.awqGEMVZerosWidth(k: 4096, groupSize: 128) == 4)
        #expect(QuantScheme.awqGEMVZerosWidth(k: 4096, groupSize: 64) == 8)
        #expect(PackOrder.awqOrder.enumerated().allSatisfy { PackOrder.awqSlotOfValue[$0.element] == $0.offset })
    }

    @Test func compressedTensorsSizes() throws {
        #expect(try shapes(.compressedTensorsPacked(bits: 4, groupSize: 32, symmetric: false, actOrder: true), n: 64, k: 128)
                == ["weight_packed": [64, 16], "weight_shape": [2], "weight_scale": [64, 4], "weight_zero_point": [8, 4], "weight_g_idx": [128]])
        #expect(try shapes(.compressedTensorsPacked(bits: 3, groupSize: -1, symmetric: false), n: 64, k: 100)
                == ["weight_packed": [64, 10], "weight_shape": [2], "weight_scale": [64, 1], "weight_zero_point": [6, 1]])
        let int8 = QuantScheme.compressedTensorsInt(granularity: .perChannel, activation: ActivationScheme(type: .int8, dynamic: false, granularity: .perTensor, symmetric: false))
        #expect(try shapes(int8, n: 16, k: 32) == ["weight": [16, 32], "weight_scale": [16, 1], "input_scale": [], "input_zero_point": []])
    }

    @Test func fp8AndInt8Sizes() throws {
        #expect(try shapes(.fp8(granularity: .block(rows: 128, cols: 128)), n: 200, k: 384)
                == ["weight": [200, 384], "weight_scale_inv": [2, 3]])
        #expect(try shapes(.fp8(granularity: .perTensor, activation: .fp8Static), n: 8, k: 8)
                == ["weight": [8, 8], "weight_scale": [], "input_scale": []])
        #expect(try shapes(.int8W8A8(), n: 8, k: 16) == ["weight": [8, 16], "weight_scale": [8, 1]])
    }

    @Test func validationNamesTheProblem() {
        #expect(QuantScheme.gptq(bits: 5, groupSize: 32).validate(n: 8, k: 64)
                == .unsupportedBits(method: .gptq, bits: 5, supported: [2, 3, 4, 8]))
        #expect(QuantScheme.gptq(bits: 4, groupSize: 48).validate(n: 8, k: 64) == .groupSizeDoesNotDivide(groupSize: 48, k: 64))
        #expect(QuantScheme.gptq(bits: 3, groupSize: -1).validate(n: 8, k: 48) == .misalignedDimension(dimension: "K", value: 48, multiple: 32))
        #expect(QuantScheme.awqGEMM(groupSize: 64).validate(n: 12, k: 64) == .misalignedDimension(dimension: "N", value: 12, multiple: 8))
        #expect(QuantScheme.gptq(bits: 4, groupSize: 0).validate(n: 8, k: 64) == .invalidGroupSize(0))
        #expect(QuantScheme.awqGEMM(bits: 3, groupSize: 64).validate(n: 8, k: 64)
                == .unsupportedBits(method: .awq, bits: 3, supported: [4]))
    }

    @Test func summaryReadsLikeTheFormat() {
        #expect(QuantScheme.gptq(bits: 4, groupSize: 128, symmetric: false, actOrder: true).summary
                == "gptq uint4 g128 asym(v1) act-order gptqRows float16")
        #expect(QuantScheme.fp8(granularity: .perTensor, activation: .fp8Static).summary
                == "fp8 fp8-e4m3 per-tensor sym unpacked float32 act=fp8-static-per-tensor")
    }
}
