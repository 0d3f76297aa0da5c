import Foundation
import Testing
@testable import Executor

/// Sampling: greedy, temperature with top-k / top-p, reproducible from a seed.
@Suite struct ModelSamplerTests {
    static let logits: [Float] = [1.0, 3.0, 2.5, -1.0, 3.0, 0.0, 2.9, -5.0]

    @Test func greedyTakesTheFirstLargest() {
        var sampler = Sampler(options: .greedy)
        #expect(sampler.sample(Self.logits) == 1)
        #expect(Sampler.argmax(Self.logits[4...]) == 0)
    }

    @Test func sameSeedSameTokens() {
        let options = SamplingOptions(temperature: 1.0, topK: 0, topP: 1, seed: 42)
        var a = Sampler(options: options), b = Sampler(options: options)
        let first = (0..<50).map { _ in a.sample(Self.logits) }
        #expect(first == (0..<50).map { _ in b.sample(Self.logits) })
        var c = Sampler(options: SamplingOptions(temperature: 1.0, topK: 0, topP: 1, seed: 43))
        #expect(first != (0..<50).map { _ in c.sample(Self.logits) })
    }

    @Test func topKAndTopPRestrictTheCandidates() {
        var topTwo = Sampler(options: SamplingOptions(temperature: 5, topK: 2, topP: 1, seed: 1))
        #expect(Set((0..<200).map { _ in topTwo.sample(Self.logits) }) == [1, 4])
        // Probabilities at temperature 1, sorted (ties by id): 1 → 0.27, 4 → 0.27, 6 → 0.24, …
        // p = 0.2 keeps token 1 alone; p = 0.6 keeps 1, 4 and 6 (cumulative 0.78).
        var narrow = Sampler(options: SamplingOptions(temperature: 1, topK: 0, topP: 0.2, seed: 2))
        #expect(Set((0..<100).map { _ in narrow.sample(Self.logits) }) == [1])
        var wider = Sampler(options: SamplingOptions(temperature: 1, topK: 0, topP: 0.6, seed: 3))
        #expect(Set((0..<300).map { _ in wider.sample(Self.logits) }) == [1, 4, 6])
    }

    @Test func topKOnALargeVocabularyKeepsTheKBest() {
        var generator = SeededGenerator(seed: 11)
        // Coarse values so that ties occur; ties rank the lower id first.
        let logits = (0..<5000).map { _ in Float(Int.random(in: 0..<400, using: &generator)) / 10 }
        let best = Array((0..<logits.count).sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }.prefix(7))
        var sampler = Sampler(options: SamplingOptions(temperature: 1000, topK: 7, topP: 1, seed: 4))
        #expect(Set((0..<700).map { _ in sampler.sample(logits) }) == Set(best))
    }

    @Test func temperatureSamplingFollowsTheSoftmax() {
        var sampler = Sampler(options: SamplingOptions(temperature: 1, topK: 0, topP: 1, seed: 9))
        var counts = [Int](repeating: 0, count: Self.logits.count)
        let draws = 20_000
        for _ in 0..<draws { counts[sampler.sample(Self.logits)] += 1 }
        let exps = Self.logits.map { Double(exp($0)) }
        let total = exps.reduce(0, +)
        for i in counts.indices {
            let expected = exps[i] / total
            #expect(abs(Double(counts[i]) / Double(draws) - expected) < 0.015, "token \(i)")
        }
    }
}
