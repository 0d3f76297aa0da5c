import Compiler
import Foundation
import KernelIR
import Kernels
import Testing

/// The W8A8 decode kernel (`Kernels/GPU/W8A8GPUDecode`) without a GPU: every supported spec and
/// candidate config emits PTX with the expected `mma.sync` count, streaming weight loads and no
/// local memory; with `QUANTJIT_PTXAS` set it also assembles for sm_90 without spills. Numerics
/// run on the GPU machine (`quantjit-gpu-selftest w8a8-decode`).
@Suite struct W8A8GPUDecodeTests {
    static let specs: [W8A8GPUSpec] = [
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16), W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken),
        W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16),
        W8A8GPUSpec(operand: .int8, scaling: .perTensor, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true, output: .bf16),
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .tensorChannel),
    ]

    @Test("every spec and candidate emits streaming mma.sync PTX for sm_90", arguments: specs)
    func emits(spec: W8A8GPUSpec) throws {
        let g = W8A8GPUDecode(spec: spec)
        let shape = spec.operand == .int8 ? "s32.s8.s8.s32" : "f32.e4m3.e4m3.f32"
        for c in g.candidateConfigs {
            try g.validate(c)
            let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: max(spec.minimumPTX, 78))
            #expect(ptx.contains(".entry \(g.variantName(c))"))
            // Two k-steps per 64-byte chunk, row tiles × token tiles each, in the main loop and
            // in the predicated last step.
            // halfMMA: four m16n8k16 per chunk instead (e4m3 converted to f16 in the kernel).
            let tiles = c.unroll * c.rowTiles * (c.rowBound / 8)
            if c.halfMMA {
                #expect(W8A8GPUTests.count(ptx, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32") == 2 * 4 * tiles, "\(c)")
                #expect(ptx.contains("cvt.rn.f16x2.e4m3x2") && !ptx.contains("m16n8k32"), "\(c)")
            } else {
                #expect(W8A8GPUTests.count(ptx, "mma.sync.aligned.m16n8k32.row.col.\(shape)") == 2 * 2 * tiles, "\(c)")
            }
            #expect(ptx.contains("ld.global.nc.L1::no_allocate.L2::256B.v4.u32"), "\(c)")
            #expect(!ptx.contains("cp.async"), "\(c)")
            if c.splits > 1 { #expect(ptx.contains("atom.global.add") || ptx.contains("red.global.add"), "\(c)") }
            #expect(ptx.contains(spec.output == .bf16 ? "cvt.rn.bf16.f32" : "cvt.rn.f16.f32"), "\(c)")
            #expect(!ptx.contains(".local"), "\(g.variantName(c)) spills to local memory")
            #expect(ptx.contains(".maxntid \(c.threads)"), "\(c)")
            let report = try W8A8GPUTests.assemble(ptx, name: g.variantName(c), gpu: .sm_90)
            if ProcessInfo.processInfo.environment["QUANTJIT_PTXAS_REPORT"] != nil {  // registers and spills of every variant
                print(g.variantName(c), report.split(separator: "\n").filter { $0.contains("Used") || $0.contains("spill") }.joined(separator: " | "))
            }
            #expect(!report.contains("bytes spill stores") || report.contains(" 0 bytes spill stores"), "\(c): \(report)")
        }
    }

    @Test("unsupported specs and configs are rejected with their reason")
    func rejects() {
        let block = W8A8GPUDecode(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128))
        #expect(!W8A8GPUDecode.supports(block.spec))
        #expect(throws: KernelConfigError.self) { try block.validate(block.defaultConfig) }
        let fp8 = W8A8GPUDecode(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor))
        for bad in [W8A8DecodeConfig(rowBound: 4), W8A8DecodeConfig(rowTiles: 3), W8A8DecodeConfig(warps: 3),
                    W8A8DecodeConfig(rowBound: 16, rowTiles: 4, warps: 4), W8A8DecodeConfig(unroll: 3), W8A8DecodeConfig(splits: 0),
                    W8A8DecodeConfig(warps: 8, minBlocks: 16), W8A8DecodeConfig(halfMMA: true)] {
            let g = bad.halfMMA ? W8A8GPUDecode(spec: W8A8GPUSpec(operand: .int8, scaling: .perTensor)) : fp8
            #expect(throws: KernelConfigError.self, "\(bad)") { try g.validate(bad) }
        }
        let c = W8A8DecodeConfig()
        #expect(fp8.unsupportedShape(m: 9, n: 64, k: 64, config: c) != nil)  // M above the row bound
        #expect(fp8.unsupportedShape(m: 1, n: 64, k: 1000, config: c) != nil)  // K % 16 ≠ 0
        #expect(fp8.unsupportedShape(m: 8, n: 13, k: 1008, config: c) == nil)
        #expect(fp8.unsupportedShape(m: 16, n: 13, k: 1008, config: W8A8DecodeConfig(rowBound: 16)) == nil)
    }

    @Test("the tensorChannel epilogue reads sx[0] and zx[0], the channelToken one per token")
    func tensorChannel() throws {
        // The two specs differ only in the epilogue's activation-scale index: per token (a
        // row-dependent load) or the tensor's (index 0).
        let tc = W8A8GPUDecode(spec: W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true))
        #expect(tc.variantName(W8A8DecodeConfig()) == "w8a8_decode_mma_i8_tchannel_asym_f16_gpu_r8t1w4u4")
        #expect(W8A8GPUSpec(operand: .fp8e4m3, scaling: .tensorChannel).activationPerTensor)
        #expect(!W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken).activationPerTensor)
        let kir = try tc.emit(W8A8DecodeConfig())
        #expect(kir.name.contains("tchannel"))
        // The epilogue's addresses into `sx` (and `zx`): constant for tensorChannel, per token for channelToken.
        let ct = try W8A8GPUDecode(spec: W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true)).emit(W8A8DecodeConfig())
        for name in ["sx", "zx"] {
            #expect(!Self.indexes(name, in: kir).isEmpty && Self.indexes(name, in: kir).allSatisfy { $0 }, "tensorChannel \(name)")
            #expect(Self.indexes(name, in: ct).contains(false), "channelToken \(name)")
        }
    }

    /// For every address the kernel forms into parameter `name`: whether its index is a constant.
    static func indexes(_ name: String, in k: Kernel) -> [Bool] {
        guard let p = k.parameters.firstIndex(where: { $0.name == name }),
              let param = k.indices.first(where: { k.opcode($0) == .param && k.attribute($0) == Int64(p) }) else { return [] }
        func constant(_ v: ValueID) -> Bool {
            switch k.opcode(v.index) {
            case .constant: true
            case .convert, .bitcast: k.operands(v.index).allSatisfy(constant)
            default: false
            }
        }
        return k.indices.filter { k.opcode($0) == .offset && k.operands($0).first?.index == param }
            .map { constant(k.operands($0).dropFirst().first!) }
    }

    @Test("names, grid and split-K scratch")
    func sizes() {
        let c = W8A8DecodeConfig(rowBound: 16, rowTiles: 2, warps: 4, unroll: 2, splits: 3, minBlocks: 4)
        #expect(c.description == "r16t2w4u2k3b4")
        #expect(W8A8DecodeConfig(warps: 2, pipelined: true, halfMMA: true).description == "r8t1w2u4ph")
        #expect(W8A8DecodeConfig(rowBound: 16, warps: 2, minBlocks: 8, halfMMA: true, rowWarps: 2, earlyEpilogue: true).description == "r16t1g2w2u4b8he")
        let groups = W8A8DecodeConfig(warps: 2, minBlocks: 4, rowWarps: 4)
        #expect(groups.description == "r8t1g4w2u4b4" && groups.threads == 256 && groups.blockRows == 64 && groups.grid(n: 28672).x == 448)
        #expect(W8A8DecodeConfig(warps: 2, splits: 2, rowWarps: 4).workspaceFloats(n: 100) == 2 * 2 * 4 * 1 * 32 * 4)
        #expect(W8A8DecodeConfig().description == "r8t1w4u4")
        #expect(c.grid(n: 1000) == (32, 1, 3) && c.counterCount(n: 1000) == 32)
        #expect(c.workspaceFloats(n: 1000) == 3 * 32 * 4 * 32 * 4)
        #expect(W8A8DecodeConfig().workspaceFloats(n: 1000) == 1)
        #expect(W8A8GPUDecode(spec: W8A8GPUSpec(operand: .int8, scaling: .perTensor)).variantName(W8A8DecodeConfig())
                == "w8a8_decode_mma_i8_tensor_sym_f16_gpu_r8t1w4u4")
    }

    @Test("the picked config is valid and runs every decode shape", arguments: specs)
    func pickedConfigs(spec: W8A8GPUSpec) throws {
        let g = W8A8GPUDecode(spec: spec)
        for m in [1, 8, 9, 16] {
            for (n, k) in [(1, 16), (13, 1008), (8192, 8192), (28672, 8192), (8192, 28672), (576, 1536)] {
                let c = g.config(m: m, n: n, k: k)
                try g.validate(c)
                #expect(g.unsupportedShape(m: m, n: n, k: k, config: c) == nil, "\(c) \(m)×\(n)×\(k)")
                #expect(c.rowBound == (m <= 8 ? 8 : 16))
            }
        }
    }

    @Test("the 16-token wave candidates: swept, not picked, 64 registers where bounded, early epilogue loads before the loop", arguments: specs)
    func wave16(spec: W8A8GPUSpec) throws {
        let g = W8A8GPUDecode(spec: spec)
        #expect(Set(g.wave16Candidates).isSubset(of: Set(g.candidateConfigs)) && g.wave16Candidates.count >= 9)
        for m in [1, 9, 16] {
            for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672)] { #expect(!g.config(m: m, n: n, k: k).earlyEpilogue) }
        }
        for c in g.wave16Candidates {
            #expect(c.rowBound == 16 && c.halfMMA == (spec.operand == .fp8e4m3), "\(c)")
            #expect(c.minBlocks == 0 || c.minBlocks * c.threads == 1024, "\(c): bounds aim at 64 registers")
            let kernel = try g.emit(c)
            // The epilogue's first scale load (`sw`) comes before the main loop with `e`, after it without.
            let loop = kernel.indices.first { kernel.opcode($0) == .forBegin }!
            let sw = kernel.parameters.firstIndex { $0.name == "sw" }!
            let firstLoad = kernel.indices.first { i in
                kernel.opcode(i) == .offset && kernel.operands(i).first.map { kernel.opcode($0.index) == .param && kernel.attribute($0.index) == Int64(sw) } == true
            }!
            #expect((firstLoad < loop) == c.earlyEpilogue, "\(c)")
            let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90, ptx: max(spec.minimumPTX, 78))
            let report = try W8A8GPUTests.assemble(ptx, name: g.variantName(c), gpu: .sm_90)
            if c.minBlocks > 0, let used = report.firstMatch(of: /Used (\d+) registers/).map({ Int($0.1)! }) { #expect(used <= 64, "\(c): \(used) registers") }
        }
    }

    @Test("the kernel choice takes the decode kernel for M ≤ 16 where it serves the spec and shape")
    func choice() {
        let fp8 = W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16)
        for (m, hopper) in [(1, true), (16, true), (5, false)] {
            guard case .decode(let g, let c) = W8A8GPUKernelChoice.pick(fp8, m: m, n: 8192, k: 28672, hopper: hopper) else {
                Issue.record("FP8 M \(m) should take the decode kernel")
                continue
            }
            #expect(c == g.config(m: m, n: 8192, k: 28672))
        }
        if case .decode = W8A8GPUKernelChoice.pick(fp8, m: 17, n: 8192, k: 8192, hopper: true) { Issue.record("M = 17 is not decode") }
        if case .decode = W8A8GPUKernelChoice.pick(fp8, m: 1, n: 8192, k: 8200, hopper: true) { Issue.record("K % 16 ≠ 0 is not decode") }
    }
}

/// With `QUANTJIT_DECODE_KIR_DIR` set, writes the KIR and PTX of every candidate and every picked
/// config (M = 1, 8, 9, 16 on the decode shapes) of each test spec there, one file per variant
/// (`diff -r` of two such folders proves that a change leaves existing variants' code alone);
/// without it, does nothing.
@Suite struct W8A8GPUDecodeDumpAllTests {
    @Test("dump every decode variant's KIR and PTX when asked")
    func dump() throws {
        guard let dir = ProcessInfo.processInfo.environment["QUANTJIT_DECODE_KIR_DIR"] else { return }
        for spec in W8A8GPUDecodeTests.specs {
            let g = W8A8GPUDecode(spec: spec)
            var configs = Set(g.candidateConfigs)
            for m in [1, 8, 9, 16] {
                for (n, k) in [(13, 1008), (8192, 8192), (28672, 8192), (8192, 28672), (576, 1536)] { configs.insert(g.config(m: m, n: n, k: k)) }
            }
            for c in configs {
                let kernel = try g.emit(c)
                try Printer.print(kernel).write(toFile: "\(dir)/\(g.variantName(c)).kir", atomically: true, encoding: .utf8)
                let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90, ptx: max(spec.minimumPTX, 78))
                try ptx.write(toFile: "\(dir)/\(g.variantName(c)).ptx", atomically: true, encoding: .utf8)
            }
        }
    }
}
