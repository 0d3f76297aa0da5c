import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// The project's own GPU kernels on the GPU: GPTQ dequantize, GEMV and GEMM generators
/// (`Kernels/GPTQ`, GPU convention) → KIR → `PTXCompiler` → the driver → a launch, compared
/// with a float64 reference computed from `GPTQWeight.dequantize()`, on fresh random data with
/// ragged shapes (N = 301) and NaN-poisoned outputs.
enum GPTQGPUCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// (layout, activation dtype): a common 4-bit v2 layout, a 3-bit act-order v1 layout, and
    /// an 8-bit per-channel symmetric one with f16 activations.
    static let cases: [(GPTQLayout, ScalarType)] = [
        (GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v2), .f32),
        (GPTQLayout(bits: 3, groupSize: 32, zeroPoints: .v1, actOrder: true), .f32),
        (GPTQLayout(bits: 8, groupSize: -1, zeroPoints: .symmetric, actOrder: true), .f16),
    ]

    static func generator(_ family: KernelFamily, _ spec: WeightOnlySpec) -> any KernelGenerator<TileConfig> {
        switch family {
        case .dequantize: GPTQDequantize(spec: spec)
        case .gemv: GPTQGEMV(spec: spec)
        case .gemm: GPTQGEMM(spec: spec)
        }
    }

    /// Random packed weights for `layout` (`k × n`), their dequantized floats and f16 scales.
    static func weight(_ layout: GPTQLayout, k: Int, n: Int) -> (GPTQWeight, scaleBits: [UInt16]) {
        let top = layout.maxQuantized
        let groups = layout.groupCount(k: k)
        let q = (0..<(k * n)).map { _ in Int.random(in: 0...top) }
        let lowestZero = layout.zeroPoints == .v1 ? 1 : 0  // v1 stores the zero point minus one
        let zeros = (0..<(groups * n)).map { _ in Int.random(in: lowestZero...top) }
        let scales = (0..<(groups * n)).map { _ in Float(Float16(Float(Int.random(in: 1...1000)) / 20000)) }
        var gIdx: [Int32] = []
        if layout.actOrder {
            let size = layout.effectiveGroupSize(k: k)
            gIdx = Array(0..<k).shuffled().map { Int32($0 / size) }
        }
        let packed = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: zeros, scales: scales, gIdx: gIdx)
        return (packed, scales.map { Float16($0).bitPattern })
    }

    /// Runs one family on one case; returns the variant name, or throws with the first mismatch.
    static func run(_ family: KernelFamily, _ layout: GPTQLayout, _ activation: ScalarType,
                    context: CUDAContext, gpu: GPUArchitecture) throws -> String {
        let n = 301, k = 512
        let rows = family == .gemm ? 37 : 1
        let spec = WeightOnlySpec(layout: layout, activation: activation, convention: .gpu)
        let generator = generator(family, spec)
        let config = generator.defaultConfig
        try generator.validate(config)
        let kernel = try generator.emit(config)
        let module = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu))
        let function = try module.function(named: kernel.name)

        let (packed, scaleBits) = weight(layout, k: k, n: n)
        let w = packed.dequantize()
        let half = activation == .f16
        let x = (0..<(rows * k)).map { _ in Float(Int.random(in: -1000...1000)) / 1000 }
        let xs = half ? x.map { Float(Float16($0)) } : x
        let outputs = family == .dequantize ? k * n : rows * n

        let input: any CUDAKernelArgument = half
            ? try DeviceBuffer(context: context, copying: x.map { Float16($0) })
            : try DeviceBuffer(context: context, copying: x)
        let qweight = try DeviceBuffer(context: context, copying: packed.qweight)
        let qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
        let scales = try DeviceBuffer(context: context, copying: scaleBits)
        let gIdx = try DeviceBuffer(context: context, copying: packed.gIdx.isEmpty ? [-1] : packed.gIdx)
        let outHalf = try DeviceBuffer<Float16>(context: context, count: half ? outputs : 0)
        let outFloat = try DeviceBuffer<Float>(context: context, count: half ? 0 : outputs)
        try outHalf.fill(byte: 0xFF)  // NaN: an unwritten output cannot pass
        try outFloat.fill(byte: 0xFF)
        let output: any CUDAKernelArgument = half ? outHalf : outFloat
        let arguments: [any CUDAKernelArgument] = [
            input, qweight, qzeros, scales, gIdx, output, Int64(rows), Int64(n), Int64(k),
        ]
        try function.launch(grid: Dim3(config.blocks(m: rows, n: n)), block: Dim3(config.threadsPerBlock),
                            arguments: arguments)
        try context.synchronize()
        let got = half ? try outHalf.toArray().map(Float.init) : try outFloat.toArray()

        let want: [Double], magnitude: [Double], relative: Double
        if family == .dequantize {
            want = w.map { half ? Double(Float16($0)) : Double($0) }
            magnitude = want.map(abs)
            relative = half ? 1e-3 : 1e-6
        } else {
            var y = [Double](repeating: 0, count: rows * n), mag = y
            for r in 0..<rows {
                for kk in 0..<k {
                    let xv = Double(xs[r * k + kk])
                    for c in 0..<n {
                        y[r * n + c] += xv * Double(w[kk * n + c])
                        mag[r * n + c] += abs(xv * Double(w[kk * n + c]))
                    }
                }
            }
            (want, magnitude, relative) = (y, mag, half ? 2e-3 : 1e-5)
        }
        for i in want.indices {
            let tolerance = relative * magnitude[i] + 1e-6
            if !(abs(Double(got[i]) - want[i]) <= tolerance) {
                throw Failure(description: "\(kernel.name): output \(i) = \(got[i]), want \(want[i]) (tolerance \(tolerance))")
            }
        }
        return kernel.name
    }

    /// The PTX of every variant the check runs, named by variant, for `--dump-ptx`.
    static func ptxFiles(gpu: GPUArchitecture) throws -> [(name: String, ptx: String)] {
        try cases.flatMap { layout, activation in
            try KernelFamily.allCases.map { family in
                let generator = generator(family, WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
                let kernel = try generator.emit(generator.defaultConfig)
                return (kernel.name, try PTXCompiler().ptx(kernel, gpu: gpu))
            }
        }
    }

    static let check = CUDASelfTest.Check("kir-gptq-kernels") { context in
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        var passed: [String] = [], failed: [String] = []
        for (layout, activation) in cases {
            for family in KernelFamily.allCases {
                do {
                    passed.append(try run(family, layout, activation, context: context, gpu: gpu))
                } catch {
                    failed.append("\(family) \(layout) \(activation.name): \(error)")
                }
            }
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(failed.count + passed.count) variants failed:\n  "
                + failed.joined(separator: "\n  "))
        }
        return "\(passed.count) variants (\(gpu)) match the float64 reference: " + passed.joined(separator: ", ")
    }
}
