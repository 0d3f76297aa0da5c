import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The decode GEMV's dependent launch (`GPUGEMVConfig.dependentLaunch`) without a GPU: the PTX
/// lets the next grid launch, requests activations and writes only after `griddepcontrol.wait`
/// (register schedules their first weights before it); configs stored before the flag existed still decode. The chains themselves run on
/// the GPU machine (`quantjit-gpu-selftest gptq-gemv-dependent-launch`).
@Suite struct GPUGEMVDependentLaunchTests {
    static let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128),
                          GPTQLayout(bits: 8, groupSize: -1), GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2)]

    static func ptx(_ g: GPTQGPUGEMV, _ c: GPUGEMVConfig) throws -> String {
        try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: max(c.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
    }

    @Test("trigger first, activations and writes only after the wait", arguments: layouts)
    func ordering(layout: GPTQLayout) throws {
        let g = GPUGEMVTests.generator(layout)
        #expect(!g.dependentConfigs.isEmpty)
        for c in g.dependentConfigs {
            #expect(c.description.hasSuffix("d") && c.minimumPTX >= 78)
            let text = try Self.ptx(g, c)
            let trigger = try #require(text.range(of: "griddepcontrol.launch_dependents"), "\(c)")
            let wait = try #require(text.range(of: "griddepcontrol.wait"), "\(c)")
            #expect(GPUGEMVTests.count(text, "griddepcontrol.wait") == c.bodyLoopCopies, "\(c)")  // one per copy of the loop
            #expect(trigger.lowerBound < wait.lowerBound, "\(c)")
            let beforeWait = String(text[..<wait.lowerBound]), afterWait = String(text[wait.upperBound...])
            // Weights are 128-bit loads of 4 words; activations are f16 vectors (register path)
            // or cp.async copies into the block's tile (staged path).
            if c.activationStages == 0 {  // register schedules request their first weights before the wait
                #expect(beforeWait.contains("ld.global.nc.v4.u32") || beforeWait.contains("ld.global.nc.L2::256B.v4.u32"), "\(c)")
            }
            #expect(!beforeWait.contains("cp.async"), "\(c): an activation copy before the wait")
            #expect(!beforeWait.contains("st.global") && !beforeWait.contains("atom."), "\(c): a write before the wait")
            #expect(afterWait.contains("st.global"), "\(c)")
            // The plain twin has no griddepcontrol at all.
            var plain = c
            plain.dependentLaunch = false
            #expect(!(try Self.ptx(g, plain)).contains("griddepcontrol"), "\(plain)")
        }
    }

    @Test("a cp.async weight ring is refused; configs stored without the flag decode with it off")
    func validation() throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
        #expect(throws: KernelConfigError.self) { try g.validate(GPUGEMVConfig(stages: 4, dependentLaunch: true)) }
        let c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as! [String: Any]
        #expect(json["dependentLaunch"] as? Bool == false)
        json.removeValue(forKey: "dependentLaunch")
        let decoded = try JSONDecoder().decode(GPUGEMVConfig.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded == c)
        var d = c
        d.dependentLaunch = true
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: JSONEncoder().encode(d)) == d)
    }

    @Test("ptxas assembles the dependent configs for sm_90 without spills",
          .enabled(if: GPUGEMVTests.ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func assembles() throws {
        for layout in Self.layouts {
            let g = GPUGEMVTests.generator(layout)
            for c in g.dependentConfigs {
                let (status, output) = try GPUGEMVTests.assemble(try Self.ptx(g, c), gpu: "sm_90")
                #expect(status == 0, "\(c): \(output)")
                var plain = c
                plain.dependentLaunch = false
                let (_, plainOutput) = try GPUGEMVTests.assemble(try Self.ptx(g, plain), gpu: "sm_90")
                // No spills where the plain twin has none (2-bit `u8` schedules spill a few bytes either way).
                #expect(output.contains(" 0 bytes spill stores") || !plainOutput.contains(" 0 bytes spill stores"), "\(c): \(output)")
            }
        }
    }
}
