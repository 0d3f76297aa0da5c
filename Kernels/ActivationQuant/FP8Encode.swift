import KernelIR
import Quantization

/// Casts `x[n]` (f32 or f16) to FP8 e4m3fn codes `q[n]`: round to nearest even, NaN kept
/// (with its sign), overflow saturated to ±448 or turned to NaN — ``MiniFloat/encode(_:saturating:)``
/// bit for bit. Parameters: `x`, `q: f8e4m3`, `n: i64`. A CPU program covers
/// ``elementsPerProgram`` elements; a GPU thread one element.
public struct FP8E4M3Encode: Sendable {
    public var input: ScalarType
    public var saturating: Bool
    public var convention: KernelConvention
    /// SIMD lanes per vector on the CPU.
    public var vectorWidth: Int

    public init(input: ScalarType = .f32, saturating: Bool, convention: KernelConvention = .cpuGrid, vectorWidth: Int = 16) {
        self.input = input
        self.saturating = saturating
        self.convention = convention
        self.vectorWidth = convention == .gpu ? 1 : vectorWidth
    }

    /// Elements of one CPU program.
    public var elementsPerProgram: Int { 64 * vectorWidth }
    public func programs(n: Int) -> Int { (n + elementsPerProgram - 1) / elementsPerProgram }

    public var variantName: String {
        "fp8e4m3_encode_\(input.name)_\(saturating ? "sat" : "nonsat")_\(convention == .gpu ? "gpu" : "cpu_v\(vectorWidth)")"
    }

    public func emit() throws -> Kernel {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "fp8e4m3_encode", message: m) }
        if !ActivationQuantSpec.supportedInputs.contains(input) { throw fail("input dtype \(input.name) is not one of f32, f16") }
        if ![1, 4, 8, 16, 32].contains(vectorWidth) { throw fail("vectorWidth \(vectorWidth) must be 1, 4, 8, 16 or 32") }
        let b = KernelBuilder(name: variantName, convention: convention)
        let x = b.parameter("x", .pointer(input)), q = b.parameter("q", .pointer(.fp8e4m3)), n = b.parameter("n", .i64)
        func convert(_ i: Value, lanes: Int) {
            let bits = FloatBits.e4m3Bits(x.load(i, lanes: lanes).convert(.f32), saturating: saturating)
            q.store(bits.convert(.i8).bitcast(to: .vector(.fp8e4m3, lanes)), at: i)
        }
        if convention == .gpu {
            let id = (b.blockIndex() * b.blockSize() + b.threadIndex()).convert(.i64, unsigned: true)
            b.if(id.compare(.lt, n)) { convert(id, lanes: 1) }
            return b.finish()
        }
        let lo = b.programID() * elementsPerProgram
        let hi = (lo + elementsPerProgram).min(n)
        let vectorEnd = lo + ((hi - lo) / vectorWidth) * vectorWidth
        b.loop(lo, vectorEnd, step: b.constant(vectorWidth, .i64)) { convert($0, lanes: vectorWidth) }
        b.loop(vectorEnd, hi) { convert($0, lanes: 1) }
        return b.finish()
    }
}
