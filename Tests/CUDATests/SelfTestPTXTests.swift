import Foundation
import Testing
import CUDA

/// Assembles the self-test's hand-written PTX with ptxas where a developer has one (set
/// QUANTJIT_PTXAS to its path; Tools/gpu/README.md says how to get it), so PTX mistakes show
/// up without a GPU. Skips otherwise.
let ptxasPath = ProcessInfo.processInfo.environment["QUANTJIT_PTXAS"]

@Suite(.enabled(if: ptxasPath != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
struct SelfTestPTXTests {

    static func assemble(_ ptx: String, target: String) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quantjit-ptx-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.ptx")
        try ptx.write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ptxasPath!)
        process.arguments = ["--gpu-name", target, input.path, "-o", directory.appendingPathComponent("out.cubin").path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test(arguments: ["sm_80", "sm_90"])
    func kernelsAssemble(target: String) throws {
        let (status, output) = try Self.assemble(SelfTestPTX.kernels, target: target)
        #expect(status == 0, "\(output)")
    }

    @Test func brokenModuleIsRejectedNamingTheRegister() throws {
        let (status, output) = try Self.assemble(SelfTestPTX.broken, target: "sm_90")
        #expect(status != 0)
        #expect(output.contains(SelfTestPTX.brokenSymbol))
    }
}
