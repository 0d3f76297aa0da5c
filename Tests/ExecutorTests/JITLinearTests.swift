import Checkpoint
import Executor
import Foundation
import Kernels
import Quantization
import Testing

/// ``JITLinearFactory`` against ``ReferenceLinearFactory``: on a synthetic GGUF file with one
/// ragged tensor of every supported type (and an F16 one that must fall back), and on real
/// SmolLM2 layers when `models/` has the GGUF.
@Suite struct JITLinearTests {
    static let shapes: [(String, GGMLType, k: Int, n: Int)] = [
        ("w.q4_1", .q4_1, 576, 67), ("w.q8_0", .q8_0, 576, 35), ("w.q4_0", .q4_0, 160, 19),
        ("w.q5_0", .q5_0, 160, 11), ("w.q5_1", .q5_1, 96, 7), ("w.iq4_nl", .iq4_NL, 160, 9), ("w.q4_k", .q4_K, 512, 21), ("w.q5_k", .q5_K, 256, 10), ("w.q2_k", .q2_K, 512, 6), ("w.q3_k", .q3_K, 256, 9), ("w.iq4_xs", .iq4_XS, 512, 7), ("w.q6_k", .q6_K, 768, 13), ("w.f16", .f16, 64, 9), ("w.bf16", .bf16, 96, 5), ("w.f32", .f32, 32, 6), ("w.f16.odd", .f16, 48, 4),
    ]

    /// Compares JIT and reference layers on `rows` random input rows. The int8 strategy
    /// quantizes activations to 8 bits per 32 values (per 256 for the K-quants) with an f16
    /// scale (32-value blocks), so the tolerance is that rounding's worst case,
    /// Σ |w| · 0.6 · amax(block) / 127, plus 1e-5 Σ |x·w|.
    static func compare(_ tensor: GGUFTensorInfo, _ file: GGUFFile, factory: JITLinearFactory, rows: Int, seed: UInt64) throws {
        let threads = ThreadPool(threads: 2)
        let jit = try factory.makeLinear(tensor: tensor, in: file, threads: threads)
        let reference = try ReferenceGGUFLinear(tensor: tensor, in: file, threads: threads)
        let (k, n) = (reference.inputCount, reference.outputCount)
        #expect(jit.inputCount == k && jit.outputCount == n)
        var rng = SplitMix64(seed: seed)
        let x = (0..<(rows * k)).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
        var got = [Float](repeating: .nan, count: rows * n), want = got
        x.withUnsafeBufferPointer { xp in
            got.withUnsafeMutableBufferPointer { jit.apply(x: xp.baseAddress!, rows: rows, y: $0.baseAddress!) }
            want.withUnsafeMutableBufferPointer { reference.apply(x: xp.baseAddress!, rows: rows, y: $0.baseAddress!) }
        }
        var w = [Float](repeating: 0, count: k)
        for c in 0..<n {
            w.withUnsafeMutableBufferPointer { reference.dequantizeRow(c, into: $0.baseAddress!) }
            for r in 0..<rows {
                var magnitude = 0.0, rounding = 0.0
                let size = tensor.type.layout.valuesPerBlock == 256 ? 256 : 32
                for block in 0..<(k / size) {
                    let amax = (0..<size).map { Double(abs(x[r * k + block * size + $0])) }.max()!
                    for j in (block * size)..<(block * size + size) {
                        magnitude += abs(Double(x[r * k + j]) * Double(w[j]))
                        rounding += abs(Double(w[j])) * 0.6 * amax / 127
                    }
                }
                let tolerance = 1e-5 * magnitude + rounding + 1e-6
                let (g, e) = (Double(got[r * n + c]), Double(want[r * n + c]))
                #expect(abs(g - e) <= tolerance, "\(tensor.name) \(tensor.type.name) rows \(rows) output (\(r), \(c)): JIT \(g), reference \(e), tolerance \(tolerance), seed \(seed)")
            }
        }
    }

    @Test("synthetic GGUF: every supported type, GEMV and GEMM, both strategies")
    func synthetic() throws {
        let file = try GGUFFile(data: Self.syntheticGGUF(seed: 11), name: "synthetic.gguf")
        let fallbacks = FallbackLog()
        // The int8 strategy needs AVX-512 VNNI and VBMI or AVX2 (JITLinearFactory refuses it elsewhere).
        for strategy in GGUFStrategy.allCases where strategy != .int8 || GGUFHostSupport.int8Available {
            let factory = JITLinearFactory(options: JITLinearOptions(gemvStrategy: strategy, gemmStrategy: strategy),
                                           cache: GGUFKernelCache(), log: { fallbacks.append($0) })
            try factory.prepare(types: Self.shapes.map(\.1))
            for tensor in file.tensors {
                for rows in [1, 5] { try Self.compare(tensor, file, factory: factory, rows: rows, seed: UInt64.random(in: 0...UInt64.max)) }
                if factory.rejection(tensor.type, k: tensor.rowLength) == nil {
                    let layer = try factory.makeLinear(tensor: tensor, in: file, threads: ThreadPool(threads: 2))
                    #expect(layer is JITGGUFLinear, "\(tensor.name) should use a JIT kernel")
                }
            }
        }
        #expect(fallbacks.lines.contains { $0.contains("w.f16.odd") && $0.contains("not a multiple of 32") && $0.contains("reference") },
                "the F16 tensor with rows of 48 must fall back, saying so")
        #expect(fallbacks.lines.allSatisfy { $0.contains("w.f16.odd") }, "\(fallbacks.lines)")
    }

    @Test("SmolLM2 layers (skipped without models/)")
    func smolLM2() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let file = try GGUFFile(path: path)
        let factory = JITLinearFactory(cache: GGUFKernelCache())
        var types: [String] = []
        for name in ["blk.0.attn_q.weight", "blk.0.ffn_down.weight", "blk.29.ffn_gate.weight"] where file.hasTensor(named: name) {
            let tensor = try file.tensor(named: name)
            types.append("\(name): \(tensor.type.name) \(tensor.dimensions)")
            for rows in [1, 3] { try Self.compare(tensor, file, factory: factory, rows: rows, seed: 5) }
        }
        print("JITLinearTests compared SmolLM2 layers:", types.joined(separator: "; "))
        #expect(types.count >= 3)
    }

    @Test("SmolLM2 through LlamaModel: int8 and f32-FMA JIT layers agree (skipped without models/)")
    func smolLM2Model() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
        guard FileManager.default.fileExists(atPath: path) else { return }
        let file = try GGUFFile(path: path)
        let prompt = [1, 9690, 198, 2683, 359, 253, 5356, 5646, 11173, 3365]
        var logits: [[Float]] = []
        // The int8 strategy needs AVX-512 VNNI and VBMI or AVX2 (JITLinearFactory refuses it elsewhere).
        for strategy in GGUFStrategy.allCases where strategy != .int8 || GGUFHostSupport.int8Available {
            let factory = JITLinearFactory(options: JITLinearOptions(gemvStrategy: strategy, gemmStrategy: strategy), cache: GGUFKernelCache())
            let model = try LlamaModel(file: file, factory: factory, threads: ThreadPool(threads: 2))
            let cache = model.makeCache(capacity: 16)
            let prefill = try model.forward(tokens: prompt, cache: cache)  // GEMM
            let next = prefill.indices.max { prefill[$0] < prefill[$1] }!
            logits.append(prefill + (try model.forward(tokens: [next], cache: cache)))  // GEMV
        }
        let (a, b) = (logits[0], logits[1])
        #expect(a.allSatisfy(\.isFinite) && b.allSatisfy(\.isFinite))
        let half = a.count / 2
        func argmax(_ v: ArraySlice<Float>) -> Int { v.indices.max { v[$0] < v[$1] }! }
        #expect(argmax(a[..<half]) == argmax(b[..<half]) && argmax(a[half...]) == argmax(b[half...]))
        // Measured: the f32 strategy is within 0.015 of the reference layers' logits (range 53);
        // int8 activations move them by up to ~1.5.
        let difference = zip(a, b).map { abs($0 - $1) }.max()!
        #expect(difference < 4, "int8 and f32 logits differ by \(difference)")
    }

    /// A GGUF v3 file (no metadata) holding the tensors of ``shapes`` with random blocks and
    /// sane f16 scales.
    static func syntheticGGUF(seed: UInt64) -> Data {
        var rng = SplitMix64(seed: seed)
        var header = Data(), data = Data()
        func u32(_ v: UInt32, _ d: inout Data) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func u64(_ v: UInt64, _ d: inout Data) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        header.append(contentsOf: Array("GGUF".utf8))
        u32(3, &header)
        u64(UInt64(shapes.count), &header)
        u64(0, &header)
        for (name, type, k, n) in shapes {
            u64(UInt64(name.utf8.count), &header)
            header.append(contentsOf: Array(name.utf8))
            u32(2, &header)
            u64(UInt64(k), &header)
            u64(UInt64(n), &header)
            u32(type.rawValue, &header)
            u64(UInt64(data.count), &header)
            data.append(contentsOf: randomBlocks(type, count: k * n, rng: &rng))
            while data.count % 32 != 0 { data.append(0) }
        }
        while header.count % 32 != 0 { header.append(0) }
        return header + data
    }

    static func randomBlocks(_ type: GGMLType, count: Int, rng: inout SplitMix64) -> [UInt8] {
        let layout = type.layout
        let blocks = count / layout.valuesPerBlock
        var bytes = (0..<(blocks * layout.bytesPerBlock)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let fields: [Int] = switch type {
        case .q4_0, .q8_0, .q5_0, .iq4_NL, .iq4_XS: [0]
        case .q4_1, .q4_K, .q5_1, .q5_K: [0, 2]
        case .q6_K: [208]
        case .q2_K: [80, 82]
        case .q3_K: [108]
        default: []
        }
        if GGUFMatmulSpec.floatTypes.contains(type) {
            return (0..<count).flatMap { _ -> [UInt8] in
                let v = Float(Int(rng.next() % 2001) - 1000) / 1001
                switch type {
                case .f32: return withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
                case .f16: return withUnsafeBytes(of: Float16(v).bitPattern.littleEndian, Array.init)
                default: return withUnsafeBytes(of: UInt16(v.bitPattern >> 16).littleEndian, Array.init)
                }
            }
        }
        for block in 0..<blocks {
            for f in fields {
                let v = Float(rng.next() % 1000 + 10) / 20000 * (rng.next() % 2 == 0 ? 1 : -1)
                let bits = Float16(v).bitPattern
                bytes[block * layout.bytesPerBlock + f] = UInt8(bits & 0xFF)
                bytes[block * layout.bytesPerBlock + f + 1] = UInt8(bits >> 8)
            }
        }
        return bytes
    }
}

/// Collects the factory's fallback lines.
final class FallbackLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ s: String) { lock.withLock { stored.append(s) } }
    var lines: [String] { lock.withLock { stored } }
}

/// A small deterministic generator so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
