import ArgumentParser
import Executor

@main
struct QuantJIT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantjit",
        abstract: "A kernel compiler and executor for quantized LLM inference."
    )
}
