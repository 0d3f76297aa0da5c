import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `fp8-gemv-mma`: the weight-only FP8 GEMV (`Kernels/GPU/FP8GPUGEMV`, e4m3 weights,
/// per-channel f16 scales, f16 and bf16 activations) against a float64 reference built from
/// `MiniFloat.float8E4M3FN.decode`: random codes over the whole e4m3 range (NaN codes left
/// out), N = 1000, K = 1024 and K = 1000 (a ragged K block), M from 1 to 16, six configs
/// (8 and 16 rows, two column words, split-K, two with the codes in 32-column strips — the
/// last strip 8 columns wide), NaN-poisoned outputs; |y − ref| ≤ 1e-3·Σ|x·w|,
/// plus 2^−8·|ref| for bf16 outputs (8 significant bits; the weights enter the bf16 `mma`
/// exactly), bf16 both through f32 and with the subnormal `fma` (`d`). One more case per variant
/// draws subnormal codes only (exponent 0), which a flush to zero anywhere in the conversion
/// would turn into zero outputs.
enum FP8GEMVCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ c: GPUGEMVConfig, m: Int, n: Int, k: Int, activation: ScalarType = .f16, subnormalOnly: Bool = false,
                    context: CUDAContext, gpu: GPUArchitecture) throws -> Double {
        let g = FP8GPUGEMV(activation: activation)
        let bf16 = activation == .bf16
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) {
            throw Failure(description: "\(g.variantName(c)) \(m)×\(n)×\(k): \(problem)")
        }
        let kernel = try g.emit(c)
        let function = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX)))
            .function(named: kernel.name)
        var random = SplitMix()
        let codes = (0..<(n * k)).map { _ -> UInt8 in
            let code = UInt8(truncatingIfNeeded: random.next())
            if subnormalOnly { return code & 0x87 }  // sign and mantissa, exponent 0
            return code & 0x7F == 0x7F ? code & 0xF0 : code  // no NaN codes
        }
        let scales = (0..<n).map { _ in Float16(Float(random.next() % 1000 + 1) / 100_000) }
        // x as 16-bit patterns of the activation type; `xValues` what they hold.
        let xValues = (0..<(m * k)).map { _ in Float(Int(random.next() % 2001) - 1000) / 1000 }
            .map { bf16 ? BFloat16Bits.decode(BFloat16Bits.encode($0)) : Float(Float16($0)) }
        let x = xValues.map { bf16 ? BFloat16Bits.encode($0) : Float16($0).bitPattern }
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)
        let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
        try counters.fill(byte: 0)
        try function.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads),
                            arguments: try DeviceBuffer(context: context, copying: x),
                            try DeviceBuffer(context: context, copying: g.geometry.weightWords(FP8GPUGEMV.pack(codes: codes, n: n, k: k), n: n, config: c)),
                            try DeviceBuffer<Int32>(context: context, copying: [-1]),
                            try DeviceBuffer(context: context, copying: scales.map(\.bitPattern)),
                            try DeviceBuffer<Int32>(context: context, copying: [-1]), y, Int64(m), Int64(n), Int64(k),
                            workspace, counters)
        try context.synchronize()
        let got = try y.toArray().map { bf16 ? BFloat16Bits.decode($0) : Float(Float16(bitPattern: $0)) }
        let decoded = codes.map { Double(MiniFloat.float8E4M3FN.decode($0)) }
        var errorSquares = 0.0, referenceSquares = 0.0
        for row in 0..<m {
            for col in 0..<n {
                var want = 0.0, magnitude = 0.0
                let s = Double(Float(scales[col]))
                for kk in 0..<k {
                    let product = Double(xValues[row * k + kk]) * decoded[col * k + kk] * s
                    want += product
                    magnitude += abs(product)
                }
                let value = Double(got[row * n + col])
                let tolerance = 1e-3 * magnitude + (bf16 ? abs(want) / 256 : 0) + (subnormalOnly ? 1e-12 : 1e-6)
                if !(abs(value - want) <= tolerance) {
                    throw Failure(description: "\(kernel.name) \(m)×\(n)×\(k): y[\(row), \(col)] = \(value), want \(want) (tolerance \(tolerance))")
                }
                errorSquares += (value - want) * (value - want)
                referenceSquares += want * want
            }
        }
        return (errorSquares / referenceSquares).squareRoot()
    }

    /// The default variant's PTX, for `--dump-ptx`.
    static func ptxFiles(gpu: GPUArchitecture) throws -> [(name: String, ptx: String)] {
        let g = FP8GPUGEMV(), c = g.defaultConfig
        return [(g.variantName(c), try PTXCompiler().ptx(try g.emit(c), gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX)))]
    }

    static let check = CUDASelfTest.Check("fp8-gemv-mma") { context in
        let gpu: GPUArchitecture = context.device.computeCapability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let configs = [GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, prefetch: true),
                       GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 4, prefetch: false),
                       GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3),
                       GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8, prefetch: true),
                       GEMVMMACheck.stripsOnly(GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, prefetch: true)),
                       GEMVMMACheck.stripsOnly(GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3)),
                       GEMVMMACheck.strips(GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, prefetch: true)),
                       GEMVMMACheck.interleaved(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, splits: 4, registerMagic: true,
                                                              columnWarps: 4, activationStages: 2))]
        var failed: [String] = [], worst = 0.0, passed = 0
        // f16, bf16 through f32, bf16 with the subnormal fma (`d`).
        for (activation, subnormal) in [(ScalarType.f16, false), (.bf16, false), (.bf16, true)] {
            for (index, plain) in configs.enumerated() {
                var c = plain
                c.subnormalBF16 = subnormal
                for (m, k) in [([1, 16, 11, 5, 2, 13, 8, 16][index], 1024), ([7, 9, 16, 3, 6, 14, 3, 10][index], 1000)] {
                    do {
                        worst = max(worst, try run(c, m: m, n: 1000, k: k, activation: activation, context: context, gpu: gpu))
                        passed += 1
                    } catch {
                        failed.append("\(error)")
                    }
                }
            }
            // The picks (``FP8GPUGEMV/preferredConfig(m:n:k:)``) of the three benchmark shapes at
            // M = 1 and 16, on a ragged shape.
            if !subnormal {
                for (index, c) in FP8GPUGEMV(activation: activation).benchmarkedPicks.enumerated() {
                    let m = c.maxRows == 16 ? [16, 9][index % 2] : [1, 8][index % 2]
                    do {
                        worst = max(worst, try run(c, m: m, n: 1000, k: index % 2 == 0 ? 1024 : 1000, activation: activation,
                                                   context: context, gpu: gpu))
                        passed += 1
                    } catch {
                        failed.append("pick \(c): \(error)")
                    }
                }
            }
            do {
                var c = configs[1]
                c.subnormalBF16 = subnormal
                worst = max(worst, try run(c, m: 16, n: 1000, k: 1024, activation: activation, subnormalOnly: true,
                                           context: context, gpu: gpu))
                passed += 1
            } catch {
                failed.append("subnormal codes only: \(error)")
            }
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(failed.count + passed) cases failed:\n  " + failed.joined(separator: "\n  "))
        }
        return "\(passed) cases (\(gpu), f16, bf16 and bf16 d, \(configs.count) configs and the picks, K = 1024 and 1000, one of subnormal codes per type) match the float64 reference "
            + "(worst ‖y − ref‖/‖ref‖ \(worst))"
    }
}
