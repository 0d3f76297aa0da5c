import ArgumentParser
import Compiler
import Executor
import KernelIR

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
        discussion: "Example: quantjit dump-ptx gemv --bits 4 --group-size 128 --target sm_90")

    @OptionGroup var kernel: KernelOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "PTX ISA version ×10 (e.g. 78, 80, 85); default: the target's minimum.") var ptx: Int?

    func validate() throws {
        if kernel.target == "cpu" { throw ValidationError("dump-ptx needs a GPU target: --target sm_80, sm_89, sm_90 or sm_90a") }
    }

    func run() throws {
        guard case .gpu(let arch) = try ExecutionTarget.named(kernel.target) else { return }
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
