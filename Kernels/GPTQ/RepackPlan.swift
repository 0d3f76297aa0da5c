import Quantization

/// The host side of one repack of an `N × K` weight: the act-order permutation and the sizes
/// of the tensors ``GPTQRepack`` writes (in the target's width: 4-bit words for a 3-bit source).
///
/// With act-order, input row `r` of the source belongs to group `g_idx[r]`. The repack writes
/// row `i` of the GPTQ weight from source row `permutation[i]`, the rows sorted (stably) by
/// group, so that row `i` belongs to group `i / groupSize` as a layout without `g_idx`
/// requires. The same permutation must be applied to the activations:
/// `x'[m, i] = x[m, permutation[i]]`, then `x' · W' = x · W`.
public struct RepackPlan: Hashable, Sendable {
    public let source: RepackSource
    public let n: Int, k: Int
    /// Source row of each output row (empty without act-order).
    public let permutation: [Int32]

    /// Checks the shape and, with act-order, that `gIdx` gives every group exactly
    /// `groupSize` rows (what GPTQ, GPTQModel and compressed-tensors write:
    /// `g_idx[r] = rank(r) / groupSize`).
    public init(source: RepackSource, n: Int, k: Int, gIdx: [Int32] = []) throws(RepackError) {
        if let problem = source.validate(n: n, k: k) { throw .unsupported(problem) }
        self.source = source
        self.n = n
        self.k = k
        guard source.actOrder else {
            permutation = []
            return
        }
        guard gIdx.count == k else { throw .invalidGroupIndex("\(gIdx.count) entries for K = \(k)") }
        let groups = k / source.groupSize
        var counts = [Int](repeating: 0, count: groups)
        for (row, g) in gIdx.enumerated() {
            guard g >= 0 && Int(g) < groups else { throw .invalidGroupIndex("row \(row) names group \(g) of \(groups)") }
            counts[Int(g)] += 1
        }
        if let g = counts.firstIndex(where: { $0 != source.groupSize }) {
            throw .invalidGroupIndex("group \(g) has \(counts[g]) rows, not \(source.groupSize): the rows cannot be made contiguous groups")
        }
        // A counting sort: stable, O(K).
        var next = (0..<groups).map { $0 * source.groupSize }
        var permutation = [Int32](repeating: 0, count: k)
        for (row, g) in gIdx.enumerated() {
            permutation[next[Int(g)]] = Int32(row)
            next[Int(g)] += 1
        }
        self.permutation = permutation
    }

    public var groups: Int { source.groupSize > 0 ? k / source.groupSize : 1 }
    /// `Int32` words of the output `qweight[K·b/32, N]`, `b` = ``RepackSource/targetBits``
    /// (for a 3-bit source: 4-bit words, `K/8` rows).
    public var qweightWords: Int { k / source.targetValuesPerWord * n }
    /// `Int32` words of the output `qzeros[G, ⌈N·b/32⌉]` (0 when symmetric).
    public var qzeroWords: Int { source.asymmetric ? groups * ((n * source.targetBits + 31) / 32) : 0 }
    /// `Int32` words of the source weight the repack reads (`src_weight`).
    public var sourceWeightWords: Int { source.sourceWeightWords(n: n, k: k) }
    /// `Int32` words of the source zero points the repack reads (`src_zeros`; 0 when symmetric).
    public var sourceZeroWords: Int { source.sourceZeroWords(n: n, k: k) }
    /// f16 values of the output `scales[G, N]`.
    public var scaleCount: Int { groups * n }
    /// Work items: one per output word or scale.
    public var items: Int { qweightWords + qzeroWords + scaleCount }

    /// CPU programs of `config`.
    public func programs(_ config: RepackConfig) -> Int { (items + config.itemsPerProgram - 1) / config.itemsPerProgram }
    /// GPU blocks of `config` (one thread per item).
    public func blocks(_ config: RepackConfig) -> Int { (items + config.threadsPerBlock - 1) / config.threadsPerBlock }

    /// The activations of `m` rows of `k` values in the order the repacked weight expects.
    public func permuteActivations<T>(_ x: [T], rows m: Int) -> [T] {
        guard !permutation.isEmpty else { return x }
        var out = x
        for r in 0..<m {
            for i in 0..<k { out[r * k + i] = x[r * k + Int(permutation[i])] }
        }
        return out
    }
}

/// The schedule of ``GPTQRepack``.
public struct RepackConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// GPU: threads per block (one item each).
    public var threadsPerBlock: Int
    /// CPU: items per program.
    public var itemsPerProgram: Int

    public init(threadsPerBlock: Int = 256, itemsPerProgram: Int = 4096) {
        self.threadsPerBlock = threadsPerBlock
        self.itemsPerProgram = itemsPerProgram
    }

    public var description: String { "t\(threadsPerBlock)i\(itemsPerProgram)" }
}
