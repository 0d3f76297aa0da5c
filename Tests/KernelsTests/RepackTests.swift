import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The repack kernel (`Kernels/GPTQ/Repack*`) against the scalar reference of `Quantization`:
/// random weights are packed by the reference packer (`UnpackedWeight.packed(as:)`) into AWQ,
/// compressed-tensors and act-order GPTQ checkpoints (3-bit ones widened to 4-bit words; more in
/// `RepackWidenTests`), repacked by the JIT-compiled CPU
/// variant, and the repacked GPTQ tensors, dequantized by the reference unpacker, must give
/// exactly the values the reference unpacker gives for the source — column `i` of the result
/// being column `permutation[i]` of the source. Outputs are poisoned with random words first.
@Suite struct RepackTests {
    static let schemes: [QuantScheme] = [
        .awqGEMM(groupSize: 128), .awqGEMM(groupSize: 64, zeroPoint: false), .awqGEMM(groupSize: -1),
        .awqGEMM(groupSize: 32),
        .compressedTensorsPacked(bits: 4, groupSize: 128), .compressedTensorsPacked(bits: 4, groupSize: 32, symmetric: false),
        .compressedTensorsPacked(bits: 8, groupSize: -1), .compressedTensorsPacked(bits: 8, groupSize: 64, symmetric: false),
        .compressedTensorsPacked(bits: 2, groupSize: 64, symmetric: false),
        .compressedTensorsPacked(bits: 4, groupSize: 128, symmetric: false, actOrder: true),
        .compressedTensorsPacked(bits: 8, groupSize: 32, actOrder: true),
        .gptq(bits: 4, groupSize: 128, symmetric: false, actOrder: true),
        .gptq(bits: 4, groupSize: 32, symmetric: false, v2: true, actOrder: true),
        .gptq(bits: 8, groupSize: 64, actOrder: true), .gptq(bits: 2, groupSize: 64, symmetric: false, v2: true, actOrder: true),
        .gptq(bits: 4, groupSize: 128, symmetric: false), .gptq(bits: 2, groupSize: -1),
        // Scales in bf16 and f32 (values every dtype holds exactly), FP8 e4m3 weights.
        .compressedTensorsPacked(bits: 4, groupSize: 64, symmetric: false, actOrder: true, scaleDType: .bfloat16),
        .compressedTensorsPacked(bits: 8, groupSize: -1, scaleDType: .float32),
        // 3-bit, widened to the 4-bit target.
        .gptq(bits: 3, groupSize: 32, symmetric: false, actOrder: true), .gptq(bits: 3, groupSize: 128),
        .compressedTensorsPacked(bits: 3, groupSize: -1, symmetric: false), .compressedTensorsPacked(bits: 3, groupSize: 64, actOrder: true),
        .fp8(granularity: .perChannel), .fp8(granularity: .perTensor, scaleDType: .float32),
        .fp8(granularity: .perChannel, activation: .none, scaleDType: .bfloat16),
    ]

    /// A random weight in `scheme`'s value ranges: codes, zero points (v1 cannot store 0),
    /// f16 scales of both signs and, with act-order, `g_idx` from a shuffle.
    static func randomWeight(_ scheme: QuantScheme, n: Int, k: Int, seed: UInt64) -> UnpackedWeight {
        var rng = SplitMix64(seed: seed)
        func draw(_ range: ClosedRange<Int>) -> Int32 { Int32(range.lowerBound + Int(rng.next() % UInt64(range.count))) }
        let bits = scheme.bits
        let codes: ClosedRange<Int> = scheme.valueType == .signedInt ? -(1 << (bits - 1))...((1 << (bits - 1)) - 1) : 0...((1 << bits) - 1)
        let zeros = scheme.zeroPoints == .gptqV1MinusOne ? 1...codes.upperBound : codes
        let g = scheme.groupCount(k: k)
        var groupOfColumn: [Int32] = []
        if scheme.groupSize > 0 {
            var order = Array(0..<k)
            if scheme.actOrder {
                for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            }
            groupOfColumn = order.map { Int32($0 / scheme.groupSize) }
        }
        // f16 scales use all 11 significant bits; bf16 and f32 ones are m·2^−12 with |m| < 256,
        // which f16, bf16 and f32 all hold exactly (so the repack's f16 scales lose nothing).
        let scaleCount = scheme.granularity == .perTensor ? 1 : n * g
        let scales: [Float] = (0..<scaleCount).map { _ in
            let m = Int(draw(-1000...1000)) | 1
            return scheme.scaleDType == .float16 ? Float(Float16(Float(m) / 20000)) : Float(m % 256) / 4096
        }
        if scheme.valueType == .float8E4M3FN {
            let values = (0..<(n * k)).map { _ in
                let code = UInt8(truncatingIfNeeded: rng.next())
                return MiniFloat.float8E4M3FN.decode(code & 0x7F == 0x7F ? code & 0xF0 : code)
            }
            return UnpackedWeight(n: n, k: k, granularity: scheme.granularity, floatValues: values, scales: scales)
        }
        return UnpackedWeight(
            n: n, k: k, granularity: scheme.granularity, codes: (0..<(n * k)).map { _ in draw(codes) },
            zeros: scheme.isAsymmetric ? (0..<(n * g)).map { _ in draw(zeros) } : [],
            implicitZero: Int32(scheme.implicitZero), scales: scales, groupOfColumn: groupOfColumn)
    }

    /// What the CPU repack wrote.
    struct Repacked {
        var plan: RepackPlan
        var qweight: [Int32], qzeros: [Int32], scaleBits: [UInt16]
    }

    static func repack(_ stored: StoredQuantizedWeight, config: RepackConfig = RepackConfig(), seed: UInt64) throws -> Repacked {
        let source = try RepackSource(scheme: stored.scheme)
        let plan = try RepackPlan(source: source, n: stored.n, k: stored.k, gIdx: stored.gIdx)
        let generator = GPTQRepack(source: source, convention: .cpuGrid)
        let kernel = try CPUCompiler().compile(try generator.emit(config))
        let words: [Int32]
        switch stored.weight {
        case .words(let w): words = w
        case .bytes(let bytes):  // FP8 `[N, K]`: the same memory read as little-endian words
            words = (0..<(bytes.count / 4)).map { i in
                Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * i + $1]) << UInt32(8 * $1) })
            }
        }
        var rng = SplitMix64(seed: seed ^ 0x9015)
        let arena = Arena()
        defer { arena.free() }
        let qweight = arena.copy((0..<plan.qweightWords).map { _ in Int32(truncatingIfNeeded: rng.next()) })
        let qzeros = arena.copy((0..<max(1, plan.qzeroWords)).map { _ in Int32(truncatingIfNeeded: rng.next()) })
        let scales = arena.copy((0..<plan.scaleCount).map { _ in UInt16(truncatingIfNeeded: rng.next()) })
        let arguments: [KernelArgument] = [
            .pointer(arena.copy(words)), .pointer(arena.copy(stored.zeros.isEmpty ? [-1] : stored.zeros)),
            scaleArgument(stored.scales, source.scaleType, arena),
            .pointer(arena.copy(plan.permutation.isEmpty ? [-1] : plan.permutation)),
            .pointer(qweight), .pointer(qzeros), .pointer(scales), .int(stored.n), .int(stored.k),
        ]
        try GridRunner(threads: 2).run(kernel, arguments, programs: plan.programs(config))
        return Repacked(plan: plan, qweight: Array(qweight), qzeros: plan.qzeroWords == 0 ? [] : Array(qzeros), scaleBits: Array(scales))
    }

    /// Scales as the checkpoint stores them: f16 or bf16 bits, or f32 (`values` must be exact in bf16).
    static func scaleArgument(_ values: [Float], _ type: ScaleDType, _ arena: Arena) -> KernelArgument {
        switch type {
        case .float16: .pointer(arena.copy(values.map { Float16($0).bitPattern }))
        case .bfloat16: .pointer(arena.copy(values.map { UInt16($0.bitPattern >> 16) }))
        case .float32: .pointer(arena.copy(values))
        }
    }

    /// The repacked tensors read as a GPTQ checkpoint by the reference unpacker (FP8: the e4m3
    /// decoder times the f16 scale): `[N, K]`.
    static func dequantize(_ r: Repacked) throws -> [Float] {
        if r.plan.source.format == .fp8 {
            let (n, k) = (r.plan.n, r.plan.k)
            return (0..<(n * k)).map { i in
                let (col, row) = (i / k, i % k)
                let code = UInt8(truncatingIfNeeded: UInt32(bitPattern: r.qweight[(row / 4) * n + col]) >> UInt32(8 * (row % 4)))
                return MiniFloat.float8E4M3FN.decode(code) * Float(Float16(bitPattern: r.scaleBits[col]))
            }
        }
        let target = r.plan.source.target
        let scheme = QuantScheme.gptq(bits: target.bits, groupSize: target.groupSize, symmetric: target.zeroPoints == .symmetric,
                                      v2: target.zeroPoints == .v2)
        return try StoredQuantizedWeight(scheme: scheme, n: r.plan.n, k: r.plan.k, weight: .words(r.qweight),
                                         scales: r.scaleBits.map { Float(Float16(bitPattern: $0)) }, zeros: r.qzeros).dequantize()
    }

    static func check(_ scheme: QuantScheme, n: Int, k: Int, config: RepackConfig = RepackConfig()) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        try check(try randomWeight(scheme, n: n, k: k, seed: seed).packed(as: scheme), config: config, seed: seed)
    }

    /// Repacks `stored` and compares its reference dequantization with the source's.
    static func check(_ stored: StoredQuantizedWeight, config: RepackConfig = RepackConfig(), seed: UInt64) throws {
        let (scheme, n, k) = (stored.scheme, stored.n, stored.k)
        let want = try stored.dequantize()
        let repacked = try repack(stored, config: config, seed: seed)
        let got = try dequantize(repacked)
        let permutation = repacked.plan.permutation
        #expect(scheme.actOrder == !permutation.isEmpty)
        #expect(Set(permutation).count == permutation.count, "the permutation repeats rows")
        var mismatches = 0, first = ""
        for row in 0..<n {
            for i in 0..<k {
                let source = permutation.isEmpty ? i : Int(permutation[i])
                if got[row * k + i].bitPattern != want[row * k + source].bitPattern {
                    if mismatches == 0 { first = "W[\(row), \(i)] = \(got[row * k + i]), want \(want[row * k + source])" }
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0, "\(scheme.summary) \(n)×\(k) seed \(seed): \(mismatches) values differ, first \(first)")
    }

    @Test("every source format repacks to identical dequantized values", arguments: schemes)
    func identicalValues(scheme: QuantScheme) throws {
        // N = 72: a multiple of 8 (AWQ); N = 76 leaves the last zero-point word half used.
        try Self.check(scheme, n: scheme.layout == .awqGEMM ? 72 : 76, k: 256)
    }

    @Test("bf16 and f32 scales become f16 rounded to nearest even", arguments: [ScaleDType.bfloat16, .float32])
    func scaleRounding(type: ScaleDType) throws {
        let scheme = QuantScheme.compressedTensorsPacked(bits: 4, groupSize: 32, scaleDType: type)
        var rng = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        var weight = Self.randomWeight(scheme, n: 24, k: 64, seed: rng.next())
        // Values across f16's range and below it (subnormals, and values that round to 0):
        // |x| in [2^−27, 2^16), either sign, every mantissa.
        weight.scales = weight.scales.map { _ in
            let random = rng.next()
            let exponent = UInt32(100 + random % 43) << 23, signAndMantissa = UInt32(truncatingIfNeeded: random >> 8) & 0x807F_FFFF
            let f = Float(bitPattern: exponent | signAndMantissa)
            return type == .bfloat16 ? Float(bitPattern: f.bitPattern & 0xFFFF_0000) : f
        }
        let repacked = try Self.repack(try weight.packed(as: scheme), seed: rng.next())
        let g = 2
        for (j, bits) in repacked.scaleBits.enumerated() {
            let want = Float16(weight.scales[(j % 24) * g + j / 24])  // [G, N] from [N, G]
            #expect(bits == want.bitPattern, "scale \(j): \(weight.scales[(j % 24) * g + j / 24]) → \(Float16(bitPattern: bits)), want \(want)")
        }
    }

    @Test("ragged programs: items per program that divide nothing")
    func raggedPrograms() throws {
        for scheme in [QuantScheme.awqGEMM(groupSize: 64), .compressedTensorsPacked(bits: 4, groupSize: 32, symmetric: false, actOrder: true),
                       .gptq(bits: 4, groupSize: 64, symmetric: false, actOrder: true)] {
            try Self.check(scheme, n: 40, k: 192, config: RepackConfig(itemsPerProgram: 37))
        }
    }

    @Test("the act-order permutation sorts rows stably by group and applies to activations")
    func permutation() throws {
        let source = RepackSource(format: .gptq, bits: 4, groupSize: 8, asymmetric: false, actOrder: true)
        let gIdx: [Int32] = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0]
        let plan = try RepackPlan(source: source, n: 8, k: 16, gIdx: gIdx)
        #expect(plan.permutation == [1, 4, 5, 7, 8, 11, 12, 15, 0, 2, 3, 6, 9, 10, 13, 14])
        let x = (0..<32).map { Double($0) }
        let permuted = plan.permuteActivations(x, rows: 2)
        #expect(Array(permuted[16..<24]) == [17, 20, 21, 23, 24, 27, 28, 31])
    }

    @Test("unsupported sources and inconsistent g_idx are rejected with their reason")
    func rejects() throws {
        #expect(throws: RepackError.self) { try RepackSource(scheme: .compressedTensorsPacked(bits: 5, groupSize: 128)) }
        #expect(throws: RepackError.self) { try RepackSource(scheme: .awqGEMV(groupSize: 128)) }
        #expect(throws: RepackError.self) { try RepackSource(scheme: .fp8(granularity: .block(rows: 128, cols: 128))) }
        #expect(throws: RepackError.self) { try RepackSource(scheme: .int8W8A8()) }
        #expect(throws: RepackError.self) {
            try RepackSource(scheme: .compressedTensorsPacked(bits: 4, groupSize: 128, activation: .int8PerToken))
        }
        let source = RepackSource(format: .gptq, bits: 4, groupSize: 8, asymmetric: true, gptqZeroPoints: .v1, actOrder: true)
        let uneven: [Int32] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]
        do {
            _ = try RepackPlan(source: source, n: 8, k: 16, gIdx: uneven)
            Issue.record("uneven groups accepted")
        } catch {
            #expect(error.description.contains("group 0 has 9 rows"), "\(error)")
        }
        #expect(throws: RepackError.self) { try RepackPlan(source: source, n: 8, k: 16, gIdx: [Int32](repeating: 2, count: 16)) }
        #expect(throws: RepackError.self) { try RepackPlan(source: source, n: 8, k: 12, gIdx: []) }
        #expect(throws: RepackError.self) {
            try RepackPlan(source: RepackSource(format: .awq, bits: 4, groupSize: 64, asymmetric: true), n: 76, k: 128)
        }
    }

    @Test("the GPU variant emits PTX (and assembles where QUANTJIT_PTXAS names a ptxas)", arguments: schemes)
    func ptx(scheme: QuantScheme) throws {
        let g = GPTQRepack(source: try RepackSource(scheme: scheme), convention: .gpu)
        let config = g.defaultConfig
        let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: .sm_80)
        #expect(ptx.contains(".entry \(g.variantName(config))"))
        #expect(ptx.contains("%ctaid.x") && ptx.contains("%tid.x"))
        #expect(ptx.contains("st.global.u32") || ptx.contains("st.global.b32"), "\(ptx)")
        #expect(!ptx.contains(".local"))
        if GPUGEMVTests.ptxas != nil {
            let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_80")
            #expect(status == 0, "\(output)")
        }
    }
}

extension QuantScheme: CustomTestStringConvertible {
    public var testDescription: String { summary }
}
