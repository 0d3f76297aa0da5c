import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The int8 kernels in ggml's float order (``GGUFMatmulSpec/ggmlOrder``, for Q4_1 and Q8_0) are
/// bit-identical to ggml's x86 AVX2 dot products: against a scalar transcription
/// of `ggml_vec_dot_q4_1_q8_1` / `ggml_vec_dot_q8_0_q8_0` on random problems, and against
/// results of llama.cpp's own library (Tests/QuantizationTests/Fixtures/gguf/ggml_dots.json).
@Suite struct GGUFGGMLOrderTests {
    static let types: [GGMLType] = [.q4_1, .q8_0]

    /// ggml's AVX2 dot product of weight row `c` with activation row `r`, scalar: lane j of 8
    /// accumulates `fma(d_w · d_x, Σ_{i<4} w[4j+i]·x[4j+i], acc_j)` block by block, Q4_1 adds
    /// `summs = fma(m, s, summs)`, the result is `hsum_float_8(acc) + summs`.
    static func ggmlDot(_ type: GGMLType, weights: [UInt8], row c: Int, k: Int,
                        q: ArraySlice<Int8>, d: ArraySlice<Float>, s: ArraySlice<Float>) -> Float {
        let bpb = type.layout.bytesPerBlock, blocks = k / 32
        func half(_ at: Int) -> Float { Float(Float16(bitPattern: UInt16(weights[at]) | UInt16(weights[at + 1]) << 8)) }
        var acc = [Float](repeating: 0, count: 8), summs: Float = 0
        for b in 0..<blocks {
            let base = (c * blocks + b) * bpb
            let dx = d[d.startIndex + b]
            if type == .q4_1 { summs = summs.addingProduct(half(base + 2), s[s.startIndex + b]) }
            func weight(_ e: Int) -> Int {
                type == .q8_0 ? Int(Int8(bitPattern: weights[base + 2 + e]))
                    : Int(e < 16 ? weights[base + 4 + e] & 15 : weights[base + 4 + e - 16] >> 4)
            }
            let scale = half(base) * dx
            for j in 0..<8 {
                let sum = (4 * j..<(4 * j + 4)).reduce(0) { $0 + weight($1) * Int(q[q.startIndex + b * 32 + $1]) }
                acc[j] = acc[j].addingProduct(scale, Float(sum))
            }
        }
        return ((acc[0] + acc[4]) + (acc[2] + acc[6])) + ((acc[1] + acc[5]) + (acc[3] + acc[7])) + summs
    }

    static func run(_ kernel: CPUKernel, _ config: GGUFTileConfig, weights: [UInt8], q: [Int8], d: [Float], s: [Float],
                    m: Int, n: Int, k: Int) throws -> [Float] {
        let arena = Arena()
        defer { arena.free() }
        let y = arena.copy([Float](repeating: .nan, count: m * n))
        try GridRunner(threads: 2).run(kernel, [.pointer(arena.copy(q)), .pointer(arena.copy(d)), .pointer(arena.copy(s)),
                                                .pointer(arena.copy(weights)), .pointer(y), .int(m), .int(n), .int(k)],
                                       programs: config.programs(m: m, n: n))
        return Array(y)
    }

    @Test("int8 GEMV and GEMM equal ggml's AVX2 float order bit for bit", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: types)
    func matchesScalarGGMLOrder(type: GGMLType) throws {
        let spec = GGUFMatmulSpec(type: type, strategy: .int8, ggmlOrder: true)
        #expect(spec.followsGGMLOrder && spec.activationLayout == .natural)
        let cases: [(any KernelGenerator<GGUFTileConfig>, GGUFTileConfig, Int, Int, Int)] = [
            (GGUFGEMV(spec: spec), GGUFGEMV(spec: spec).defaultConfig, 1, 67, 576),
            (GGUFGEMV(spec: spec), GGUFTileConfig(tileM: 1, tileN: 3, unrollK: 1), 2, 13, 96),
            (GGUFGEMM(spec: spec), GGUFGEMM(spec: spec).defaultConfig, 5, 67, 576),
            (GGUFGEMM(spec: spec), GGUFTileConfig(tileM: 3, tileN: 5, unrollK: 2), 7, 11, 1536),
        ]
        for (index, (generator, config, m, n, k)) in cases.enumerated() {
            let problem = try GGUFProblem(type: type, m: m, n: n, k: k, seed: UInt64(40 + index))
            let kernel = try CPUCompiler().compile(try generator.emit(config))
            let (q, d, s) = try GGUFKernelTests.quantize(problem.x, m: m, k: k, layout: .natural,
                                                         rounding: .q8Block32, context: "ggml order")
            let y = try Self.run(kernel, config, weights: problem.bytes, q: q, d: d, s: s, m: m, n: n, k: k)
            var mismatches = 0
            for r in 0..<m {
                for c in 0..<n {
                    let want = Self.ggmlDot(type, weights: problem.bytes, row: c, k: k, q: q[(r * k)..<((r + 1) * k)],
                                            d: d[(r * k / 32)..<((r + 1) * k / 32)], s: s[(r * k / 32)..<((r + 1) * k / 32)])
                    if y[r * n + c].bitPattern != want.bitPattern { mismatches += 1 }
                }
            }
            #expect(mismatches == 0, "\(generator.variantName(config)) m \(m) n \(n) k \(k): \(mismatches) of \(m * n) outputs differ from ggml's order")
        }
    }

    @Test("int8 GEMV reproduces llama.cpp's own dot products exactly", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: types)
    func reproducesLlamaCppDots(type: GGMLType) throws {
        struct Case: Decodable { let weights: String; let x: String; let dot: Float }
        struct Fixture: Decodable { let length: Int; let cases: [String: [Case]] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("QuantizationTests/Fixtures/gguf/ggml_dots.json")
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let cases = try #require(fixture.cases[type.name])
        let k = fixture.length
        let generator = GGUFGEMV(type: type, strategy: .int8, ggmlOrder: true)
        let kernel = try CPUCompiler().compile(try generator.emit(generator.defaultConfig))
        func bytes(_ hex: String) -> [UInt8] {
            let digits = Array(hex.utf8).map { $0 <= 57 ? $0 - 48 : $0 - 87 }
            return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
        }
        for (index, entry) in cases.enumerated() {
            let raw = bytes(entry.x)
            let x = (0..<k).map { i in Float(bitPattern: UInt32(raw[4 * i]) | UInt32(raw[4 * i + 1]) << 8 | UInt32(raw[4 * i + 2]) << 16 | UInt32(raw[4 * i + 3]) << 24) }
            let (q, d, s) = try GGUFKernelTests.quantize(x, m: 1, k: k, layout: .natural, rounding: .q8Block32, context: "ggml dots")
            let y = try Self.run(kernel, generator.defaultConfig, weights: bytes(entry.weights), q: q, d: d, s: s, m: 1, n: 1, k: k)
            #expect(y[0].bitPattern == entry.dot.bitPattern, "\(type.name) case \(index): kernel \(y[0]), llama.cpp \(entry.dot)")
        }
    }
}
