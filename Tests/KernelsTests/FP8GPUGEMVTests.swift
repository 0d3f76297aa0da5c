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
            let mmas = config.unrollK * config.columnWords * 2 * (config.maxRows / 8)  // 8-bit: one K step per word
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
}
