import Foundation

/// How the next token is picked from the logits.
public struct SamplingOptions: Sendable, Equatable {
    /// 0 means greedy (argmax); otherwise logits are divided by it.
    public var temperature: Float
    /// Keep only the `topK` most likely tokens (0 = all).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches `topP` (1 = all).
    public var topP: Float
    /// Seed of the random generator.
    public var seed: UInt64

    public init(temperature: Float = 0, topK: Int = 40, topP: Float = 0.95, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
    }

    /// Greedy decoding.
    public static let greedy = SamplingOptions(temperature: 0)
}

/// A seeded generator (SplitMix64): the same seed gives the same tokens.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Picks tokens: greedy, or temperature with top-k then top-p filtering, from a seeded generator.
public struct Sampler: Sendable {
    public let options: SamplingOptions
    private var generator: SeededGenerator

    public init(options: SamplingOptions) {
        self.options = options
        generator = SeededGenerator(seed: options.seed)
    }

    /// The index of the largest logit (the first on ties).
    public static func argmax(_ logits: some Collection<Float>) -> Int {
        var best = 0, bestValue = -Float.infinity, index = 0
        for value in logits {
            if value > bestValue { best = index; bestValue = value }
            index += 1
        }
        return best
    }

    /// The next token for `logits` (one row of `vocabularySize` floats).
    public mutating func sample(_ logits: ArraySlice<Float>) -> Int {
        guard options.temperature > 0 else { return Self.argmax(logits) }
        let base = logits.startIndex
        let before = { (a: Int, b: Int) in logits[base + a] > logits[base + b] || (logits[base + a] == logits[base + b] && a < b) }
        var candidates: [Int]
        if options.topK > 0 && options.topK < logits.count {
            // Keep the k best in a small sorted buffer instead of sorting the vocabulary.
            candidates = []
            candidates.reserveCapacity(options.topK + 1)
            for id in 0..<logits.count {
                if candidates.count == options.topK, !before(id, candidates[candidates.count - 1]) { continue }
                var position = candidates.count
                while position > 0 && before(id, candidates[position - 1]) { position -= 1 }
                candidates.insert(id, at: position)
                if candidates.count > options.topK { candidates.removeLast() }
            }
        } else {
            candidates = Array(0..<logits.count)
            candidates.sort(by: before)
        }
        let maximum = logits[base + candidates[0]]
        var probabilities = candidates.map { exp((logits[base + $0] - maximum) / options.temperature) }
        let total = probabilities.reduce(0, +)
        probabilities = probabilities.map { $0 / total }
        if options.topP < 1 {
            var cumulative: Float = 0, keep = probabilities.count
            for (i, p) in probabilities.enumerated() {
                cumulative += p
                if cumulative >= options.topP { keep = i + 1; break }
            }
            candidates.removeSubrange(keep...)
            probabilities.removeSubrange(keep...)
        }
        let mass = probabilities.reduce(0, +)
        var target = Float(Double(generator.next() >> 11) * 0x1p-53) * mass
        for (i, p) in probabilities.enumerated() {
            target -= p
            if target < 0 { return candidates[i] }
        }
        return candidates[candidates.count - 1]
    }

    public mutating func sample(_ logits: [Float]) -> Int { sample(logits[...]) }
}
