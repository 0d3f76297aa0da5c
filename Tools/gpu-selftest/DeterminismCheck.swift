import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `determinism`: the same input run 20 times gives bitwise-identical outputs, for the
/// tensor-core GPTQ GEMV (`GPTQGPUGEMV`: the configs `KernelRegistry.gpuDecodeGEMV` picks at
/// M = 1 and 16, a split-K `cp.async` ring config, whose last block adds the partials, and every
/// candidate config at 2048 × 4096), the FP8 W8A16 GEMV's picks and the tensor-core GPTQ GEMM (`GPTQGPUGEMM`: its default
/// and first `cp.async` config). Outputs are poisoned with NaN before every run and must come
/// back finite, so a launch that writes nothing cannot pass by repeating the poison.
enum DeterminismCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let runs = 20

    /// Launches `launch` `runs` times, each time over a NaN-poisoned `y`; throws when an output
    /// stays unwritten or any run differs from the first in any bit.
    static func repeated(_ name: String, y: DeviceBuffer<Float16>, context: CUDAContext, launch: () throws -> Void) throws {
        var first: [UInt16] = []
        for run in 0..<runs {
            try y.fill(byte: 0xFF)
            try launch()
            try context.synchronize()
            let bits = try y.toArray().map(\.bitPattern)
            if run == 0 {
                let unwritten = bits.filter { !Float16(bitPattern: $0).isFinite }.count
                if unwritten > 0 { throw Failure(description: "\(name): \(unwritten) outputs not finite") }
                first = bits
            } else if bits != first {
                let differing = zip(bits, first).filter { $0 != $1 }.count
                throw Failure(description: "\(name): run \(run) differs from run 0 in \(differing) of \(bits.count) outputs")
            }
        }
    }

    /// Weights, activations and scratch for one problem, on the device.
    struct Problem {
        let x: DeviceBuffer<Float16>, qweight: DeviceBuffer<Int32>, qzeros: DeviceBuffer<Int32>
        let scales: DeviceBuffer<UInt16>, gIdx: DeviceBuffer<Int32>, y: DeviceBuffer<Float16>

        init(_ layout: GPTQLayout, m: Int, n: Int, k: Int, context: CUDAContext) throws {
            var random = SplitMix()
            let (packed, scaleBits) = GEMVMMACheck.weight(layout, k: k, n: n, &random)
            x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in
                Float16(Float(Int(random.next() % 2001) - 1000) / 1000)
            })
            qweight = try DeviceBuffer(context: context, copying: packed.qweight)
            qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
            scales = try DeviceBuffer(context: context, copying: scaleBits)
            gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
            y = try DeviceBuffer<Float16>(context: context, count: m * n)
        }
    }

    static let check = CUDASelfTest.Check("determinism") { context in
        let gpu = GEMMMMACheck.gpu(context)
        let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        var names: [String] = []
        // GEMV: the executor's picks, a split-K ring config, and every candidate config.
        let gemv = GEMVMMACheck.generator(layout)
        let modules = GEMVMMACheck.Modules()
        var gemvCases: [(GPUGEMVConfig, m: Int, n: Int, k: Int)] = []
        let split = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, splits: 3, l2Prefetch: gpu == .sm_90, stages: 4,
                                  stagedActivations: false)
        for (m, n, k) in [(1, 4096, 4096), (16, 4096, 4096), (16, 2048, 14336)] {
            gemvCases += [(gemv.preferredConfig(m: m, n: n, k: k), m, n, k), (split, m, n, k)]
        }
        for c in gemv.candidateConfigs where gpu == .sm_90 || c.minimumPTX <= gpu.minimumPTX {
            gemvCases.append((c, c.maxRows == 8 ? 7 : 13, 2048, 4096))
        }
        for (c, m, n, k) in gemvCases {
            let problem = try Problem(layout, m: m, n: n, k: k, context: context)
            let f = try modules.function(gemv, c, context: context, gpu: gpu)
            let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
            let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
            try counters.fill(byte: 0)
            let name = "\(gemv.variantName(c)) \(m)×\(n)×\(k)"
            try repeated(name, y: problem.y, context: context) {
                try f.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads),
                             arguments: problem.x, problem.qweight, problem.qzeros, problem.scales, problem.gIdx, problem.y,
                             Int64(m), Int64(n), Int64(k), workspace, counters)
            }
            names.append("\(c) at \(m)×\(n)×\(k)")
        }
        // FP8 W8A16 GEMV: its picks (split-K and interleaved codes among them) over random codes.
        let fp8 = FP8GPUGEMV()
        let fp8Layout = GPTQLayout(bits: 8, groupSize: -1)
        for c in fp8.benchmarkedPicks {
            let (m, n, k) = (c.maxRows == 8 ? 7 : 13, 2048, 4096)
            let problem = try Problem(fp8Layout, m: m, n: n, k: k, context: context)
            let kernel = try fp8.emit(c)
            let f = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX)))
                .function(named: kernel.name)
            let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
            let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
            try counters.fill(byte: 0)
            try repeated("\(kernel.name) \(m)×\(n)×\(k)", y: problem.y, context: context) {
                try f.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads),
                             arguments: problem.x, problem.qweight, problem.qzeros, problem.scales, problem.gIdx, problem.y,
                             Int64(m), Int64(n), Int64(k), workspace, counters)
            }
            names.append("FP8 \(c) at \(m)×\(n)×\(k)")
            gemvCases.append((c, m, n, k))
        }
        // GEMM: the default config and the first cp.async one.
        let gemm = GEMMMMACheck.generator(layout)
        let (m, n, k) = (256, 1024, 2048)
        for c in [gemm.defaultConfig] + gemm.candidateConfigs.filter(\.async).prefix(1) {
            if let problem = gemm.unsupportedShape(m: m, n: n, k: k, config: c) {
                throw Failure(description: "\(gemm.variantName(c)): \(problem)")
            }
            let problem = try Problem(layout, m: m, n: n, k: k, context: context)
            let f = try GEMMMMACheck.function(gemm, c, context: context, gpu: gpu)
            let grid = c.grid(m: m, n: n)
            try repeated("\(gemm.variantName(c)) \(m)×\(n)×\(k)", y: problem.y, context: context) {
                try f.launch(grid: Dim3(grid.x, grid.y), block: Dim3(c.threads),
                             arguments: problem.x, problem.qweight, problem.qzeros, problem.scales, problem.gIdx, problem.y,
                             Int64(m), Int64(n), Int64(k))
            }
            names.append("GEMM \(c) at \(m)×\(n)×\(k)")
        }
        return "\(runs) runs bitwise identical for each of \(names.count) cases (\(gemvCases.count) GEMV, the rest GEMM): "
            + names.joined(separator: ", ")
    }
}
