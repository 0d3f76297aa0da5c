import Compiler
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVCuts``: timing bounds that leave parts of the GEMV loop out (their outputs are wrong
/// by design; `quantjit-gpu-selftest --bench-gemv` with `QUANTJIT_GEMV_CUT` times them). Here:
/// the names, that an empty cut is the kernel itself, and that each cut removes exactly its part
/// of the PTX.
@Suite struct GPUGEMVCutTests {
    static let symmetric = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))

    /// The staged-activation M = 16 pick of 28672 × 8192 and the register one of 8192 × 28672.
    static var staged: GPUGEMVConfig {
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, registerMagic: true, columnWarps: 4, activationStages: 2)
        c.interleavedWords = true
        return c
    }
    static var register: GPUGEMVConfig {
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        c.interleavedWords = true
        c.tiledWords = true
        return c
    }

    static func ptx(_ c: GPUGEMVConfig, _ cuts: GPUGEMVCuts) throws -> String {
        try PTXCompiler().ptx(try symmetric.emitBound(c, cutting: cuts), gpu: .sm_90, ptx: GPUArchitecture.sm_90.minimumPTX)
    }

    static func count(_ text: String, _ needle: String) -> Int { GPUGEMVTests.count(text, needle) }

    @Test("cut names: parsed, printed in a fixed order, unknown ones refused")
    func names() throws {
        let cuts = try GPUGEMVCuts(names: "activation-loads, mma")
        #expect(cuts == [.mma, .activationLoads])
        #expect(cuts.description == "mma+activation-loads")
        #expect(GPUGEMVCuts().description == "none")
        #expect(try GPUGEMVCuts(names: "") == [])
        #expect(throws: KernelConfigError.self) { try GPUGEMVCuts(names: "mma,tensor") }
    }

    @Test("no cut is the kernel itself; a cut kernel has a name of its own")
    func namesOfKernels() throws {
        for c in [Self.staged, Self.register] {
            let plain = try Self.symmetric.emit(c), uncut = try Self.symmetric.emitBound(c, cutting: [])
            #expect(plain.name == uncut.name)
            #expect(try PTXCompiler().ptx(plain, gpu: .sm_90, ptx: GPUArchitecture.sm_90.minimumPTX) == (try Self.ptx(c, [])))
            let cut = try Self.symmetric.emitBound(c, cutting: [.mma, .activationBytes])
            #expect(cut.name == plain.name + "_cut_mma_activation_bytes")
        }
    }

    @Test("each cut removes its part of the loop and nothing else")
    func ptxShape() throws {
        for c in [Self.staged, Self.register] {
            let plain = try Self.ptx(c, [])
            #expect(Self.count(plain, "mma.sync") > 0 && Self.count(plain, "fma.rn.f16x2") > 0)

            let noMMA = try Self.ptx(c, .mma)
            #expect(Self.count(noMMA, "mma.sync") == 0)
            #expect(Self.count(noMMA, "fma.rn.f16x2") == Self.count(plain, "fma.rn.f16x2"))
            #expect(Self.count(noMMA, "lop3.b32") > Self.count(plain, "lop3.b32"))

            let noDequantization = try Self.ptx(c, .dequantization)
            #expect(Self.count(noDequantization, "fma.rn.f16x2") == 0 && Self.count(noDequantization, "add.rn.f16x2") == 0)
            #expect(Self.count(noDequantization, "mma.sync") == Self.count(plain, "mma.sync"))

            let noLoads = try Self.ptx(c, .activationLoads)
            #expect(Self.count(noLoads, "cp.async.ca") == 0)
            // Constant activations need no zeros past K, so the loop is emitted once.
            #expect(Self.count(noLoads, "mma.sync") * c.bodyLoopCopies == Self.count(plain, "mma.sync"))
            // One constant per row half (f16x2 words of 1/64 and the next f16 up): with one for
            // both, ptxas merges the two halves' identical mma (s15 sass/README.md).
            #expect(noLoads.contains("603988992") && noLoads.contains("604054529"))
            #expect(Self.count(noLoads, "ld.global.nc") < Self.count(plain, "ld.global.nc") || Self.count(noLoads, "ld.shared") < Self.count(plain, "ld.shared"))
        }
        // Activation bytes: the staged copies stay but copy nothing; the register loads stay.
        let staged = try Self.ptx(Self.staged, []), stagedNoBytes = try Self.ptx(Self.staged, .activationBytes)
        #expect(Self.count(stagedNoBytes, "cp.async.ca") == Self.count(staged, "cp.async.ca"))
        // Every staged copy takes one source size, a register holding 0 (without the cut: its own, live or 0).
        func sizes(_ ptx: String) -> Set<String> {
            Set(ptx.split(separator: "\n").filter { $0.contains("cp.async.ca.shared.global") }.compactMap { line in
                line.split(separator: ",").last.map { String($0.filter { $0 != " " && $0 != ";" }) }
            })
        }
        #expect(sizes(staged).count > 1)
        let zero = try #require(sizes(stagedNoBytes).first)
        #expect(sizes(stagedNoBytes).count == 1)
        #expect(stagedNoBytes.contains("\(zero), 0;"))
        // Barriers: the staged schedule's per-chunk wait and barrier go (the prologue's stay);
        // the register schedule has none to cut.
        let stagedNoBarriers = try Self.ptx(Self.staged, .barriers)
        #expect(Self.count(stagedNoBarriers, "bar.sync") < Self.count(staged, "bar.sync"))
        #expect(Self.count(stagedNoBarriers, "cp.async.wait_group") < Self.count(staged, "cp.async.wait_group"))
        #expect(Self.count(stagedNoBarriers, "mma.sync") == Self.count(staged, "mma.sync"))
        let register = try Self.ptx(Self.register, []), registerNoBytes = try Self.ptx(Self.register, .activationBytes)
        let name = try Self.symmetric.emit(Self.register).name
        #expect(try Self.ptx(Self.register, .barriers).replacingOccurrences(of: name + "_cut_barriers", with: name) == register)
        #expect(Self.count(registerNoBytes, "ld.global.nc") == Self.count(register, "ld.global.nc"))
        #expect(Self.count(registerNoBytes, "and.b32") > Self.count(register, "and.b32"))
    }

    @Test("the dequantization cut takes f16 GPTQ weights")
    func dequantizationNeedsHalf() throws {
        let bf16 = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), activation: .bf16, convention: .gpu))
        #expect(throws: KernelConfigError.self) { try bf16.emitBound(Self.register, cutting: .dequantization) }
        _ = try bf16.emitBound(Self.register, cutting: .mma)
        let fp8 = FP8GPUGEMV(activation: .f16)
        #expect(throws: KernelConfigError.self) { try fp8.emitBound(fp8.defaultConfig, cutting: .dequantization) }
        #expect(try fp8.emitBound(fp8.defaultConfig, cutting: .activationLoads).name.hasSuffix("_cut_activation_loads"))
    }
}
