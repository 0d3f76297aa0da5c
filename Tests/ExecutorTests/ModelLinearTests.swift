import Foundation
import Testing
import Checkpoint
import Quantization
@testable import Executor

/// The reference linear layer against a float64 product with the dequantized weights, on the
/// tiny model's tensors of every format (ragged batch sizes, poisoned outputs).
@Suite struct ModelLinearTests {
    @Test func matchesFloat64Reference() throws {
        let file = try ModelTinyLlamaTests.file()
        var generator = SeededGenerator(seed: 5)
        for tensor in file.tensors where tensor.dimensions.count == 2 && tensor.name != "token_embd.weight" {
            let layer = try ReferenceGGUFLinear(tensor: tensor, in: file, threads: ThreadPool(threads: 3))
            let weights = try file.floats(of: tensor)
            for rows in [1, 3] {
                let x = (0..<(rows * layer.inputCount)).map { _ in Float.random(in: -1...1, using: &generator) }
                var y = [Float](repeating: .nan, count: rows * layer.outputCount)
                x.withUnsafeBufferPointer { xb in y.withUnsafeMutableBufferPointer { layer.apply(x: xb.baseAddress!, rows: rows, y: $0.baseAddress!) } }
                var worst: Double = 0
                for r in 0..<rows {
                    for o in 0..<layer.outputCount {
                        var exact: Double = 0, scale: Double = 0
                        for i in 0..<layer.inputCount {
                            let term = Double(weights[o * layer.inputCount + i]) * Double(x[r * layer.inputCount + i])
                            exact += term
                            scale += abs(term)
                        }
                        worst = max(worst, abs(Double(y[r * layer.outputCount + o]) - exact) / max(scale, 1e-30))
                    }
                }
                #expect(worst < 1e-5, "\(tensor.name) (\(tensor.type.name)), \(rows) rows: relative error \(worst)")
            }
        }
    }

    @Test func tilesAndSingleDotsSumAlike() {
        let count = 77
        let a = (0..<count).map { Float($0 % 13) * 0.37 - 1 }
        let b = (0..<(4 * count)).map { Float($0 % 29) * 0.11 - 1.5 }
        let four = a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { dotProduct4(a.baseAddress!, $0.baseAddress!, count) } }
        for t in 0..<4 {
            let single = a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { dotProduct(a.baseAddress!, $0.baseAddress! + t * count, count) } }
            #expect(four[t].bitPattern == single.bitPattern)
        }
    }
}
