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

/// Quantizes f32 activations `x[M][K]` to int8 per 32-value block, as llama.cpp's `q8_1`:
/// `d = amax / 127`, `q = round(x / d)` (half away from zero, computed as
/// `trunc(x · (1/d) ± 0.5)`), and the block sum `s = d · Σq`.
///
/// Kernel parameters: `x` (f32), `xq` (i8, `[M][K]` in ``layout`` order), `xd` (f32,
/// `[M][K/32]`, the scales), `xs` (f32, `[M][K/32]`, the block sums), `m`, `k` (i64).
/// `k` must be a multiple of 32.
public struct GGUFActivationQuantizer: KernelGenerator {
    public var layout: GGUFActivationLayout
    public init(layout: GGUFActivationLayout) { self.layout = layout }

    /// ``KernelFamily`` has no activation-quantization case yet; `.dequantize` is the nearest.
    public var family: KernelFamily { .dequantize }
    public var defaultConfig: GGUFQuantizerConfig { GGUFQuantizerConfig() }
    public var candidateConfigs: [GGUFQuantizerConfig] { [1, 4].map { GGUFQuantizerConfig(rowsPerProgram: $0) } }

    public func variantName(_ c: GGUFQuantizerConfig) -> String { "gguf_quantize_q8_\(layout.rawValue)_cpu_\(c)" }

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
        b.loop(first, (first + c.rowsPerProgram).min(m)) { row in
            let base = row * k
            /// Quantizes block `block`, storing half `h` at byte `destination(h)` of the row.
            func quantize(_ block: Value, _ destination: (Int) -> Value) {
                let v = [x.load(base + block * 32, lanes: 16), x.load(base + block * 32 + 16, lanes: 16)]
                let amax = v[0].max(-v[0]).max(v[1].max(-v[1])).reduceMax()
                let d = amax / 127
                let inverse = d.compare(.ne, b.constant(0.0, .f32)).select(b.constant(1.0, .f32) / d, b.constant(0.0, .f32))
                let half = e.splat(0, .f32, 16) + 0.5
                let q = v.map { lanes -> Value in
                    let scaled = lanes * inverse.splat(16)
                    return (scaled + scaled.compare(.lt, e.splat(0, .f32, 16)).select(-half, half)).convert(.i32)
                }
                for h in 0..<2 { xq.store(q[h].convert(.i8), at: destination(h)) }
                xd.store(d, at: row * blocks + block)
                xs.store(d * (q[0] + q[1]).reduceAdd().convert(.f32), at: row * blocks + block)
            }
            let grouped = layout == .natural ? e.i64(0) : blocks / 4
            b.loop(e.i64(0), grouped) { g in
                for i in 0..<4 {
                    quantize(g * 4 + i) { h in base + g * 128 + layout.offset(block: i, half: h) }
                }
            }
            b.loop(grouped * 4, blocks) { block in
                quantize(block) { h in base + block * 32 + 16 * h }
            }
        }
        return b.finish()
    }
}
