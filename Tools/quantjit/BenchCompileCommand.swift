import ArgumentParser
import Compiler
import Executor
import Foundation
import KernelIR

struct BenchCompile: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-compile",
        abstract: "Median time to JIT-compile one CPU variant and to emit PTX for one GPU variant.",
        discussion: """
        Emits the kernel once, then repeats the whole compile (KIR passes, lowering, LLVM
        default<O3>, object code and JIT linking for the CPU; PTX text for the GPU).
        Example: quantjit bench-compile gemv --bits 4 --group-size 128 --gpu sm_90
        """)

    @OptionGroup var kernel: KernelOptions
    @Option(help: "GPU architecture for the PTX half.") var gpu: String = "sm_90"
    @Option(help: "Repetitions (median reported).") var repeats: Int = 20
    @Option(help: "LLVM pass pipeline for both targets.") var llvmPipeline: String = "default<O3>"

    func validate() throws {
        if kernel.target != "cpu" { throw ValidationError("leave --target at cpu; --gpu picks the PTX architecture") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let cpuSelection = try kernel.selection()
        var gpuOptions = kernel
        gpuOptions.target = gpu
        gpuOptions.vectorWidth = nil
        gpuOptions.tileN = nil
        let gpuSelection = try gpuOptions.selection()
        guard case .gpu(let arch) = try ExecutionTarget.named(gpu) else { throw ValidationError("--gpu must name a GPU") }
        let cpuKernel = try cpuSelection.emit(), gpuKernel = try gpuSelection.emit()
        var emitTimes: [Double] = [], cpuTimes: [Double] = [], ptxTimes: [Double] = []
        for _ in 0..<repeats {
            emitTimes.append(try Timing.measure { _ = try cpuSelection.emit() })
            cpuTimes.append(try Timing.measure { _ = try CPUCompiler(llvmPipeline: llvmPipeline).compile(cpuKernel) })
            ptxTimes.append(try Timing.measure { _ = try PTXCompiler(llvmPipeline: llvmPipeline).ptx(gpuKernel, gpu: arch) })
        }
        func ms(_ xs: [Double]) -> String {
            String(format: "median %6.2f ms  min %6.2f ms", Timing.median(xs) * 1e3, (xs.min() ?? .nan) * 1e3)
        }
        print("host: \(CPUCompiler.hostDescription), LLVM \(LLVMTargets.version), \(repeats) repetitions")
        print("emit KIR   \(cpuSelection.variantName.padding(toLength: 48, withPad: " ", startingAt: 0)) \(ms(emitTimes))")
        print("CPU JIT    \(cpuSelection.variantName.padding(toLength: 48, withPad: " ", startingAt: 0)) \(ms(cpuTimes))")
        print("PTX \(arch.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(gpuSelection.variantName.padding(toLength: 48, withPad: " ", startingAt: 0)) \(ms(ptxTimes))")
    }
}
