import KernelIR
import Quantization

/// Dequantizes a GPTQ-packed weight into `W[K, N]` (f32 or f16, the spec's activation
/// dtype): `W[k, n] = (q − z)·s`. Takes the weight-only parameter list; `x` and `m` are unused.
public struct GPTQDequantize: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    public var family: KernelFamily { .dequantize }

    public var defaultConfig: TileConfig {
        spec.gpu ? TileConfig(tileM: 1, tileN: 1, vectorWidth: 1, unrollK: 1, threadsPerBlock: 128)
                 : TileConfig(tileM: 1, tileN: 1, vectorWidth: 16, unrollK: 1)
    }

    public var candidateConfigs: [TileConfig] {
        if spec.gpu { return [defaultConfig] }
        return [(1, 16), (2, 16), (1, 8)].map { TileConfig(tileM: 1, tileN: $0.0, vectorWidth: $0.1, unrollK: 1) }
    }

    public func variantName(_ c: TileConfig) -> String {
        "gptq_dequantize_\(spec.layoutName)_\(spec.gpu ? "gpu" : "cpu")_\(c.name(gpu: spec.gpu))"
    }

    public func validate(_ c: TileConfig) throws {
        try spec.validate(c, generator: "gptq_dequantize")
        if c.tileM != 1 { throw KernelConfigError(generator: "gptq_dequantize", message: "tileM must be 1, got \(c.tileM)") }
    }

    public func emit(_ c: TileConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: spec.convention)
        let p = WeightOnlyParameters(b, spec: spec, output: spec.activation)
        let u = GPTQUnpacker(spec: spec, p: p, b: b)
        let columns = c.columnsPerProgram
        let programs = (p.n + (columns - 1)) / columns
        func tile(_ column0: Value, lanes: Int, tiles: Int) {
            let cv = spec.chunkValues
            let cols = (0..<tiles).map { column0 + $0 * lanes }
            b.loop(b.constant(0, .i64), p.k / cv, unroll: .count(c.unrollK)) { chunk in
                let words = cols.map { u.loadChunk(chunk, column: $0, lanes: lanes) }
                let sharedGroup = spec.layout.actOrder ? nil : (spec.layout.groupSize > 0 ? (chunk * cv) / spec.layout.groupSize : b.constant(0, .i64))
                for j in 0..<cv {
                    let row = chunk * cv + j
                    let g = sharedGroup ?? u.group(ofRow: row)
                    for t in 0..<tiles {
                        let s = u.scales(group: g, column: cols[t], lanes: lanes)
                        let z = u.zeros(group: g, column: cols[t], lanes: lanes)
                        let w = (u.quantized(words[t], j).convert(.f32) - z) * s
                        p.out.store(w.convert(spec.activation), at: row * p.n + cols[t])
                    }
                }
            }
        }
        if spec.gpu {
            let id = (b.blockIndex() * b.blockSize() + b.threadIndex()).convert(.i64, unsigned: true)
            b.if(id.compare(.lt, programs)) { tile(id, lanes: 1, tiles: 1) }
        } else {
            let column0 = b.programID() * columns
            b.if(column0.compare(.le, p.n - columns)) {
                tile(column0, lanes: c.vectorWidth, tiles: c.tileN)
            } else: {
                b.loop(column0, p.n) { tile($0, lanes: 1, tiles: 1) }
            }
        }
        return b.finish()
    }
}
