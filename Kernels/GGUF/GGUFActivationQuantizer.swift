import KernelIR
import Quantization

/// The schedule of ``GGUFActivationQuantizer``: activation rows per program.
public struct GGUFQuantizerConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    public var rowsPerProgram: Int
    public init(rowsPerProgram: Int = 1) { self.rowsPerProgram = rowsPerProgram }
    public var description: String { "r\(rowsPerProgram)" }
    /// Programs for `m` rows.
    public func programs(m: Int) -> Int { (m + rowsPerProgram - 1) / rowsPerProgram }
}

/// How activations are rounded to int8, following ggml's x86 `from_float` for the weight
/// type's `vec_dot_type`, so that the int8 kernels see what llama.cpp's dot products see.
public enum GGUFActivationRoundingMode: String, Hashable, Codable, Sendable, CaseIterable {
    /// `quantize_row_q8_0`/`q8_1` per 32 values: `q = round-to-even(x · 127/amax)`, the scale
    /// `d = f16(amax / 127)`, the block sum `s = f16(amax / 127 · Σq)`.
    case q8Block32
    /// `quantize_row_q8_K` per 256 values: with `max` the first value of largest magnitude,
    /// `q = min(127, round-to-even(−127/max · x))` and `d = 1 / (−127/max)`, written to the
    /// eight 32-value slots; `s = d · Σq` per 32 values.
    case q8K

    /// The mode ggml uses with `type` weights.
    public init(weight type: GGMLType) {
        self = type.layout.valuesPerBlock == 256 ? .q8K : .q8Block32
    }
}

/// Quantizes f32 activations `x[M][K]` to int8 as ggml does (``GGUFActivationRoundingMode``),
/// storing the values in ``layout`` order.
///
/// Kernel parameters: `x` (f32), `xq` (i8, `[M][K]` in ``layout`` order), `xd` (f32,
/// `[M][K/32]`, the scale of each 32 values), `xs` (f32, `[M][K/32]`, the block sums `d · Σq`),
/// `m`, `k` (i64). `k` must be a multiple of 32 (of 256 for ``GGUFActivationRoundingMode/q8K``).
public struct GGUFActivationQuantizer: KernelGenerator {
    public var layout: GGUFActivationLayout
    public var rounding: GGUFActivationRoundingMode
    public init(layout: GGUFActivationLayout, rounding: GGUFActivationRoundingMode = .q8Block32) {
        self.layout = layout
        self.rounding = rounding
    }

    /// ``KernelFamily`` has no activation-quantization case yet; `.dequantize` is the nearest.
    public var family: KernelFamily { .dequantize }
    public var defaultConfig: GGUFQuantizerConfig { GGUFQuantizerConfig() }
    public var candidateConfigs: [GGUFQuantizerConfig] { [1, 4].map { GGUFQuantizerConfig(rowsPerProgram: $0) } }

    public func variantName(_ c: GGUFQuantizerConfig) -> String {
        "gguf_quantize_\(rounding == .q8K ? "q8k" : "q8")_\(layout.rawValue)_cpu_\(c)"
    }

    public func validate(_ c: GGUFQuantizerConfig) throws {
        if c.rowsPerProgram < 1 || c.rowsPerProgram > 64 {
            throw KernelConfigError(generator: "gguf_quantize", message: "rowsPerProgram \(c.rowsPerProgram) must be in 1...64")
        }
    }

    public func emit(_ c: GGUFQuantizerConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .cpuGrid)
        let x = b.parameter("x", .pointer(.f32)), xq = b.parameter("xq", .pointer(.i8))
        let xd = b.parameter("xd", .pointer(.f32)), xs = b.parameter("xs", .pointer(.f32))
        let m = b.parameter("m", .i64), k = b.parameter("k", .i64)
        let e = GGUFEmit(b: b)
        let blocks = k / 32
        let first = b.programID() * c.rowsPerProgram
        let zero = e.splat(0, .f32, 16)
        /// round-to-nearest-even of |v| < 2²², through the f32 adder.
        func roundEven(_ v: Value) -> Value { (v + 12_582_912.0) + -12_582_912.0 }
        b.loop(first, (first + c.rowsPerProgram).min(m)) { row in
            let base = row * k
            /// Stores block `block`'s 32 int8 values (half `h` at byte `destination(h)`),
            /// its scale and its sum.
            func store(_ block: Value, _ q: [Value], d: Value, sum: Value, _ destination: (Int) -> Value) {
                for h in 0..<2 { xq.store(q[h].convert(.i8), at: destination(h)) }
                xd.store(d, at: row * blocks + block)
                xs.store(sum, at: row * blocks + block)
            }
            func load(_ block: Value) -> [Value] { [x.load(base + block * 32, lanes: 16), x.load(base + block * 32 + 16, lanes: 16)] }
            /// Rounds block `block` with its own scale (q8_0/q8_1).
            func quantize32(_ block: Value, _ destination: (Int) -> Value) {
                let v = load(block)
                let amax = v[0].max(-v[0]).max(v[1].max(-v[1])).reduceMax()
                let exact = amax / 127
                let inverse = amax.compare(.ne, b.constant(0.0, .f32)).select(b.constant(127.0, .f32) / amax, b.constant(0.0, .f32))
                let q = v.map { roundEven($0 * inverse.splat(16)).convert(.i32) }
                let total = (q[0] + q[1]).reduceAdd().convert(.f32)
                store(block, q, d: exact.convert(.f16).convert(.f32), sum: (exact * total).convert(.f16).convert(.f32), destination)
            }
            if rounding == .q8K {
                // One scale per 256 values; the 8 blocks of a super-block share it.
                b.loop(e.i64(0), k / 256) { sb in
                    let v = (0..<8).map { load(sb * 8 + $0) }
                    let magnitudes = v.flatMap { $0 }.map { $0.max(-$0) }
                    let amax = magnitudes.dropFirst().reduce(magnitudes[0]) { $0.max($1) }.reduceMax()
                    // The first value of largest magnitude: the highest −index among the lanes at amax.
                    var firstIndex: Value?
                    for (i, lanes) in v.flatMap({ $0 }).enumerated() {
                        let hit = magnitudes[i].compare(.eq, amax.splat(16))
                        let candidate = hit.select(e.constants((0..<16).map { -(16 * i + $0) }, .i32), e.splat(-1000, .i32, 16)).reduceMax()
                        firstIndex = firstIndex.map { $0.max(candidate) } ?? candidate
                    }
                    let signedMax = x.load(base + sb * 256 - firstIndex!.convert(.i64))
                    let nonzero = amax.compare(.ne, b.constant(0.0, .f32))
                    let inverse = nonzero.select(b.constant(-127.0, .f32) / signedMax, b.constant(0.0, .f32))
                    let d = nonzero.select(b.constant(1.0, .f32) / inverse, b.constant(0.0, .f32))
                    for i in 0..<8 {
                        let q = v[i].map { roundEven($0 * inverse.splat(16)).min(zero + 127).convert(.i32) }
                        let block = sb * 8 + i
                        let offsetInGroup = { (h: Int) in layout.offset(block: i % 4, half: h) }
                        store(block, q, d: d, sum: d * (q[0] + q[1]).reduceAdd().convert(.f32)) { h in
                            layout == .natural ? base + block * 32 + 16 * h : base + (sb * 2 + i / 4) * 128 + offsetInGroup(h)
                        }
                    }
                }
                return
            }
            let grouped = layout == .natural ? e.i64(0) : blocks / 4
            b.loop(e.i64(0), grouped) { g in
                for i in 0..<4 {
                    quantize32(g * 4 + i) { h in base + g * 128 + layout.offset(block: i, half: h) }
                }
            }
            b.loop(grouped * 4, blocks) { block in
                quantize32(block) { h in base + block * 32 + 16 * h }
            }
        }
        return b.finish()
    }
}
