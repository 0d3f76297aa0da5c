import ArgumentParser
import Checkpoint
import Compiler
import Executor
import Foundation

/// `quantjit route PATH`: the route the executor gives each linear module of a safetensors
/// checkpoint (INT8 W8A8, FP8 weights, dense, or why none), the kernel variants it compiles,
/// and with `--compile` the JIT time of building every layer. The logic lives in
/// `Executor.LinearRouter` / `CheckpointLinearFactory`.
struct Route: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which kernels the executor routes each module of a checkpoint to.",
        discussion: """
        On the CPU: GPTQ, AWQ and compressed-tensors weight-only checkpoints take the GPTQ GEMV/GEMM (other layouts \
        repacked at load); INT8 W8A8 checkpoints (compressed-tensors int-quantized with int8 activations, w8a8_int8) \
        take the activation quantizer and the AVX-512 VNNI int8 GEMV/GEMM; FP8 checkpoints (fp8, fbgemm_fp8, modelopt, \
        compressed-tensors float-quantized) take the FP8-weight GEMV/GEMM, weights decoded in registers (no FP8 \
        arithmetic on the CPU: activations stay f32). On a GPU: the repack kernel at load where needed, the \
        tensor-core GPTQ GEMV (M ≤ 16) and GEMM (wgmma on sm_90a), the int8/FP8 W8A8 GEMMs after the device \
        activation quantizer (wgmma for M ≥ 1024 on sm_90a), the FP8 W8A16 GEMV on sm_80. Modules no route serves \
        are listed with the reason.
        """
    )

    @Argument(help: "A checkpoint directory (config.json + *.safetensors) or a .safetensors file.")
    var path: String

    @Option(help: "Where the kernels run: cpu, or a GPU (sm_80, sm_89, sm_90, sm_90a).")
    var target = "cpu"

    @Flag(help: "Build every routed layer (reads the weights, JIT-compiles the kernels) and report the time; on a GPU target, compile every kernel of the plans to PTX.")
    var compile = false

    @Option(name: .customLong("dump-ptx"), help: ArgumentHelp("With a GPU target: write the PTX of every kernel of the plans into this directory, one VARIANT.ptx each.", valueName: "dir"))
    var dumpPTX: String?

    @Option(help: "Threads for the layers built by --compile.")
    var threads = 2

    func run() throws {
        let target = try ExecutionTarget.named(self.target)
        let checkpoint = try QuantizedCheckpoint(path: path)
        let factory = CheckpointLinearFactory(target: target, cache: GGUFKernelCache())
        let plan = factory.plan(checkpoint)
        var unsupported = 0
        for (module, route) in plan {
            print("\(module.name)  [\(module.n)×\(module.k)]")
            print("  \(route)")
            if case .unsupported = route { unsupported += 1 }
            for name in route.variantNames { print("    kernel \(name)") }
        }
        print("\(plan.count) modules, \(plan.count - unsupported) routed, \(unsupported) without a route on \(target)")
        guard compile || dumpPTX != nil else { return }
        if case .gpu(let gpu) = target { return try compilePTX(plan.map(\.route), gpu: gpu) }
        guard compile else { throw ValidationError("--dump-ptx needs a GPU target (--target sm_80, sm_89, sm_90, sm_90a)") }
        let start = Date()
        var built = 0
        for (module, route) in plan {
            if case .unsupported = route { continue }
            _ = try factory.makeLinear(module, in: checkpoint, threads: ThreadPool(threads: threads))
            built += 1
            FileHandle.standardError.write(Data("\rbuilt \(built) of \(plan.count - unsupported) layers".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let stats = factory.cache.statistics
        print(String(format: "built %d layers in %.2f s (JIT: %d kernel variants in %.2f s)", built, Date().timeIntervalSince(start),
                     stats.variants, stats.seconds))
    }

    /// Compiles every distinct kernel of the GPU plans to PTX, as the executor does at load.
    func compilePTX(_ routes: [LinearRoute], gpu: GPUArchitecture) throws {
        var stages: [String: GPULinearPlan.Stage] = [:]
        for case .gpu(let plan) in routes { for s in plan.stages { stages[s.variant] = s } }
        let start = Date()
        var bytes = 0
        for (i, (_, stage)) in stages.sorted(by: { $0.key < $1.key }).enumerated() {
            let ptx = try PTXCompiler().ptx(try stage.emit(), gpu: gpu, ptx: stage.ptx)
            bytes += ptx.utf8.count
            if let dumpPTX {
                try FileManager.default.createDirectory(atPath: dumpPTX, withIntermediateDirectories: true)
                try ptx.write(toFile: "\(dumpPTX)/\(stage.variant).ptx", atomically: true, encoding: .utf8)
            }
            FileHandle.standardError.write(Data("\rcompiled \(i + 1) of \(stages.count) kernels".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        print(String(format: "compiled %d distinct kernels to PTX for %@ in %.2f s (%d KiB of PTX)%@", stages.count, gpu.rawValue,
                     Date().timeIntervalSince(start), bytes / 1024, dumpPTX.map { ", written to \($0)" } ?? ""))
    }
}
