import Checkpoint
import Foundation
import Quantization

/// Errors of the model runner.
public enum ModelError: Error, CustomStringConvertible, Equatable {
    /// A token id outside the vocabulary.
    case tokenOutOfRange(token: Int, vocabularySize: Int)
    /// The KV cache cannot hold the new positions.
    case contextFull(needed: Int, capacity: Int)
    /// A weight has the wrong shape.
    case wrongShape(file: String, tensor: String, expected: String, found: [Int])

    public var description: String {
        switch self {
        case .tokenOutOfRange(let token, let size): return "token id \(token) is outside the vocabulary of \(size) tokens"
        case .contextFull(let needed, let capacity): return "the KV cache holds \(capacity) positions, \(needed) are needed"
        case .wrongShape(let file, let tensor, let expected, let found):
            return "\(file): tensor \"\(tensor)\" has dimensions \(found), expected \(expected)"
        }
    }
}

/// Which logits ``LlamaModel/forward(tokens:cache:logits:)`` returns.
public enum LogitsRequest: Sendable {
    /// None (prefill only).
    case none
    /// The last position's (`vocabularySize` floats).
    case last
    /// Every position's (`tokens.count × vocabularySize` floats, row by row).
    case all
}

/// A Llama-family decoder read from a GGUF file: quantized embedding lookup, RMSNorm, RoPE
/// ("normal" interleaved pairs, as llama.cpp for `llama`), grouped-query attention with a KV
/// cache, SwiGLU MLP, and a tied or separate output head. Linear layers come from a
/// ``LinearKernelFactory``.
public final class LlamaModel: @unchecked Sendable {
    public let config: LlamaConfig
    public let file: GGUFFile
    public let threads: ThreadPool
    /// `.ggml` computes as llama.cpp's x86 CPU backend does, operation by operation
    /// (``GGMLArithmetic``): attention with f16 queries and probabilities in the order of its f16
    /// mul_mats, softmax and SwiGLU with `ggml_v_expf`. With the int8 JIT kernels in ggml's order
    /// (``JITLinearOptions/ggmlOrder``) the activations are then bit-identical to llama.cpp's.
    /// `.float` (the default) keeps plain float arithmetic, about 4% faster for prefill.
    public let attentionPrecision: ActivationPrecision
    let embedding: ReferenceGGUFLinear
    let layers: [Layer]
    let outputNorm: [Float]
    let output: LinearKernel
    /// Debugging: receives named intermediate tensors of ``forward(tokens:cache:logits:)``
    /// (llama.cpp's callback names: `attn_norm-0`, `Qcur-0`, …, `result_output`).
    var tap: ((String, [Float]) -> Void)?

    struct Layer {
        let attentionNorm: [Float]
        let query, key, value, attentionOutput: LinearKernel
        let feedForwardNorm: [Float]
        let gate, up, down: LinearKernel
    }

    /// Loads the model's weights (memory-mapped; norms are copied to float).
    ///
    /// - Parameter progress: called with (layers loaded, total layers).
    public init(file: GGUFFile, factory: LinearKernelFactory = ReferenceLinearFactory(),
                threads: ThreadPool = .allCores, attentionPrecision: ActivationPrecision = .float,
                progress: ((Int, Int) -> Void)? = nil) throws {
        let config = try LlamaConfig(gguf: file)
        self.config = config
        self.attentionPrecision = attentionPrecision
        self.file = file
        self.threads = threads
        let h = config.hiddenSize
        func tensor(_ name: String) throws -> GGUFTensorInfo { try file.tensor(named: name) }
        func vector(_ name: String, _ count: Int) throws -> [Float] {
            let info = try tensor(name)
            guard info.elementCount == count else {
                throw ModelError.wrongShape(file: file.fileName, tensor: name, expected: "[\(count)]", found: info.dimensions)
            }
            return try file.floats(of: info)
        }
        func linear(_ name: String, inputs: Int, outputs: Int) throws -> LinearKernel {
            let info = try tensor(name)
            guard info.rowLength == inputs, info.rowCount == outputs else {
                throw ModelError.wrongShape(file: file.fileName, tensor: name, expected: "[\(inputs), \(outputs)]", found: info.dimensions)
            }
            return try factory.makeLinear(tensor: info, in: file, threads: threads)
        }
        let embeddingInfo = try tensor("token_embd.weight")
        guard embeddingInfo.rowLength == h, embeddingInfo.rowCount == config.vocabularySize else {
            throw ModelError.wrongShape(file: file.fileName, tensor: "token_embd.weight",
                                        expected: "[\(h), \(config.vocabularySize)]", found: embeddingInfo.dimensions)
        }
        embedding = try ReferenceGGUFLinear(tensor: embeddingInfo, in: file, threads: threads)
        var layers: [Layer] = []
        for i in 0..<config.layerCount {
            let p = "blk.\(i)."
            layers.append(Layer(
                attentionNorm: try vector(p + "attn_norm.weight", h),
                query: try linear(p + "attn_q.weight", inputs: h, outputs: config.queryWidth),
                key: try linear(p + "attn_k.weight", inputs: h, outputs: config.kvWidth),
                value: try linear(p + "attn_v.weight", inputs: h, outputs: config.kvWidth),
                attentionOutput: try linear(p + "attn_output.weight", inputs: config.queryWidth, outputs: h),
                feedForwardNorm: try vector(p + "ffn_norm.weight", h),
                gate: try linear(p + "ffn_gate.weight", inputs: h, outputs: config.feedForwardSize),
                up: try linear(p + "ffn_up.weight", inputs: h, outputs: config.feedForwardSize),
                down: try linear(p + "ffn_down.weight", inputs: config.feedForwardSize, outputs: h)))
            progress?(i + 1, config.layerCount)
        }
        self.layers = layers
        outputNorm = try vector("output_norm.weight", h)
        let outputName = file.hasTensor(named: "output.weight") ? "output.weight" : "token_embd.weight"
        output = try linear(outputName, inputs: h, outputs: config.vocabularySize)
    }

    /// Whether this module was compiled with optimization: the reference kernels are about 300
    /// times slower unoptimized, which decides whether full-model checks are practical.
    public static var isOptimizedBuild: Bool { !_isDebugAssertConfiguration() }

    /// A KV cache for up to `capacity` positions (default: the model's context length).
    public func makeCache(capacity: Int? = nil) -> KVCache {
        KVCache(layers: config.layerCount, capacity: capacity ?? config.contextLength, width: config.kvWidth)
    }

    /// Runs `tokens` at the cache's next positions, appends their keys and values to `cache`,
    /// and returns the requested logits.
    public func forward(tokens: [Int], cache: KVCache, logits request: LogitsRequest = .last) throws -> [Float] {
        let m = tokens.count
        guard m > 0 else { return [] }
        for token in tokens where !(0..<config.vocabularySize).contains(token) {
            throw ModelError.tokenOutOfRange(token: token, vocabularySize: config.vocabularySize)
        }
        guard cache.count + m <= cache.capacity else { throw ModelError.contextFull(needed: cache.count + m, capacity: cache.capacity) }
        let c = config, h = c.hiddenSize
        let start = cache.count
        var x = [Float](repeating: 0, count: m * h)
        var normed = [Float](repeating: 0, count: m * max(h, c.queryWidth))
        var q = [Float](repeating: 0, count: m * c.queryWidth)
        var k = [Float](repeating: 0, count: m * c.kvWidth)
        var v = [Float](repeating: 0, count: m * c.kvWidth)
        var attention = [Float](repeating: 0, count: m * c.queryWidth)
        var gate = [Float](repeating: 0, count: m * c.feedForwardSize)
        var up = [Float](repeating: 0, count: m * c.feedForwardSize)
        var delta = [Float](repeating: 0, count: m * h)
        x.withUnsafeMutableBufferPointer { x in
            for (i, token) in tokens.enumerated() { embedding.dequantizeRow(token, into: x.baseAddress! + i * h) }
        }
        let rope = RoPETable(dimensions: c.ropeDimensionCount, base: c.ropeFrequencyBase, positions: start..<(start + m))
        for (index, layer) in layers.enumerated() {
            tap?("l_in-\(index)", x)
            rmsNorm(x, weight: layer.attentionNorm, rows: m, epsilon: c.rmsNormEpsilon, into: &normed)
            tap?("attn_norm-\(index)", Array(normed[0..<(m * h)]))
            normed.withUnsafeBufferPointer { n in
                q.withUnsafeMutableBufferPointer { layer.query.apply(x: n.baseAddress!, rows: m, y: $0.baseAddress!) }
                k.withUnsafeMutableBufferPointer { layer.key.apply(x: n.baseAddress!, rows: m, y: $0.baseAddress!) }
                v.withUnsafeMutableBufferPointer { layer.value.apply(x: n.baseAddress!, rows: m, y: $0.baseAddress!) }
            }
            tap?("Qcur-\(index)", q); tap?("Kcur-\(index)", k); tap?("Vcur-\(index)", v)
            let contracted = attentionPrecision == .ggml
            rope.apply(&q, heads: c.headCount, headDimension: c.headDimension, contracted: contracted)
            rope.apply(&k, heads: c.kvHeadCount, headDimension: c.headDimension, contracted: contracted)
            tap?("Qrope-\(index)", q); tap?("Krope-\(index)", k)
            for i in 0..<m {
                let keyRow = cache.keyRow(layer: index, position: start + i), valueRow = cache.valueRow(layer: index, position: start + i)
                for j in 0..<c.kvWidth {
                    keyRow[j] = Float(Float16(k[i * c.kvWidth + j]))
                    valueRow[j] = Float(Float16(v[i * c.kvWidth + j]))
                }
            }
            if attentionPrecision == .ggml && c.headDimension % 32 == 0 {
                attendAsGGML(queries: q, layer: index, start: start, rows: m, cache: cache, into: &attention)
            } else {
                attend(queries: q, layer: index, start: start, rows: m, cache: cache, into: &attention)
            }
            tap?("kqv-\(index)", attention)
            attention.withUnsafeBufferPointer { a in
                delta.withUnsafeMutableBufferPointer { layer.attentionOutput.apply(x: a.baseAddress!, rows: m, y: $0.baseAddress!) }
            }
            tap?("attn_out-\(index)", delta)
            for i in 0..<(m * h) { x[i] += delta[i] }
            tap?("ffn_inp-\(index)", x)
            rmsNorm(x, weight: layer.feedForwardNorm, rows: m, epsilon: c.rmsNormEpsilon, into: &normed)
            tap?("ffn_norm-\(index)", Array(normed[0..<(m * h)]))
            normed.withUnsafeBufferPointer { n in
                gate.withUnsafeMutableBufferPointer { layer.gate.apply(x: n.baseAddress!, rows: m, y: $0.baseAddress!) }
                up.withUnsafeMutableBufferPointer { layer.up.apply(x: n.baseAddress!, rows: m, y: $0.baseAddress!) }
            }
            tap?("ffn_gate-\(index)", gate); tap?("ffn_up-\(index)", up)
            if attentionPrecision == .ggml {
                let count = m * c.feedForwardSize
                if let kernels = GGMLElementwiseKernels.shared, count % 16 == 0 {
                    up.withUnsafeBufferPointer { u in
                        gate.withUnsafeMutableBufferPointer { g in
                            let shared = UncheckedSendable((u.baseAddress!, g.baseAddress!))
                            threads.forEachRange(count / 16, minimumChunk: 64) { range in
                                let (u, g) = shared.value
                                let first = range.lowerBound * 16
                                kernels.swiglu(gate: g + first, up: u + first, out: g + first, count: range.count * 16)
                            }
                        }
                    }
                } else {
                    for i in 0..<count { gate[i] = GGMLArithmetic.swiglu(gate: gate[i], up: up[i]) }
                }
            } else {
                for i in 0..<(m * c.feedForwardSize) {
                    let g = gate[i]
                    gate[i] = g / (1 + exp(-g)) * up[i]
                }
            }
            tap?("ffn_swiglu-\(index)", gate)
            gate.withUnsafeBufferPointer { g in
                delta.withUnsafeMutableBufferPointer { layer.down.apply(x: g.baseAddress!, rows: m, y: $0.baseAddress!) }
            }
            tap?("ffn_out-\(index)", delta)
            for i in 0..<(m * h) { x[i] += delta[i] }
            tap?("l_out-\(index)", x)
        }
        cache.count = start + m
        let first: Int
        switch request {
        case .none: return []
        case .last: first = m - 1
        case .all: first = 0
        }
        let rows = m - first
        let finalRows = Array(x[(first * h)...])
        rmsNorm(finalRows, weight: outputNorm, rows: rows, epsilon: c.rmsNormEpsilon, into: &normed)
        tap?("result_norm", Array(normed[0..<(rows * h)]))
        var logits = [Float](repeating: 0, count: rows * c.vocabularySize)
        normed.withUnsafeBufferPointer { n in
            logits.withUnsafeMutableBufferPointer { output.apply(x: n.baseAddress!, rows: rows, y: $0.baseAddress!) }
        }
        tap?("result_output", logits)
        return logits
    }

    /// Causal grouped-query attention of `rows` new positions over the cache.
    func attend(queries: [Float], layer: Int, start: Int, rows: Int, cache: KVCache, into out: inout [Float]) {
        let c = config, d = c.headDimension
        let scale = 1 / Float(d).squareRoot()
        let roundsLikeGGML = attentionPrecision == .ggml
        let tasks = rows * c.headCount
        queries.withUnsafeBufferPointer { q in
            out.withUnsafeMutableBufferPointer { o in
                let shared = UncheckedSendable((q.baseAddress!, o.baseAddress!))
                threads.forEachRange(tasks) { range in
                    let (q, o) = shared.value
                    let scores = UnsafeMutablePointer<Float>.allocate(capacity: start + rows)
                    let query = UnsafeMutablePointer<Float>.allocate(capacity: d)
                    let accumulator = UnsafeMutablePointer<Float>.allocate(capacity: d)
                    defer { scores.deallocate(); query.deallocate(); accumulator.deallocate() }
                    for task in range {
                        let row = task / c.headCount, head = task % c.headCount
                        let kvHead = head / c.groupSize
                        let length = start + row + 1
                        for j in 0..<d { query[j] = q[row * c.queryWidth + head * d + j] }
                        if roundsLikeGGML { for j in 0..<d { query[j] = Float(Float16(query[j])) } }
                        var maximum = -Float.infinity
                        for position in 0..<length {
                            let key = cache.keyRow(layer: layer, position: position) + kvHead * d
                            scores[position] = dotProduct(query, key, d) * scale
                            maximum = max(maximum, scores[position])
                        }
                        var sum: Float = 0
                        for position in 0..<length {
                            scores[position] = exp(scores[position] - maximum)
                            sum += scores[position]
                        }
                        accumulator.initialize(repeating: 0, count: d)
                        for position in 0..<length {
                            var weight = scores[position] / sum
                            if roundsLikeGGML { weight = Float(Float16(weight)) }
                            let value = cache.valueRow(layer: layer, position: position) + kvHead * d
                            addScaled(value, weight, into: accumulator, d)
                        }
                        for j in 0..<d { o[row * c.queryWidth + head * d + j] = accumulator[j] }
                    }
                }
            }
        }
    }
}

/// Root-mean-square normalization of each row, times `weight` (the float squares summed in
/// double, as ggml's `rms_norm`).
func rmsNorm(_ x: [Float], weight: [Float], rows: Int, epsilon: Float, into out: inout [Float]) {
    let n = weight.count
    for r in 0..<rows {
        var sum: Double = 0
        for i in 0..<n { let value = x[r * n + i]; sum += Double(value * value) }
        let scale = 1 / (Float(sum / Double(n)) + epsilon).squareRoot()
        for i in 0..<n { out[r * n + i] = x[r * n + i] * scale * weight[i] }
    }
}

/// Rotary position embedding, "normal" mode (pairs `2i, 2i+1`), angles computed as llama.cpp
/// does: θ₀ = position, θᵢ₊₁ = θᵢ · base^(−2/dimensions) in float.
struct RoPETable {
    let dimensions: Int
    let cosines: [Float], sines: [Float]
    let count: Int

    init(dimensions: Int, base: Float, positions: Range<Int>) {
        self.dimensions = dimensions
        count = positions.count
        let thetaScale = powf(base, -2 / Float(dimensions))
        var cosines: [Float] = [], sines: [Float] = []
        cosines.reserveCapacity(count * dimensions / 2)
        sines.reserveCapacity(count * dimensions / 2)
        for position in positions {
            var theta = Float(position)
            for _ in 0..<(dimensions / 2) {
                cosines.append(cos(theta))
                sines.append(sin(theta))
                theta *= thetaScale
            }
        }
        self.cosines = cosines
        self.sines = sines
    }

    /// Rotates the first `dimensions` of every head of each row of `x`; `contracted` rounds as
    /// GCC's build of ggml does (its `x0*cos - x1*sin` and `x0*sin + x1*cos` become FMAs).
    func apply(_ x: inout [Float], heads: Int, headDimension: Int, contracted: Bool = false) {
        let width = heads * headDimension, half = dimensions / 2
        for row in 0..<count {
            for head in 0..<heads {
                let base = row * width + head * headDimension
                for i in 0..<half {
                    let c = cosines[row * half + i], s = sines[row * half + i]
                    let x0 = x[base + 2 * i], x1 = x[base + 2 * i + 1]
                    if contracted {
                        x[base + 2 * i] = (-(x1 * s)).addingProduct(x0, c)
                        x[base + 2 * i + 1] = (x1 * c).addingProduct(x0, s)
                    } else {
                        x[base + 2 * i] = x0 * c - x1 * s
                        x[base + 2 * i + 1] = x0 * s + x1 * c
                    }
                }
            }
        }
    }
}

/// y[i] += w · x[i] over `count` floats, 16 lanes at a time.
@inline(__always)
func addScaled(_ x: UnsafePointer<Float>, _ w: Float, into y: UnsafeMutablePointer<Float>, _ count: Int) {
    var i = 0
    let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
    let weight = SIMD16<Float>(repeating: w)
    while i + 16 <= count {
        let sum = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) + weight * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        ry.storeBytes(of: sum, toByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    while i < count { y[i] += w * x[i]; i += 1 }
}
