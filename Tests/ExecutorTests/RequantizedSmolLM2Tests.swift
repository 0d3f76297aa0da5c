import Foundation
import Testing
import Checkpoint
@testable import Executor

/// SmolLM2 with every linear weight re-quantized at load (``RequantizingLinearFactory``) and
/// run on the routed INT8 W8A8, FP8-weight and GPTQ kernels: a real model through those
/// kernels, checked against llama.cpp's logits of the original Q4_1 model over the
/// teacher-forced passage. Re-quantizing changes the weights, so agreement is below the
/// original's; a kernel or routing bug (a wrong scale, a transposed or misgrouped weight, a
/// broken activation quantizer) drops it to near zero.
@Suite(.enabled(if: ModelSupport.modelAvailable && GGUFHostSupport.int8Available, Comment(rawValue: ModelSupport.skipMessage)), .serialized)
struct RequantizedSmolLM2Tests {
    /// Measured 2026-11-30 (top-1, mean |Δlogit|): int8-w8a8 0.901, 0.46; fp8 0.881, 0.40; w4g32
    /// 0.601, 1.22 (RTN widens each group's range to include 0, which Q4_1's min/scale blocks
    /// do not, so 4-bit re-quantization loses the most). The bounds leave room for rounding
    /// differences across hosts.
    static let bounds: [RequantizationScheme: (top1: Double, meanDelta: Double)] = [
        .int8: (0.85, 0.6), .fp8: (0.83, 0.55), .w4g32: (0.5, 1.5),
    ]

    @Test(arguments: RequantizationScheme.allCases)
    func requantizedModelStaysCloseToLlamaCpp(scheme: RequantizationScheme) throws {
        let model = try LlamaModel(file: try ModelSupport.file(), factory: RequantizingLinearFactory(scheme: scheme, cache: GGUFKernelCache()),
                                   threads: ThreadPool(threads: 2))
        let passage = try ModelSupport.reference().passage
        let vocabulary = model.config.vocabularySize
        let logits = try model.forward(tokens: passage.ids, cache: model.makeCache(capacity: passage.ids.count), logits: .all)
        var agree = 0, delta = 0.0, count = 0
        for (position, top) in passage.top5.enumerated() {
            let row = logits[(position * vocabulary)..<((position + 1) * vocabulary)]
            if Sampler.argmax(row) == top.ids[0] { agree += 1 }
            for (id, expected) in zip(top.ids, top.logits) {
                delta += Double(abs(row[row.startIndex + id] - expected))
                count += 1
            }
        }
        let top1 = Double(agree) / Double(passage.top5.count), mean = delta / Double(count)
        print("requantized \(scheme.rawValue): top-1 agreement with llama.cpp (original Q4_1) \(top1), mean |Δlogit| of its top-5 \(mean)")
        let bound = try #require(Self.bounds[scheme])
        #expect(top1 >= bound.top1)
        #expect(mean <= bound.meanDelta)
    }
}
