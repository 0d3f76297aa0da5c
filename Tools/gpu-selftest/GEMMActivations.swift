import CUDA
import Foundation
import Kernels
import KernelIR
import Quantization

/// The activation side of the GEMM checks for f16 and bf16: random activations in
/// [−1, 1] (steps of 1/1000) rounded to the kernel's type, the 16-bit patterns to upload, the
/// rounded values the float64 reference multiplies (so the reference sees exactly the inputs the
/// kernel read), and the per-type tolerance.
///
/// bf16 tolerance: the kernel rounds the f16 scale to bf16 (≤ 2^−9 relative) and `(q − z)·s` to
/// bf16 (≤ 2^−9), and its output to bf16 (≤ 2^−9 of |y| ≤ Σ|x·w|): |y − ref| ≤ (2^−8 + 2^−9)·Σ|x·w|
/// plus f32 accumulation, so 6e-3·Σ|x·w| bounds it; f16 keeps the checks' 1e-3.
enum GEMMActivations {
    static func tolerance(_ type: ScalarType) -> Double { type == .bf16 ? 6e-3 : 1e-3 }

    static func encode(_ v: Float, _ type: ScalarType) -> UInt16 { type == .bf16 ? BFloat16Bits.encode(v) : Float16(v).bitPattern }
    static func decode(_ bits: UInt16, _ type: ScalarType) -> Double {
        Double(type == .bf16 ? BFloat16Bits.decode(bits) : Float(Float16(bitPattern: bits)))
    }

    /// `count` random activations as (bits, rounded values).
    static func random(_ count: Int, _ type: ScalarType, _ random: inout SplitMix) -> (bits: [UInt16], values: [Double]) {
        let bits = (0..<count).map { _ in encode(Float(Int(random.next() % 2001) - 1000) / 1000, type) }
        return (bits, bits.map { decode($0, type) })
    }

    /// Compares the outputs `y` (bits of `type`) with the float64 product `x · w`:
    /// |y − ref| ≤ tolerance(type)·Σ|x·w| + 1e-6 per output; returns ‖y − ref‖/‖ref‖ and the worst
    /// |y − ref| / Σ|x·w|, or throws naming the first mismatch.
    static func compare(_ y: [UInt16], _ type: ScalarType, x: [Double], w: [Float], m: Int, n: Int, k: Int,
                        name: String) throws -> (relative: Double, worst: Double) {
        let relative = tolerance(type)
        return try compare(y.map { decode($0, type) }, x: x, w: w, m: m, n: n, k: k, name: name) { magnitude, _ in relative * magnitude + 1e-6 }
    }

    /// Compares `got[m, n]` with the float64 product `x[m, k] · w[k, n]`, row by row: every output
    /// within `tolerance(Σ|x·w|, reference)`; returns ‖got − ref‖/‖ref‖ and the worst
    /// |got − ref| / Σ|x·w|, or throws naming the first mismatch.
    static func compare(_ got: [Double], x: [Double], w: [Float], m: Int, n: Int, k: Int, name: String,
                        tolerance: (_ magnitude: Double, _ reference: Double) -> Double) throws -> (relative: Double, worst: Double) {
        let wd = w.map { Double($0) }
        var errorSquares = 0.0, referenceSquares = 0.0, worst = 0.0
        var want = [Double](repeating: 0, count: n), magnitude = want
        for r in 0..<m {
            for i in 0..<n { want[i] = 0; magnitude[i] = 0 }
            for kk in 0..<k {
                let xv = x[r * k + kk]
                if xv == 0 { continue }
                let base = kk * n
                for col in 0..<n {
                    let product = xv * wd[base + col]
                    want[col] += product
                    magnitude[col] += abs(product)
                }
            }
            for col in 0..<n {
                let value = got[r * n + col], error = abs(value - want[col])
                let bound = tolerance(magnitude[col], want[col])
                if !(error <= bound) {
                    throw GEMMMMACheck.Failure(description: "\(name): y[\(r), \(col)] = \(value), want \(want[col]) (tolerance \(bound))")
                }
                errorSquares += error * error
                referenceSquares += want[col] * want[col]
                worst = max(worst, error / max(magnitude[col], 1e-30))
            }
        }
        return ((errorSquares / referenceSquares).squareRoot(), worst)
    }
}

/// The bf16 cases the GEMM checks add to their f16 ones: every 4-bit layout (group −1/32/64/128;
/// symmetric, v1, v2) and ragged M, N, K. Worst figures are collected per type for the summary.
struct GEMMCaseTally {
    var passed = 0, failed: [String] = []
    var worstRelative: [ScalarType: Double] = [:], worstPerMagnitude: [ScalarType: Double] = [:], counts: [ScalarType: Int] = [:]

    mutating func record(_ type: ScalarType, _ body: () throws -> (relative: Double, worst: Double)) {
        do {
            let (relative, worst) = try body()
            worstRelative[type] = max(worstRelative[type] ?? 0, relative)
            worstPerMagnitude[type] = max(worstPerMagnitude[type] ?? 0, worst)
            counts[type, default: 0] += 1
            passed += 1
        } catch {
            failed.append("\(error)")
        }
    }

    /// `f16: 40 cases, worst ‖y − ref‖/‖ref‖ 2e-4, worst |y − ref|/Σ|x·w| 3e-4 (tolerance 1e-3); bf16: …`
    var summary: String {
        [ScalarType.f16, .bf16].compactMap { t in
            guard let count = counts[t] else { return nil }
            return "\(t.name): \(count) cases, worst ‖y − ref‖/‖ref‖ \(format(worstRelative[t]!)), worst |y − ref|/Σ|x·w| "
                + "\(format(worstPerMagnitude[t]!)) (tolerance \(GEMMActivations.tolerance(t)))"
        }.joined(separator: "; ")
    }

    private func format(_ v: Double) -> String { String(format: "%.2e", v) }
}
