import ArgumentParser
import Compiler
import Executor
import Foundation
import KernelIR
import Kernels
import Quantization

extension KernelFamily: ExpressibleByArgument {}
extension GPTQZeroPoints: ExpressibleByArgument {}

/// Options that name one kernel variant: family, format, activation dtype, target, tiles.
struct KernelOptions: ParsableArguments {
    @Argument(help: "Kernel family: dequantize, gemv or gemm.")
    var family: KernelFamily

    @Option(help: "Weight bit width (2, 3, 4 or 8).")
    var bits: Int = 4

    @Option(help: "Group size along K; -1 for one group per output channel.")
    var groupSize: Int = 128

    @Option(help: "Zero points: symmetric, v1 (GPTQ, stored minus one) or v2.")
    var zeroPoints: GPTQZeroPoints = .symmetric

    @Flag(help: "Act-order: rows map to groups through g_idx.")
    var actOrder = false

    @Option(help: "Activation and output dtype: f32, f16 or bf16 (default f32; f16 with --device cuda; bf16 only for the GPU tensor-core kernels).")
    var activation: String?

    /// The activation dtype's name, f32 unless given.
    var activationName: String { activation ?? "f32" }

    /// The activation dtype, f32 unless given.
    var activationType: ScalarType { ["f16": .f16, "bf16": .bf16][activationName] ?? .f32 }

    @Option(help: "Target: cpu, sm_80, sm_89, sm_90 or sm_90a.")
    var target: String = "cpu"

    @Option(help: "Tile rows (GEMM).") var tileM: Int?
    @Option(help: "Tile vectors of output columns.") var tileN: Int?
    @Option(help: "SIMD lanes per vector (CPU).") var vectorWidth: Int?
    @Option(help: "Unroll factor of the K loop.") var unrollK: Int?
    @Option(help: "Threads per block (GPU).") var threadsPerBlock: Int?

    func validate() throws {
        if let activation, !["f32", "f16", "bf16"].contains(activation) {
            throw ValidationError("--activation must be f32, f16 or bf16, not '\(activation)'")
        }
        if !ExecutionTarget.allNames.contains(target) {
            throw ValidationError("--target must be one of \(ExecutionTarget.allNames.joined(separator: ", ")), not '\(target)'")
        }
    }

    var request: KernelRequest {
        get throws {
            let layout = GPTQLayout(bits: bits, groupSize: groupSize, zeroPoints: zeroPoints, actOrder: actOrder)
            return KernelRequest(family: family, format: .gptq(layout), activation: activationType,
                                 target: try ExecutionTarget.named(target))
        }
    }

    /// The GPTQ layout the options describe.
    var layout: GPTQLayout { GPTQLayout(bits: bits, groupSize: groupSize, zeroPoints: zeroPoints, actOrder: actOrder) }

    /// The registry's pick with any tile options applied on top of its config.
    func selection() throws -> Selection {
        var s = try KernelRegistry.standard.select(try request)
        if let v = tileM { s.config.tileM = v }
        if let v = tileN { s.config.tileN = v }
        if let v = vectorWidth { s.config.vectorWidth = v }
        if let v = unrollK { s.config.unrollK = v }
        if let v = threadsPerBlock { s.config.threadsPerBlock = v }
        try s.generator.validate(s.config)
        return s
    }
}

/// Where a dump goes.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func write(_ text: String) throws {
        guard let output else { return print(text, terminator: text.hasSuffix("\n") ? "" : "\n") }
        do {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write \(output): \(error.localizedDescription)")
        }
    }
}
