import ArgumentParser
import Checkpoint
import Foundation

/// `quantjit inspect PATH`: the detected quantization method, the scheme of every layer
/// (collapsed into ranges where layers repeat), the tensor inventory, bytes by dtype and
/// warnings. The logic lives in `Checkpoint.CheckpointInspector` so it is tested without the CLI.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the quantization scheme, tensors and warnings of a checkpoint."
    )

    @Argument(help: "A checkpoint directory (config.json + *.safetensors) or a .safetensors file.")
    var path: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "List every tensor in the text report.")
    var tensors = false

    @Flag(help: "Read headers only: skip the checks of scale and zero-point values.")
    var headersOnly = false

    func run() throws {
        // A CheckpointError prints as "Error: <file>: <what was expected>", without the usage text.
        let report = try CheckpointInspector.inspect(path: path, checkValues: !headersOnly)
        print(json ? report.jsonString() : report.text(listTensors: tensors))
    }
}
