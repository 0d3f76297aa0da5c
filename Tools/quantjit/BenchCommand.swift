import ArgumentParser
import CUDA
import Compiler
import Executor
import KernelIR
import Foundation
import Quantization

/// Where `quantjit bench` runs the kernel.
enum BenchDevice: String, ExpressibleByArgument, CaseIterable {
    case cpu, cuda
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark a weight-only GPTQ kernel on the CPU or on a CUDA GPU against the measured memory bandwidth.",
        discussion: """
        --device cpu (default): runs the registry's CPU kernel on random data whose rotated \
        copies exceed the caches, with a STREAM-like copy on the same thread count after every \
        timed call (the same load for both). Prints the median time, GB/s, GFLOP/s and the \
        fraction of the copy bandwidth.

        --device cuda: on the first GPU, picks the kernel the executor would use — the \
        tensor-core decode GEMV for M ≤ 16, the tensor-core GEMM for larger M (4-bit; N a \
        multiple of its block, K of 32), otherwise the registry's one-thread-per-column kernel — \
        with f16 activations (--activation bf16: bf16 activations and outputs, the decode GEMV's bf16 \
        variant for 2-, 4- and 8-bit weights, the tensor-core GEMMs above for 4-bit; checked with a bf16 tolerance), compiles it to PTX for the GPU's architecture (or --target), checks \
        its output once against the float64 scalar reference on the same data (sampled rows and \
        columns; every output must be finite), then times it with CUDA events: the median of \
        --repeats launches, each between its own events, the packed weights rotating through \
        about 1 GiB of copies so that no launch finds them in L2, and per launch inside a CUDA \
        graph of 20 back-to-back launches. Prints µs, TFLOP/s (2·M·N·K), GB/s (packed weights, \
        scales, zeros when asymmetric, g_idx with act-order, x and y) and the fraction of a \
        device-to-device copy's bandwidth measured in the same run. --config picks one of the \
        chosen generator's candidate configs by name, --all-configs times them all. --fp8 times \
        the weight-only FP8 GEMV (W8A16: e4m3 weights, per-channel f16 scales; f16 or bf16 \
        activations) instead, for M ≤ 16.

        Examples:
          quantjit bench gemv --bits 4 --group-size 128 -n 4096 -k 4096 --threads 2
          quantjit bench gemm --device cuda -m 1 -n 8192 -k 8192 --zero-points v1
          quantjit bench gemm --device cuda -m 4096 -n 28672 -k 8192 --config m256n128w4x2p
          quantjit bench gemm --device cuda --activation bf16 -m 4096 -n 8192 -k 8192 --zero-points v1
          quantjit bench gemv --device cuda --fp8 -m 1 -n 28672 -k 8192
          quantjit bench gemv --device cuda --fp8 --activation bf16 -m 16 -n 8192 -k 8192
          quantjit bench gemv --device cuda --activation bf16 --bits 8 --group-size 128 -m 1 -n 8192 -k 8192
        """)

    @OptionGroup var kernel: KernelOptions
    @Option(help: "Where to run: cpu or cuda (the first CUDA GPU).") var device: BenchDevice = .cpu
    @Option(name: .short, help: "Activation rows (1 for decode).") var m: Int = 1
    @Option(name: .short, help: "Output features.") var n: Int = 4096
    @Option(name: .short, help: "Input features.") var k: Int = 4096
    @Option(help: "Threads (CPU; default: all cores).") var threads: Int?
    @Option(help: "Timed repetitions (median reported).") var repeats: Int = 50
    @Option(help: "GPU: a candidate config of the chosen generator by name (e.g. r8w10c1u4p, m256n128w4x2p).") var config: String?
    @Flag(help: "Benchmark every candidate config of the selected generator.") var allConfigs = false
    @Flag(help: "GPU: weight-only FP8 weights (W8A16: e4m3 codes, per-channel f16 scales) instead of GPTQ; M ≤ 16.")
    var fp8 = false

    func validate() throws {
        if m < 1 || n < 1 || k < 1 { throw ValidationError("-m, -n and -k must be positive") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        switch device {
        case .cpu:
            if kernel.target != "cpu" { throw ValidationError("--target \(kernel.target) needs --device cuda") }
            if config != nil { throw ValidationError("--config is for --device cuda; on the CPU use --tile-n, --vector-width, …") }
            if fp8 { throw ValidationError("--fp8 benchmarks the GPU W8A16 kernel: add --device cuda") }
        case .cuda:
            if kernel.family == .dequantize { throw ValidationError("--device cuda benchmarks gemv or gemm, not dequantize") }
            if kernel.activation == "f32" {
                throw ValidationError("--device cuda runs f16 or bf16 activations (leave --activation out, or pass f16 or bf16)")
            }
            if [kernel.tileM, kernel.tileN, kernel.vectorWidth, kernel.unrollK, kernel.threadsPerBlock].contains(where: { $0 != nil }) {
                throw ValidationError("--device cuda takes --config NAME instead of tile options")
            }
            if config != nil && allConfigs { throw ValidationError("--config and --all-configs exclude each other") }
        }
    }

    func run() throws {
        switch device {
        case .cpu: try runCPU()
        case .cuda: try runCUDA()
        }
    }

    func runCPU() throws {
        let threads = GridRunner(threads: self.threads).threads
        print("host: \(CPUCompiler.hostDescription), \(threads) thread\(threads == 1 ? "" : "s"), LLVM \(LLVMTargets.version)")
        let memory = MemoryBandwidth(threads: threads)
        print(String(format: "memory: STREAM-like copy %.1f GB/s before the kernels (median of 10, 256 MiB)", memory.copyGBps()))
        let base = try kernel.selection()
        var selections = [base]
        if allConfigs {
            selections = base.generator.candidateConfigs.map { var s = base; s.config = $0; return s }
        }
        print("shape: M=\(m) N=\(n) K=\(k)")
        print("variant                                              compile    median       min       GB/s  GFLOP/s   copy GB/s  of copy")
        for s in selections {
            // A copy sample after every timed call: the fraction compares like with like.
            let memory = MemoryBandwidth(threads: threads)
            let r = try WeightOnlyBenchmark(selection: s, m: m, n: n, k: k, threads: threads, repeats: repeats)
                .run { memory.sample() }
            let copy = memory.medianGBps
            print(String(format: "%@ %7.1f ms %7.1f µs %7.1f µs %8.1f %8.1f %10.1f %7.1f%%",
                         r.variant.padding(toLength: 52, withPad: " ", startingAt: 0), r.compileSeconds * 1e3,
                         r.medianSeconds * 1e6, r.minSeconds * 1e6, r.gbps, r.gflops, copy, 100 * r.gbps / copy))
        }
    }

    func runCUDA() throws {
        let devices = Result { try CUDA.devices() }
        guard let gpuDevice = try? devices.get().first else {
            let reason = CUDA.unavailableReason ?? (try? devices.get()).map { _ in "no CUDA device found" } ?? "\(devices)"
            FileHandle.standardError.write(Data("error: bench --device cuda needs a CUDA GPU: \(reason)\n".utf8))
            throw ExitCode.failure
        }
        let gpu = kernel.target == "cpu" ? gpuArchitecture(for: gpuDevice) : try GPUArchitecture.named(kernel.target)
        let context = try CUDAContext(device: gpuDevice)
        let stream = try CUDAStream(context: context)
        print("device: \(gpuDevice)")
        print("PTX for \(gpu.rawValue), LLVM \(LLVMTargets.version)")
        let copy = try GPUCopyBandwidth.measure(context: context, stream: stream)
        print(String(format: "memory: device-to-device copy %.0f GB/s (read + write, 2 GiB, median of 10)", copy))
        let layout = kernel.layout
        let activation: ScalarType = kernel.activation == "bf16" ? .bf16 : .f16
        func choose(_ name: String?) throws -> GPUWeightOnlyKernel {
            fp8 ? try GPUWeightOnlyKernel.chooseFP8(m: m, n: n, k: k, activation: activation, configName: name)
                : try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: n, k: k, gpu: gpu, activation: activation, configName: name)
        }
        let chosen = try choose(config)
        let format = fp8 ? "FP8 e4m3 per-channel" : "\(WeightFormat.gptq(layout))"
        print("shape: M=\(m) N=\(n) K=\(k), \(format), \(chosen.activation.name) activations; \(chosen.kind)")
        let kernels = allConfigs ? try chosen.candidateConfigNames(m: m, n: n, k: k).map(choose) : [chosen]
        let bench = GPUWeightOnlyBenchmark(layout: layout, m: m, n: n, k: k, repeats: repeats)
        print("variant                                                  compile   median µs    min µs  graph µs   TFLOP/s      GB/s  of copy  check")
        for kernel in kernels {
            let r = try bench.run(kernel, context: context, stream: stream, gpu: gpu)
            let graph = r.graphSeconds.map { String(format: "%9.1f", $0 * 1e6) } ?? "        -"
            print(String(format: "%@ %7.1f ms %10.1f %9.1f %@ %9.2f %9.0f %7.1f%%  %d outputs, worst %.1e",
                         r.variant.padding(toLength: 56, withPad: " ", startingAt: 0), r.compileSeconds * 1e3,
                         r.medianSeconds * 1e6, r.minSeconds * 1e6, graph, r.tflops, r.gbps, 100 * r.gbps / copy,
                         r.checkedOutputs, r.worstError))
        }
        print("(bytes per call: weights + scales + zeros when asymmetric + g_idx with act-order + x + y; "
              + "weights rotate through \(bench.workingSet >> 20) MiB of copies; median of \(repeats) event-timed launches)")
    }
}
