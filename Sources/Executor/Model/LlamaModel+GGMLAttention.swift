extension LlamaModel {
    /// Causal grouped-query attention computed as llama.cpp's non-flash CPU attention computes it
    /// (f16 KV cache; ``GGMLArithmetic``): the query rounded to f16; scores `kq` by f16 dot
    /// products in the order of tinyBLAS (several tokens) or `ggml_vec_dot_f16` (one token);
    /// `ggml_soft_max`: `w = kq · scale`, `exp` by `ggml_v_expf`, the sum of each aligned group
    /// of eight positions (`hsum_float_8`) added up in double, probabilities `e · f32(1/sum)`
    /// rounded to f16; the weighted sum of values in the same dot-product order as the scores
    /// (over the positions, which llama.cpp pads with zero probabilities). The head dimension
    /// must be a multiple of 32 (`ggml_vec_dot_f16` sums the rest in double, not emulated here;
    /// other models take ``attend(queries:layer:start:rows:cache:into:)``).
    func attendAsGGML(queries: [Float], layer: Int, start: Int, rows: Int, cache: KVCache, into out: inout [Float]) {
        let c = config, d = c.headDimension
        let scale = 1 / Float(d).squareRoot()
        let batched = rows > 1
        let tasks = rows * c.headCount
        let kernels = GGMLElementwiseKernels.shared
        precondition(d % 32 == 0, "ggml's attention order needs a head dimension divisible by 32, got \(d)")
        queries.withUnsafeBufferPointer { q in
            out.withUnsafeMutableBufferPointer { o in
                let shared = UncheckedSendable((q.baseAddress!, o.baseAddress!))
                threads.forEachRange(tasks) { range in
                    let (q, o) = shared.value
                    let capacity = (start + rows + 31) / 32 * 32
                    let probabilities = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
                    let query = UnsafeMutablePointer<Float>.allocate(capacity: d)
                    // Lane accumulators of the value sums: 8 (tinyBLAS) or 32 (vec_dot_f16) per output.
                    let lanes = batched ? 8 : 32
                    let accumulators = UnsafeMutablePointer<Float>.allocate(capacity: lanes * d)
                    defer { probabilities.deallocate(); query.deallocate(); accumulators.deallocate() }
                    for task in range {
                        let row = task / c.headCount, head = task % c.headCount
                        let kvHead = head / c.groupSize
                        let length = start + row + 1
                        for j in 0..<d { query[j] = Float(Float16(q[row * c.queryWidth + head * d + j])) }
                        var maximum = -Float.infinity
                        for position in 0..<length {
                            let key = cache.keyRow(layer: layer, position: position) + kvHead * d
                            probabilities[position] = GGMLArithmetic.dotF16(query, key, d, batched: batched) * scale
                            maximum = max(maximum, probabilities[position])
                        }
                        let padded = (length + 7) / 8 * 8
                        if let kernels {
                            // −∞ past the end: exp gives 0 there, as for llama.cpp's masked positions.
                            let padded16 = (length + 15) / 16 * 16
                            for position in length..<padded16 { probabilities[position] = -.infinity }
                            kernels.exp(probabilities, count: padded16, minus: maximum)
                        } else {
                            for position in 0..<length { probabilities[position] = GGMLArithmetic.exp(probabilities[position] - maximum) }
                            for position in length..<padded { probabilities[position] = 0 }
                        }
                        var sum: Double = 0
                        for group in stride(from: 0, to: padded, by: 8) {
                            let values = UnsafeRawPointer(probabilities).loadUnaligned(fromByteOffset: group * 4, as: SIMD8<Float>.self)
                            sum += Double(GGMLArithmetic.horizontalSum(values))
                        }
                        let inverse = Float(1 / sum)
                        for position in 0..<length { probabilities[position] = Float(Float16(probabilities[position] * inverse)) }
                        accumulators.initialize(repeating: 0, count: lanes * d)
                        for position in 0..<length {
                            let value = cache.valueRow(layer: layer, position: position) + kvHead * d
                            addScaled(value, probabilities[position], into: accumulators + (position % lanes) * d, d)
                        }
                        // The reduction trees of ``GGMLArithmetic``, 16 outputs at a time.
                        let output = UnsafeMutableRawPointer(o + row * c.queryWidth + head * d)
                        let raw = UnsafeRawPointer(accumulators)
                        for j in stride(from: 0, to: d, by: 16) {
                            func lane(_ l: Int) -> SIMD16<Float> { raw.loadUnaligned(fromByteOffset: (l * d + j) * 4, as: SIMD16<Float>.self) }
                            let result: SIMD16<Float>
                            if batched {
                                result = ((lane(0) + lane(4)) + (lane(2) + lane(6))) + ((lane(1) + lane(5)) + (lane(3) + lane(7)))
                            } else {
                                func x(_ l: Int) -> SIMD16<Float> { (lane(l) + lane(16 + l)) + (lane(8 + l) + lane(24 + l)) }
                                result = ((x(0) + x(4)) + (x(1) + x(5))) + ((x(2) + x(6)) + (x(3) + x(7)))
                            }
                            output.storeBytes(of: result, toByteOffset: j * 4, as: SIMD16<Float>.self)
                        }
                    }
                }
            }
        }
    }
}
