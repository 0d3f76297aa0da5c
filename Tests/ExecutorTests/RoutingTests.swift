import Foundation
import Testing
import Checkpoint
import Kernels
import Quantization
@testable import Executor

/// The executor's routing of INT8 and FP8 checkpoints (the peer-made fixtures of
/// Tests/CheckpointTests/Fixtures, written by compressed-tensors, vLLM-style FP8 and ModelOpt
/// configurations) to the JIT W8A8 and FP8-weight kernels, checked layer by layer against a
/// float64 product of the reference dequantized weights and the reference activation codes.
@Suite(.enabled(if: GGUFHostSupport.int8Available, "the INT8 W8A8 kernels need AVX-512 VNNI"))
struct RoutingTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("CheckpointTests/Fixtures").path

    static let int8Fixtures = ["ct_int8_w8a8_dynamic", "ct_int8_static_asym"]
    static let fp8Fixtures = ["ct_fp8_channel_dynamic", "fp8_block128", "fp8_channel_fbgemm", "fp8_tensor_dynamic_modelopt", "fp8_tensor_static"]

    static func open(_ name: String) throws -> QuantizedCheckpoint {
        try QuantizedCheckpoint(path: "\(fixtures)/\(name)")
    }

    /// Random activations in [-2, 2) with a few large outliers, as real activations have.
    static func activations(rows: Int, k: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<(rows * k)).map { i in
            let v = Float(rng.next() % 4001) / 1000 - 2
            return i % 37 == 5 ? v * 8 : v
        }
    }

    /// `Σ_k a[r, k] · w[n, k]` in float64, and `Σ_k |a[r, k] · w[n, k]|` for the tolerance.
    static func product(_ a: [Double], _ w: [Float], rows: Int, n: Int, k: Int) -> (y: [Double], magnitude: [Double]) {
        var y = [Double](repeating: 0, count: rows * n), mag = y
        for r in 0..<rows {
            for c in 0..<n {
                var s = 0.0, m = 0.0
                for i in 0..<k {
                    let t = a[r * k + i] * Double(w[c * k + i])
                    s += t
                    m += abs(t)
                }
                y[r * n + c] = s
                mag[r * n + c] = m
            }
        }
        return (y, mag)
    }

    static func run(_ layer: LinearKernel, _ x: [Float], rows: Int) -> [Float] {
        var y = [Float](repeating: .nan, count: rows * layer.outputCount)
        x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { layer.apply(x: xp.baseAddress!, rows: rows, y: $0.baseAddress!) } }
        return y
    }

    @Test("INT8 W8A8 checkpoints run on the int8 kernels", arguments: int8Fixtures)
    func int8CheckpointMatchesReference(fixture: String) throws {
        let checkpoint = try Self.open(fixture)
        let factory = CheckpointLinearFactory()
        var routed = 0
        for (module, route) in factory.plan(checkpoint) where module.scheme != nil {
            guard case .int8W8A8(let quantizer, _) = route else {
                Issue.record("\(fixture) \(module.name): expected an int8 W8A8 route, got \(route)")
                continue
            }
            let layer = try factory.makeLinear(module, in: checkpoint, threads: ThreadPool(threads: 2))
            let w = try checkpoint.dequantize(module.name)
            for rows in [1, 5] {
                let x = Self.activations(rows: rows, k: module.k, seed: UInt64(rows * 1000 + routed))
                // The reference codes: the checkpoint's static scale, or dynamic per token.
                let reference = quantizer.reference
                var dequantized: [Double]
                if quantizer.scaling == .staticPerTensor {
                    let scale = try checkpoint.view(module, "input_scale").floats()[0]
                    let zero = quantizer.symmetric ? 0 : Int32(try checkpoint.view(module, "input_zero_point").integers()[0])
                    let codes = reference.quantize(x, scale: scale, zero: zero)
                    dequantized = codes.map { Double(Int32(Int8(bitPattern: $0)) - zero) * Double(scale) }
                } else {
                    let q = try reference.quantize(x, tokens: rows, hidden: module.k)
                    dequantized = try reference.dequantize(q, tokens: rows, hidden: module.k).map(Double.init)
                }
                let (expected, magnitude) = Self.product(dequantized, w, rows: rows, n: module.n, k: module.k)
                let y = Self.run(layer, x, rows: rows)
                for i in y.indices {
                    #expect(abs(Double(y[i]) - expected[i]) <= 1e-5 * magnitude[i] + 1e-6,
                            "\(fixture) \(module.name) rows \(rows) [\(i)]: \(y[i]) vs \(expected[i])")
                }
            }
            routed += 1
        }
        #expect(routed >= 2, "\(fixture): \(routed) int8 modules routed")
    }

    @Test("FP8 checkpoints run on the FP8-weight kernels", arguments: fp8Fixtures)
    func fp8CheckpointMatchesReference(fixture: String) throws {
        let checkpoint = try Self.open(fixture)
        let factory = CheckpointLinearFactory()
        var routed = 0
        for (module, route) in factory.plan(checkpoint) {
            if module.scheme == nil {
                #expect(route == .dense)
                continue
            }
            guard case .fp8WeightOnly = route else {
                Issue.record("\(fixture) \(module.name): expected an FP8 weight route, got \(route)")
                continue
            }
            let layer = try factory.makeLinear(module, in: checkpoint, threads: ThreadPool(threads: 2))
            let w = try checkpoint.dequantize(module.name)
            for rows in [1, 7] {
                let x = Self.activations(rows: rows, k: module.k, seed: UInt64(rows * 77 + routed))
                let (expected, magnitude) = Self.product(x.map(Double.init), w, rows: rows, n: module.n, k: module.k)
                let y = Self.run(layer, x, rows: rows)
                for i in y.indices {  // f32 FMAs along K: a few K·ε of the magnitude at worst
                    #expect(abs(Double(y[i]) - expected[i]) <= 3e-5 * magnitude[i] + 1e-6,
                            "\(fixture) \(module.name) rows \(rows) [\(i)]: \(y[i]) vs \(expected[i])")
                }
            }
            routed += 1
        }
        #expect(routed >= 1, "\(fixture): no FP8 module routed")
    }

    @Test func routesNameTheirKernelsAndRefuseWhatTheyCannotRun() throws {
        let int8 = try Self.open("ct_int8_static_asym")
        let module = try #require(int8.resolution.modules.first { $0.scheme != nil })
        let route = LinearRouter.route(module)
        #expect(route.variantNames.count == 3)
        #expect(route.variantNames.contains { $0.hasPrefix("actquant_") })
        #expect(route.variantNames.contains { $0.hasPrefix("w8a8_gemv_i8_tensor_asym") })
        // On a GPU the route is a plan of kernels to compile; the CPU factory cannot make a layer of it.
        guard case .gpu = LinearRouter.route(module, target: .gpu(.sm_90)) else {
            Issue.record("GPU route should be a plan: \(LinearRouter.route(module, target: .gpu(.sm_90)))")
            return
        }
        #expect(throws: RoutingError.self) {
            _ = try CheckpointLinearFactory(target: .gpu(.sm_90)).makeLinear(module, in: int8, threads: ThreadPool(threads: 1))
        }
        // Weight-only integer checkpoints take the GPTQ kernels: GPTQ as stored, AWQ repacked.
        let gptq = try Self.open("gptq_b4_dynamic")
        let packed = try #require(gptq.resolution.modules.first { $0.scheme != nil })
        guard case .weightOnly(_, repacked: false) = LinearRouter.route(packed) else {
            Issue.record("GPTQ module: \(LinearRouter.route(packed))")
            return
        }
        let awq = try Self.open("awq_gemm_g64")
        let awqModule = try #require(awq.resolution.modules.first { $0.scheme != nil })
        let awqRoute = LinearRouter.route(awqModule)
        #expect(awqRoute == .weightOnly(GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v2), repacked: true))
        #expect(awqRoute.variantNames.count == 2)
    }

    @Test func wrongSizesAreErrorsNotCrashes() throws {
        #expect(throws: RoutingError.self) {
            _ = try Int8W8A8Linear(n: 4, k: 8, weights: [Int8](repeating: 1, count: 31), weightScales: [1],
                                   activation: ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken),
                                   matmul: W8A8Spec(), threads: ThreadPool(threads: 1))
        }
        #expect(throws: RoutingError.self) {
            _ = try Int8W8A8Linear(n: 4, k: 8, weights: [Int8](repeating: 1, count: 32), weightScales: [1],
                                   activation: ActivationQuantSpec(target: .int8, scaling: .staticPerTensor),
                                   matmul: W8A8Spec(perTensorActivation: true), threads: ThreadPool(threads: 1))
        }
        #expect(throws: RoutingError.self) {
            _ = try FP8WeightLinear(n: 130, k: 8, weights: [UInt8](repeating: 0x38, count: 1040), scales: [1],
                                    spec: FP8WeightSpec(scaling: .block128), threads: ThreadPool(threads: 1))
        }
    }
}

/// Integer weight-only checkpoints (GPTQ, AWQ, compressed-tensors) on the GPTQ kernels, AWQ and
/// compressed-tensors repacked at load: every layer against float64 over the reference
/// dequantized weight.
struct WeightOnlyRoutingTests {
    static let fixtures = ["gptq_b4_g128_sym_v1_sharded", "gptq_b3_g32_asym_v1_actorder", "gptq_b2_g64_asym_v2", "gptq_b8_perchannel_sym_lmhead",
                           "awq_gemm_g64", "awq_gemv_g32", "ct_pack_w4_g32_asym", "ct_pack_w4_g32_actorder", "ct_pack_w3_channel_asym",
                           "ct_pack_w2_g64_sym", "ct_pack_w4a16_g128_sym", "ct_naive_int8_channel_asym", "ct_naive_int8_tensor", "ct_naive_int4_g64_asym"]

    @Test("weight-only checkpoints run on the GPTQ kernels", arguments: fixtures)
    func weightOnlyCheckpointMatchesReference(fixture: String) throws {
        let checkpoint = try RoutingTests.open(fixture)
        let factory = CheckpointLinearFactory()
        var routed = 0, refused: [String] = []
        for (module, route) in factory.plan(checkpoint) where module.scheme != nil {
            guard case .weightOnly = route else {
                refused.append("\(module.name): \(route)")
                continue
            }
            let layer = try factory.makeLinear(module, in: checkpoint, threads: ThreadPool(threads: 2))
            let w = try checkpoint.dequantize(module.name)
            for rows in [1, 6] {
                let x = RoutingTests.activations(rows: rows, k: module.k, seed: UInt64(rows * 31 + routed))
                let (expected, magnitude) = RoutingTests.product(x.map(Double.init), w, rows: rows, n: module.n, k: module.k)
                let y = RoutingTests.run(layer, x, rows: rows)
                for i in y.indices {
                    #expect(abs(Double(y[i]) - expected[i]) <= 3e-5 * magnitude[i] + 1e-6,
                            "\(fixture) \(module.name) rows \(rows) [\(i)]: \(y[i]) vs \(expected[i])")
                }
            }
            routed += 1
        }
        #expect(refused.isEmpty, "\(fixture): \(refused)")
        #expect(routed >= 1, "\(fixture): no module routed")
    }
}
