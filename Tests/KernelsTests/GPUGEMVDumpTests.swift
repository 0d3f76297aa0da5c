import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// With `QUANTJIT_GEMV_VARIANT_DUMP=DIR` set, writes the KIR and the sm_90 PTX of the decode
/// GEMV variants that existed before 8-bit bf16 and bf16 FP8 (every f16 layout and every 2- and
/// 4-bit bf16 layout on a spread of schedules; every FP8 f16 candidate), one file each, so that
/// a change to the dequantization can be checked to leave them byte-identical (`cmp` two dumps);
/// without it, does nothing.
@Suite struct GPUGEMVDumpTests {
    static let schedules = [
        GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, l2Prefetch: true, registerMagic: true),
        GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, prefetch: true),
        GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2),
        GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3),
        GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4),
        GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, splits: 2, l2Prefetch: true, stages: 3, stagedActivations: false),
    ]

    @Test("dump the existing GEMV variants' KIR and PTX when asked")
    func dump() throws {
        guard let dir = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_VARIANT_DUMP"] else { return }
        func write(_ kernel: Kernel, ptxVersion: Int) throws {
            try Printer.print(kernel).write(toFile: "\(dir)/\(kernel.name).kir", atomically: true, encoding: .utf8)
            let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90, ptx: ptxVersion)
            try ptx.write(toFile: "\(dir)/\(kernel.name).ptx", atomically: true, encoding: .utf8)
        }
        for layout in GPUGEMVTests.layouts {
            for activation in [ScalarType.f16, .bf16] where activation == .f16 || layout.bits != 8 {
                let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
                for c in Self.schedules { try write(try g.emit(c), ptxVersion: max(c.minimumPTX, GPUArchitecture.sm_90.minimumPTX)) }
            }
        }
        let fp8 = FP8GPUGEMV()
        for c in fp8.candidateConfigs { try write(try fp8.emit(c), ptxVersion: max(c.minimumPTX, GPUArchitecture.sm_90.minimumPTX)) }
    }
}
