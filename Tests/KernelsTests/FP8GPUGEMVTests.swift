import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The weight-only FP8 GEMV (`Kernels/GPU/FP8GPUGEMV`) without a GPU: its e4m3 → f16
/// conversion, run as a JIT-compiled CPU kernel over every code in both byte positions,
/// against `MiniFloat.float8E4M3FN.decode`; the packing; and its PTX. Numerics of the whole
/// kernel run on the GPU machine (`quantjit-gpu-selftest fp8-gemv-mma`).
@Suite struct FP8GPUGEMVTests {
    @Test("e4m3 bytes 0 and 2 become f16 pairs of exactly 2^-8 times their values")
    func conversion() throws {
        let b = KernelBuilder(name: "fp8_pairs", convention: .cpuGrid)
        let input = b.parameter("words", .pointer(.i32, .global))
        let output = b.parameter("pairs", .pointer(.i32, .global))
        let i = b.programID()
        output.store(FP8Conversion.halfPair(input.load(i)), at: i)
        let kernel = try CPUCompiler().compile(b.finish())
        // Word i: byte 0 = i % 256, byte 2 = i / 256, bytes 1 and 3 random (they must not leak in).
        var rng = SplitMix64(seed: UInt64.random(in: 0...UInt64.max))
        let words = (0..<65536).map { i in
            Int32(bitPattern: UInt32(i & 0xFF) | UInt32(i >> 8) << 16 | UInt32(rng.next() & 0xFF) << 8 | UInt32(rng.next() & 0xFF) << 24)
        }
        var pairs = [Int32](repeating: -1, count: words.count)
        try words.withUnsafeBufferPointer { w in
            try pairs.withUnsafeMutableBufferPointer { p in
                try GridRunner(threads: 1).run(kernel, [.pointer(w), .pointer(p)], programs: words.count)
            }
        }
        var wrong = 0
        for (i, pair) in pairs.enumerated() {
            for (code, bits) in [(UInt8(i & 0xFF), UInt16(truncatingIfNeeded: pair)), (UInt8(i >> 8), UInt16(truncatingIfNeeded: pair >> 16))] {
                #expect(bits == FP8Conversion.halfBits(code))
                if code & 0x7F == 0x7F { continue }  // NaN codes: none in a checkpoint
                let want = MiniFloat.float8E4M3FN.decode(code)
                let got = Float(Float16(bitPattern: bits)) * Float(FP8Conversion.scaleCompensation)
                if got.bitPattern != want.bitPattern { wrong += 1 }
            }
        }
        #expect(wrong == 0, "\(wrong) conversions differ from the e4m3 decoder")
    }

    @Test("pack puts W[k, n] in byte k % 4 of word (k / 4, n)")
    func pack() {
        let n = 3, k = 8
        let codes = (0..<(n * k)).map { UInt8($0 * 7 % 256) }
        let words = FP8GPUGEMV.pack(codes: codes, n: n, k: k)
        for col in 0..<n {
            for row in 0..<k {
                let byte = UInt8(truncatingIfNeeded: UInt32(bitPattern: words[(row / 4) * n + col]) >> UInt32(8 * (row % 4)))
                #expect(byte == codes[col * k + row])
            }
        }
    }

    @Test("every candidate config emits mma PTX without spills or local memory", arguments: [GPUArchitecture.sm_80, .sm_90])
    func ptx(gpu: GPUArchitecture) throws {
        let g = FP8GPUGEMV()
        for config in g.candidateConfigs {
            let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: gpu, ptx: max(config.minimumPTX, gpu.minimumPTX))
            #expect(ptx.contains(".entry \(g.variantName(config))"))
            // 8-bit: one K step per word; two bodies per iteration and one after the loop when paired.
            let mmas = config.unrollK * config.columnWords * 2 * (config.maxRows / 8) * (config.pairedBodies ? 3 : 1) * config.bodyLoopCopies
            #expect(GPUGEMVTests.count(ptx, "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32") == mmas, "\(config)")
            #expect(!ptx.contains("fma.rn.f16x2"), "the FP8 path needs no magic-number fma")
            #expect(!ptx.contains(".local"))
            if gpu == .sm_90, GPUGEMVTests.ptxas != nil, config == g.defaultConfig {
                let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90")
                #expect(status == 0, "\(output)")
                #expect(output.contains(" 0 bytes spill stores"), "\(output)")
            }
        }
    }

    @Test("bf16: 2^-8 times every e4m3 value, widened from its f16, is an f32 whose high half is an exact normal bf16")
    func bfloatConversion() {
        var wrong = 0
        for code in 0...255 where code & 0x7F != 0x7F {
            let half = Float16(bitPattern: FP8Conversion.halfBits(UInt8(code)))
            let widened = Float(half)  // cvt.f32.f16: exact
            let bf16 = Float(bitPattern: widened.bitPattern & 0xFFFF_0000)
            let want = MiniFloat.float8E4M3FN.decode(UInt8(code))
            if widened.bitPattern & 0xFFFF != 0 || bf16 * Float(FP8Conversion.scaleCompensation) != want { wrong += 1 }
            if want != 0 && !bf16.isNormal { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    @Test("bf16 variants: bf16 mma, a prmt per pair, no spills", arguments: [GPUArchitecture.sm_80, .sm_90])
    func bf16PTX(gpu: GPUArchitecture) throws {
        let g = FP8GPUGEMV(activation: .bf16)
        #expect(g.variantName(g.defaultConfig).hasPrefix("fp8_gemv_mma_e4m3_pc_bf16_gpu_"))
        #expect(FP8GPUGEMV().variantName(g.defaultConfig).hasPrefix("fp8_gemv_mma_e4m3_pc_f16_gpu_"))
        // Every bf16 pick takes the subnormal dequantization.
        #expect(g.preferredConfig(m: 16, n: 28672, k: 8192).subnormalBF16 && g.preferredConfig(m: 1, n: 28672, k: 8192).subnormalBF16)
        #expect(!FP8GPUGEMV().preferredConfig(m: 1, n: 8192, k: 8192).subnormalBF16)
        for config in [g.defaultConfig, g.preferredConfig(m: 16, n: 8192, k: 8192), g.preferredConfig(m: 1, n: 28672, k: 8192)] {
            let ptx = try PTXCompiler().ptx(try g.emit(config), gpu: gpu, ptx: max(config.minimumPTX, gpu.minimumPTX))
            let mmas = config.unrollK * config.columnWords * 2 * (config.maxRows / 8) * config.bodyLoopCopies
            #expect(GPUGEMVTests.count(ptx, "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32") == mmas, "\(config)")
            // 4 words × 2 pairs × unrollK × column words per body: a prmt each through f32, a bf16
            // fma each with the subnormal dequantization (which `preferredConfig` picks below N = 16384).
            let pairs = 8 * config.unrollK * config.columnWords * config.bodyLoopCopies
            #expect(config.subnormalBF16 == (config != g.defaultConfig), "\(config)")
            #expect(GPUGEMVTests.count(ptx, "prmt.b32") == (config.subnormalBF16 ? 0 : pairs), "\(config)")
            #expect(GPUGEMVTests.count(ptx, "fma.rn.bf16x2") == (config.subnormalBF16 ? pairs : 0), "\(config)")
            #expect(!ptx.contains(".local"))
            if gpu == .sm_90, GPUGEMVTests.ptxas != nil {
                let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90")
                #expect(status == 0 && output.contains(" 0 bytes spill stores"), "\(config): \(output)")
            }
        }
        #expect(throws: KernelConfigError.self) { try FP8GPUGEMV(activation: .f32).validate(g.defaultConfig) }
    }
}
