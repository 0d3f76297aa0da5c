import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// Golden snapshots of KIR, LLVM IR (before LLVM's optimizer: the optimized form depends on
/// the host CPU) and PTX for one kernel of each family. Re-record with
/// `QUANTJIT_RECORD_GOLDEN=1 swift test --filter GoldenTests`.
@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let recording = ProcessInfo.processInfo.environment["QUANTJIT_RECORD_GOLDEN"] == "1"

    static let cases: [(String, any KernelGenerator<TileConfig>)] = {
        let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        let cpu = WeightOnlySpec(layout: layout), gpu = WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu)
        return [
            ("dequantize", GPTQDequantize(spec: cpu)), ("gemv", GPTQGEMV(spec: cpu)), ("gemm", GPTQGEMM(spec: cpu)),
            ("dequantize_gpu", GPTQDequantize(spec: gpu)), ("gemv_gpu", GPTQGEMV(spec: gpu)), ("gemm_gpu", GPTQGEMM(spec: gpu)),
        ]
    }()

    func check(_ name: String, _ text: String) throws {
        let file = Self.directory.appendingPathComponent(name)
        if Self.recording {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let golden = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden \(name); record it with QUANTJIT_RECORD_GOLDEN=1")
            return
        }
        if golden != text {
            let a = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("\(name) differs from its golden at line \(line + 1):\n  golden: \(line < a.count ? String(a[line]) : "<end>")\n  now:    \(line < b.count ? String(b[line]) : "<end>")")
        }
    }

    @Test(arguments: 0..<6)
    func snapshot(index: Int) throws {
        let (name, g) = Self.cases[index]
        let kernel = try g.emit(g.defaultConfig)
        try check("\(name).kir", Printer.print(try PassPipeline.standard.run(kernel)))
        if name.hasSuffix("_gpu") {
            try check("\(name).ptx", try PTXCompiler().ptx(kernel, gpu: .sm_90))
            try check("\(name).ll", try PTXCompiler().llvmIR(kernel, gpu: .sm_90, optimized: false))
        } else {
            try check("\(name).ll", try CPUCompiler().llvmIR(kernel, optimized: false).replacingHostSpecifics())
        }
    }
}

extension String {
    /// Drops the lines that name the host (triple, data layout), which differ between machines.
    func replacingHostSpecifics() -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("target datalayout") && !$0.hasPrefix("target triple") }
            .joined(separator: "\n")
    }
}
