import ArgumentParser
import Compiler
import Executor
import Foundation

/// `quantjit explain`: why selection picks what it picks.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain kernel selection: every candidate, the pick, and where its config comes from.",
        discussion: """
        Lists every registry entry in priority order with the reason it was not picked, then the
        tuning key and whether the config comes from the tuning database or the generator's
        default. For a GPU target with f16 or bf16 activations it then shows the kernel the
        executor runs for an M × N × K problem (the tensor-core decode GEMV, the wgmma or mma.sync
        GEMM): its variant, where its config comes from, and how it reads qweight. Examples:
          quantjit explain gemv --bits 4 --group-size 128 -m 1
          quantjit explain gemv --bits 4 --group-size 128 --activation f16 --target sm_90a -m 1 -n 8192 -k 8192
        """)

    @OptionGroup var kernel: KernelOptions
    @Option(name: .short, help: "Activation rows the kernel will run at (picks the tuning M bucket).") var m: Int = 1
    @Option(name: .short, help: "Output features, for the executor's GPU kernel (f16 or bf16 activations).") var n = 4096
    @Option(name: .short, help: "Input features, for the executor's GPU kernel (f16 or bf16 activations).") var k = 4096
    @Option(help: "Cache directory holding tuning.json (default: $QUANTJIT_CACHE_DIR, $XDG_CACHE_HOME/quantjit or ~/.cache/quantjit).")
    var cacheDir: String?

    func validate() throws {
        if m < 1 { throw ValidationError("-m must be positive") }
        if n < 1 || k < 1 { throw ValidationError("-n and -k must be positive") }
    }

    func run() throws {
        let request = try kernel.request
        let store = TuningStore(cacheDirectory: cacheDir)
        let db: TuningDatabase
        do { db = try store.load() } catch {
            print("warning: \(error); explaining without it")
            db = TuningDatabase()
        }
        var e = SelectionExplanation(registry: .standard, request: request, m: m, database: db,
                                     device: KernelRegistry.device(for: request.target))
        if let t = e.selected, [kernel.tileM, kernel.tileN, kernel.vectorWidth, kernel.unrollK, kernel.threadsPerBlock].contains(where: { $0 != nil }) {
            var c = t.selection.config
            if let v = kernel.tileM { c.tileM = v }
            if let v = kernel.tileN { c.tileN = v }
            if let v = kernel.vectorWidth { c.vectorWidth = v }
            if let v = kernel.unrollK { c.unrollK = v }
            if let v = kernel.threadsPerBlock { c.threadsPerBlock = v }
            try t.selection.generator.validate(c)
            e.overridden = c
        }
        print("tuning database: \(store.url.path) (\(db.records.count) record\(db.records.count == 1 ? "" : "s"))")
        print(e)
        // With f16 or bf16 activations on a GPU the executor's tensor-core kernels come first (bf16
        // has no registry kernel at all): the command fails only when neither serves the request.
        var executorServes = false
        if case .gpu(let gpu) = request.target, GPUWeightOnlyKernel.activations.contains(kernel.activationType) {
            print("")
            executorServes = explainExecutor(gpu: gpu)
        }
        if e.selected == nil && !executorServes { throw ExitCode.failure }
    }

    /// The kernel the executor runs on `gpu` for this problem (``GPUWeightOnlyKernel/choose``),
    /// which with f16 or bf16 activations is not the registry's pick above.
    /// Returns whether there is one.
    @discardableResult
    func explainExecutor(gpu: GPUArchitecture) -> Bool {
        print("executor on \(gpu.rawValue), \(kernel.activationName) activations, M=\(m) N=\(n) K=\(k) "
            + "(what quantjit route and quantjit bench --device cuda run):")
        let chosen: GPUWeightOnlyKernel
        do {
            chosen = try GPUWeightOnlyKernel.choose(layout: kernel.layout, m: m, n: n, k: k, gpu: gpu, activation: kernel.activationType)
        } catch {
            print("  no GPU kernel: \(error)")
            return false
        }
        print("  kernel: \(chosen.kind)")
        let ptx = chosen.ptxVersion(gpu)
        print("  variant: \(chosen.variantName) (PTX ISA \(ptx / 10).\(ptx % 10))")
        let fits = chosen.candidateConfigNames(m: m, n: n, k: k).count
        let source = if case .registry = chosen { "the registry generator's default" } else { "the generator's pick for this shape, measured on the H200" }
        print("  config: \(source); \(fits) candidate config\(fits == 1 ? "" : "s") fit it "
            + "(quantjit bench gemm --device cuda --all-configs times them, dump-ptx --config shows one)")
        print("  qweight: \(Self.describe(chosen.wordArrangement))")
        return true
    }

    /// How a kernel reads `qweight`, in words.
    static func describe(_ arrangement: GPUWeightOnlyKernel.WordArrangement?) -> String {
        switch arrangement {
        case nil: "GPTQ's words as packed"
        case .wgmma: "rewritten once at load into the wgmma GEMM's layout"
        case .interleaved: "interleaved words (each pair of values in activation order), rewritten once at load"
        case .interleavedStrips: "interleaved words in 32-column strips (one warp load: 512 contiguous bytes), rewritten once at load"
        case .strips: "words as packed, in 32-column strips (one warp load: 512 contiguous bytes), rewritten once at load"
        }
    }
}
