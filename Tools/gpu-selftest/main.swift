// quantjit-gpu-selftest: runs the CUDA module's self-test (the checks of Tests/CUDATests) from
// a static binary, for the GPU machine, which has no Swift runtime for a test bundle.
// Prints one line per check and closes with "N passed, M failed"; exits 1 on any failure,
// 2 when no CUDA driver is found.
#if canImport(Glibc)
import Glibc
#endif
import CUDA
import Compiler
import Kernels
import Quantization

/// The CUDA module's checks, then the LLVM → PTX → driver check of this binary, then the
/// project's GPTQ kernels (KIR → PTX) on the GPU.
let allChecks = CUDASelfTest.checks + [LLVMPTXCheck.check, GPTQGPUCheck.check, GEMVMMACheck.check, GEMVMMACheck.memcheck,
                                              GEMVMMACheck.candidates, GEMVMMABF16Check.check, DeterminismCheck.check,
                                              GEMMMMACheck.check, GEMMMMACheck.asyncCheck, GEMMMMAWGMMACheck.check, GEMMMMABF16ExecutorCheck.check, RepackCheck.check,
                                              FP8GEMVCheck.check, ActivationQuantCheck.check, W8A8GEMMCheck.check, W8A8GEMMCheck.memcheck,
                                              W8A8WGMMACheck.check, W8A8WGMMACheck.memcheck, W8A8DecodeCheck.check, W8A8DecodeCheck.memcheck, W8A8TensorChannelCheck.check,
                                              ExecutorRouteCheck.check, GEMVDependentLaunch.check]

let usage = """
    usage: quantjit-gpu-selftest [--device N] [--list] [--dump-ptx DIR] [--bench] [--bench-gemv] [--bench-gemv-bf16] [--bench-gemv-pdl] [--bench-gemm] [--bench-gemm-async] [--bench-gemm-wgmma] [--bench-gemm-bf16] [--bench-gemm-bf16-decode] [--bench-w8a8] [--bench-w8a8-decode] [CHECK ...]
      CHECK ...       run only these checks (default: all)
      --device N      run on device N (default 0)
      --list          list the checks and exit
      --bench         time the GPTQ GPU kernels at the torch anchors' shapes instead
      --bench-gemv    time the tensor-core GPTQ GEMV (every candidate config) at the decode shapes
                      instead; every config's time goes to $OUT/gemv_bench_configs.log (or stdout)
                      (QUANTJIT_GEMV_BITS=2|8|fp8, QUANTJIT_GEMV_ACTIVATION=bf16, QUANTJIT_GEMV_SHAPES,
                      QUANTJIT_GEMV_ROWS, QUANTJIT_GEMV_CONFIGS narrow or change the sweep)
      --bench-gemv-bf16  the GEMV's preferred schedules with bf16 against f16 activations instead
                      (QUANTJIT_GEMV_BF16_WEIGHTS=4,8,fp8: 4-bit (default), 8-bit g128, FP8 W8A16)
      --bench-gemv-pdl   the GEMV's preferred schedules in chains of launches, plain and as dependent launches (sm_90)
      --bench-gemm    time the tensor-core GPTQ GEMM (every register-staged candidate config) at
                      M = 4096 instead; every config's time goes to $OUT/gemm_bench_configs.log (or stdout)
      --bench-gemm-async  the same for the cp.async configs ($OUT/gemm_async_bench_configs.log)
      --bench-gemm-wgmma  the wgmma GEMM (sm_90a, every config) and the mma.sync default ($OUT/gemm_wgmma_bench_configs.log)
      --bench-gemm-bf16   the GEMMs with bf16 activations next to f16 (sm_90a; $OUT/gemm_bf16_bench.log)
      --bench-gemm-bf16-decode  bf16 at M = 1, 16 through the wgmma GEMM next to the f16 GEMV (sm_90a)
      --bench-w8a8    time the W8A8 GEMMs (int8, FP8; every candidate; QUANTJIT_W8A8_ROWS=1024,4096 narrows M) instead
      --bench-w8a8-decode  the W8A8 decode kernel (M = 1, 16, every candidate) beside the mma.sync GEMM
                      ($OUT/w8a8_decode_bench_configs.log)
      --dump-ptx DIR  write the self-test's PTX (kernels.ptx, broken.ptx, llvm_saxpy.ptx, the GPTQ/repack/FP8 variants) to DIR and exit
    """

func fail(_ message: String, code: Int32) -> Never {
    print(message)
    exit(code)
}

func write(_ text: String, to path: String) {
    guard let file = fopen(path, "w") else { fail("cannot write \(path)", code: 1) }
    fputs(text, file)
    fclose(file)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var ordinal = 0
var selected: [String] = []
var bench = false
var benchGEMV = false
var benchGEMVBF16 = false
var benchGEMM = false
var benchGEMMAsync = false
var benchGEMMWGMMA = false
var benchGEMMBF16 = false
var benchW8A8 = false
var benchW8A8Decode = false
var benchGEMVPDL = false
var benchGEMMBF16Decode = false
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--device":
        guard let value = arguments.first.flatMap({ Int($0) }) else { fail(usage, code: 64) }
        ordinal = value
        arguments.removeFirst()
    case "--bench":
        bench = true
    case "--bench-w8a8":  // the W8A8 GEMMs (W8A8Bench.swift); per-config times in $OUT/w8a8_bench_configs.log
        benchW8A8 = true
    case "--bench-w8a8-decode":  // the W8A8 decode kernel (W8A8DecodeBench.swift); per-config times in $OUT/w8a8_decode_bench_configs.log
        benchW8A8Decode = true
    case "--bench-gemv":
        benchGEMV = true
    case "--bench-gemv-bf16":  // bf16 against f16 activations, preferred schedules (GEMVMMABF16Bench.swift)
        benchGEMV = true
        benchGEMVBF16 = true
    case "--bench-gemv-pdl":  // dependent launches of the GEMV (GEMVDependentLaunchBench.swift)
        benchGEMVPDL = true
    case "--bench-gemm":
        benchGEMM = true
    case "--bench-gemm-wgmma":
        benchGEMM = true
        benchGEMMWGMMA = true
    case "--bench-gemm-bf16-decode":
        benchGEMMBF16Decode = true
    case "--bench-gemm-bf16":
        benchGEMM = true
        benchGEMMBF16 = true
    case "--bench-gemm-async":
        benchGEMM = true
        benchGEMMAsync = true
    case "--list":
        for check in allChecks { print(check.name) }
        exit(0)
    case "--dump-ptx":
        guard let directory = arguments.first else { fail(usage, code: 64) }
        write(SelfTestPTX.kernels, to: directory + "/kernels.ptx")
        write(SelfTestPTX.broken, to: directory + "/broken.ptx")
        do {
            write(try LLVMPTXCheck.emitPTX(cpu: "sm_90"), to: directory + "/llvm_saxpy.ptx")
            for (name, ptx) in try GPTQGPUCheck.ptxFiles(gpu: .sm_90) {
                write(ptx, to: directory + "/\(name).ptx")
            }
            for layout in [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128)] {
                let g = GEMMMMACheck.generator(layout)
                for c in g.candidateConfigs {
                    write(try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90), to: directory + "/\(g.variantName(c)).ptx")
                }
                let w = GEMMMMAWGMMACheck.generator(layout)
                write(try PTXCompiler().ptx(try w.emit(w.defaultConfig), gpu: .sm_90a), to: directory + "/\(w.variantName(w.defaultConfig)).ptx")
            }
            for (name, ptx) in try RepackCheck.ptxFiles(gpu: .sm_90) + FP8GEMVCheck.ptxFiles(gpu: .sm_90) + GEMVMMACheck.ptxFiles(gpu: .sm_90) {
                write(ptx, to: directory + "/\(name).ptx")
            }
        } catch {
            fail("\(error)", code: 1)
        }
        print("wrote kernels.ptx, broken.ptx, llvm_saxpy.ptx and the PTX of the GPTQ GEMV (f16 and bf16), GEMM, repack and FP8 variants to \(directory)")
        exit(0)
    case "-h", "--help":
        print(usage)
        exit(0)
    default:
        guard allChecks.contains(where: { $0.name == argument }) else {
            fail("unknown check \(argument)\n\(usage)", code: 64)
        }
        selected.append(argument)
    }
}

let checks = selected.isEmpty ? allChecks : allChecks.filter { selected.contains($0.name) }
do {
    try CUDA.initialize()
} catch {
    fail("quantjit-gpu-selftest: \(error)\n0 passed, 1 failed", code: 2)
}
/// Runs one bench on device `ordinal` and exits with 0 when it passed. Its per-config lines go
/// to `$OUT/<logName>` (standard output without OUT, or without `logName`).
@MainActor func runBench(_ flag: String, logName: String? = nil, printDevice: Bool = true,
              _ body: (CUDAContext, (String) -> Void) throws -> Bool) -> Never {
    do {
        let context = try CUDAContext(device: CUDADevice(ordinal: ordinal))
        if printDevice { print(context.device) }
        let logFile = logName.flatMap { name in getenv("OUT").flatMap { fopen(String(cString: $0) + "/" + name, "w") } }
        let ok = try body(context) { line in if let logFile { fputs(line + "\n", logFile); fflush(logFile) } else { print(line) } }
        if let logFile { fclose(logFile) }
        exit(ok ? 0 : 1)
    } catch {
        fail("quantjit-gpu-selftest \(flag): \(error)", code: 1)
    }
}

if benchW8A8 {
    runBench("--bench-w8a8", logName: "w8a8_bench_configs.log", printDevice: false) { try W8A8Bench.run(context: $0, log: $1) }
}
if benchGEMMBF16Decode {
    runBench("--bench-gemm-bf16-decode") { context, _ in try GEMMMMABF16DecodeBench.run(context: context) }
}
if benchW8A8Decode {
    runBench("--bench-w8a8-decode", logName: "w8a8_decode_bench_configs.log", printDevice: false) { try W8A8DecodeBench.run(context: $0, log: $1) }
}
if benchGEMVPDL {
    runBench("--bench-gemv-pdl") { context, _ in try GEMVDependentLaunchBench.run(context: context) }
}
if benchGEMV {
    runBench("--bench-gemv", logName: "gemv_bench_configs.log") { context, log in
        benchGEMVBF16 ? try GEMVMMABF16Bench.run(context: context, log: log) : try GEMVMMABench.run(context: context, log: log)
    }
}
if benchGEMM {
    let logName = benchGEMMBF16 ? "gemm_bf16_bench.log" : benchGEMMWGMMA ? "gemm_wgmma_bench_configs.log"
        : benchGEMMAsync ? "gemm_async_bench_configs.log" : "gemm_bench_configs.log"
    runBench("--bench-gemm", logName: logName) { context, log in
        benchGEMMBF16 ? try GEMMMMABF16Bench.run(context: context, log: log)
            : benchGEMMWGMMA ? try GEMMMMAWGMMABench.run(context: context, log: log)
            : try GEMMMMABench.run(context: context, async: benchGEMMAsync, log: log)
    }
}
if bench {
    runBench("--bench") { context, _ in try GPTQBench.run(context: context) }
}
do {
    let (major, minor) = try CUDA.driverVersion()
    print("quantjit-gpu-selftest: \(try CUDA.deviceCount()) device(s), driver supports CUDA \(major).\(minor)")
    let outcomes = try CUDASelfTest.run(ordinal: ordinal, only: checks) { outcome in
        let time = "\(Int(outcome.milliseconds.rounded())) ms"
        print("\(outcome.passed ? "PASS" : "FAIL") \(outcome.name) (\(time)): \(outcome.detail)")
    }
    let failed = outcomes.filter { !$0.passed }.count
    print("\(outcomes.count - failed) passed, \(failed) failed")
    exit(failed == 0 ? 0 : 1)
} catch {
    fail("quantjit-gpu-selftest: \(error)\n0 passed, 1 failed", code: 1)
}
