import Foundation
import ArgumentParser
import Compiler
import Executor
import KernelIR
import Kernels

struct DumpKIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-kir",
        abstract: "Print the KIR of a kernel variant (after the KIR pass pipeline unless --raw).")

    @OptionGroup var kernel: KernelOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Print the kernel as the generator emitted it, before any pass.") var raw = false
    @Option(help: "Print the kernel after this pass (one of: \(PassPipeline.standard.names.joined(separator: ", "))).")
    var dumpAfter: String?

    func run() throws {
        let selection = try kernel.selection()
        let emitted = try selection.emit()
        if raw { return try output.write(Printer.print(emitted)) }
        if let pass = dumpAfter, !PassPipeline.standard.names.contains(pass) {
            throw ValidationError("unknown pass '\(pass)'; passes: \(PassPipeline.standard.names.joined(separator: ", "))")
        }
        var text = ""
        let final = try PassPipeline.standard.run(emitted) { name, k in if name == dumpAfter { text = Printer.print(k) } }
        try output.write(dumpAfter == nil ? Printer.print(final) : text)
    }
}

struct DumpIR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-ir",
        abstract: "Print the LLVM IR of a kernel variant for its target (optimized unless --unoptimized).")

    @OptionGroup var kernel: KernelOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Print the IR before LLVM's default<O3> pipeline.") var unoptimized = false
    @Option(help: "PTX ISA version ×10 for GPU targets (e.g. 78); default: the target's minimum.") var ptx: Int?

    func run() throws {
        let selection = try kernel.selection()
        let k = try selection.emit()
        switch try ExecutionTarget.named(kernel.target) {
        case .cpu: try output.write(try CPUCompiler().llvmIR(k, optimized: !unoptimized))
        case .gpu(let arch): try output.write(try PTXCompiler().llvmIR(k, gpu: arch, ptx: ptx, optimized: !unoptimized))
        }
    }
}

struct DumpPTX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-ptx",
        abstract: "Print the PTX of a kernel variant.",
        discussion: """
        With f16 or bf16 activations and -m, the kernel the executor runs for an M × N × K problem: the \
        tensor-core decode GEMV for M ≤ 16 (f16 or bf16, 2-, 4- and 8-bit weights), \
        for larger M the wgmma GEMM on sm_90a or the mma.sync GEMM, else the generic kernel (f16). Without -m \
        (or with f32 activations), the registry's generic variant of the family.
        Examples: quantjit dump-ptx gemv --bits 4 --group-size 128 --target sm_90
                  quantjit dump-ptx gemm --bits 4 --group-size 128 --activation f16 --target sm_90a -m 4096 -n 8192 -k 8192
                  quantjit dump-ptx gemm --bits 4 --group-size 128 --activation bf16 --target sm_90a -m 4096 -n 8192 -k 8192
                  quantjit dump-ptx gemv --bits 4 --group-size 128 --activation f16 --target sm_90 -m 16 -n 28672 -k 8192 \
        --config r16w8n4c1u8pmx2i
        --config names another candidate of the chosen generator (the names `quantjit bench --device cuda \
        --all-configs` prints; a GEMV config with `i` reads interleaved qweight words, with `iy` interleaved words in \
        32-column strips, which the executor writes at load).
        (quantjit route CHECKPOINT --target sm_90a --dump-ptx DIR writes every kernel a checkpoint is routed to.)
        --cut mma,dequantization,activation-bytes,activation-loads prints a decode GEMV with those parts of its loop \
        left out: a timing bound that computes wrong results (what `quantjit-gpu-selftest --bench-gemv` times with \
        QUANTJIT_GEMV_CUT), under a kernel name of its own.
        """)

    @OptionGroup var kernel: KernelOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "PTX ISA version ×10 (e.g. 78, 80, 85); default: what the kernel needs on the target.") var ptx: Int?
    @Option(name: .short, help: "Rows (tokens): pick the kernel the executor runs for this M (needs --activation f16 or bf16).") var m: Int?
    @Option(name: .short, help: "Output features, with -m.") var n = 4096
    @Option(name: .short, help: "Input features, with -m.") var k = 4096
    @Option(help: "With -m: a candidate config of the chosen generator by name (e.g. r16w8n4c1u8pmx2i, w4n128s3p1e).") var config: String?
    @Option(help: "With -m, for a decode GEMV: parts of its loop to leave out, a timing bound with wrong results (mma, dequantization, activation-bytes, activation-loads; comma-separated).") var cut: String?

    func validate() throws {
        if kernel.target == "cpu" { throw ValidationError("dump-ptx needs a GPU target: --target sm_80, sm_89, sm_90 or sm_90a") }
        if config != nil && m == nil { throw ValidationError("--config names a candidate of the kernel chosen for -m: give -m") }
        if let m, m < 1 || n < 1 || k < 1 { throw ValidationError("-m, -n and -k must be positive") }
        if m != nil && !["f16", "bf16"].contains(kernel.activationName) {
            throw ValidationError("-m picks the executor's tensor-core kernels, which take --activation f16 or bf16")
        }
        if m == nil && kernel.activationName == "bf16" { throw ValidationError("bf16 activations need -m (the executor's tensor-core kernels)") }
        if cut != nil && m == nil { throw ValidationError("--cut takes the decode GEMV chosen for -m: give -m") }
        if let cut {
            do { _ = try GPUGEMVCuts(names: cut) } catch { throw ValidationError("--cut: \(error)") }
        }
    }

    func run() throws {
        guard case .gpu(let arch) = try ExecutionTarget.named(kernel.target) else { return }
        if let m {
            let chosen = try GPUWeightOnlyKernel.choose(layout: kernel.layout, m: m, n: n, k: k, gpu: arch, activation: kernel.activationType,
                                                        configName: config)
            let cuts = try cut.map { try GPUGEMVCuts(names: $0) } ?? []
            let emitted = try chosen.emitBound(cutting: cuts)
            FileHandle.standardError.write(Data("\(emitted.name): \(chosen.kind)\(cuts.isEmpty ? "" : ", timing bound without \(cuts) (wrong results)")\n".utf8))
            return try output.write(try PTXCompiler().ptx(emitted, gpu: arch, ptx: ptx ?? chosen.ptxVersion(arch)))
        }
        let k = try kernel.selection().emit()
        try output.write(try PTXCompiler().ptx(k, gpu: arch, ptx: ptx))
    }
}

struct ListKernels: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernels",
        abstract: "List the kernel generators in selection priority order, with what each supports.")

    func run() {
        print("priority  family      generator          supports")
        for (i, e) in KernelRegistry.standard.entries.enumerated() {
            let pad = { (s: String, n: Int) in s.padding(toLength: n, withPad: " ", startingAt: 0) }
            print("\(pad(String(i + 1), 10))\(pad(e.family.rawValue, 12))\(pad(e.name, 19))\(e.supportSummary)")
        }
    }
}
