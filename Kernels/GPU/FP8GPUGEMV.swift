import KernelIR
import Quantization

/// What the bytes of a GEMV's `qweight` words hold.
public enum GEMVWeightEncoding: String, Hashable, Codable, Sendable {
    /// GPTQ unsigned integers with zero points and group scales.
    case gptq
    /// FP8 e4m3fn codes with one scale per output channel (W8A16).
    case fp8e4m3
}

/// FP8 e4m3fn → f16 in registers with integer ops only (GPUs without FP8 tensor cores).
///
/// An e4m3 byte `s eeee mmm` moved to `s 0 eeee mmm 0000000` (sign to bit 15, the rest 7 bits
/// up) is the f16 whose value is exactly 2^−8 times the e4m3 value: the exponent bias drops
/// from 15 to 7, e4m3 subnormals land on f16 subnormals with the same significand, and the
/// largest value, 448, becomes 1.75. (The NaN codes `0x7F`/`0xFF` become ±1.875 — FP8
/// checkpoints hold none.) Two bytes of a 32-bit word, at bits 0–7 and 16–23, become one f16
/// pair in one `and`–shift–`or` sequence; the 2^8 goes into the f32 scale.
public enum FP8Conversion {
    /// The factor the converted values are short of.
    public static let scaleCompensation = 256

    /// Bytes 0 and 2 of `word` as an f16×2 (in an i32) of 2^−8 times their e4m3 values.
    public static func halfPair(_ word: Value) -> Value {
        ((word & 0x007F_007F) << 7) | ((word & 0x0080_0080) << 8)
    }

    /// The same on the host, for references: the f16 bits of 2^−8 times the e4m3 value of `code`.
    public static func halfBits(_ code: UInt8) -> UInt16 {
        (UInt16(code & 0x7F) << 7) | (UInt16(code & 0x80) << 8)
    }
}

/// Weight-only FP8 GEMV for decode on GPUs without FP8 tensor cores (sm_80+; W8A16):
/// `y[M, N] = x[M, K] · W[K, N]`, `W[k, n] = e4m3(code[k, n]) · scale[n]`, f16 or bf16
/// activations and outputs (``activation``), M ≤ 16. The schedule and the `mma.sync` machinery
/// are ``GPTQGPUGEMV``'s for 8-bit per-channel symmetric weights (``GPUGEMVConfig``); only the
/// dequantization differs: ``FP8Conversion`` turns two e4m3 bytes into an f16 pair with three
/// integer ops (for bf16 both halves are then widened to f32 and their high halves kept: exact,
/// an e4m3 value has 4 significant bits), and the per-channel scale (times 2^8) is applied in
/// f32 after the K loop. With bf16 the weights enter the bf16 `mma` exactly, so the error is the
/// activations' bf16 rounding, the f32 accumulation and the bf16 output.
///
/// Layout: `qweight` is `Int32[K/4, N]`, byte `j` of word `(r, n)` the e4m3 code of
/// `W[4r + j, n]` (the GPTQ 8-bit layout; ``pack(codes:n:k:)`` builds it from a checkpoint's
/// `[N, K]` bytes); `scales` is `Float16[N]`. Parameters: the weight-only list (`x, qweight,
/// qzeros, scales, g_idx, y, m, n, k`; `qzeros` and `g_idx` unused), then `workspace` and
/// `counters` as ``GPTQGPUGEMV``'s.
public struct FP8GPUGEMV: Sendable {
    /// The activation and output type: `.f16` or `.bf16`.
    public var activation: ScalarType
    public init(activation: ScalarType = .f16) { self.activation = activation }

    /// The 8-bit GPTQ generator whose geometry the FP8 variant shares.
    public var geometry: GPTQGPUGEMV {
        GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 8, groupSize: -1), activation: activation, convention: .gpu))
    }

    public var defaultConfig: GPUGEMVConfig { geometry.defaultConfig }
    /// The 8-bit GEMV's candidates. The codes can be interleaved as 8-bit words are
    /// (``GPTQGPUGEMV/interleave(_:bits:)``): the dequantization pairs bytes 0 and 2, then 1 and 3,
    /// of a word either way, and interleaving makes those pairs consecutive K values.
    public var candidateConfigs: [GPUGEMVConfig] { geometry.candidateConfigs }

    /// The schedule for an `m × n × k` problem, from the twelfth session's sweeps of every
    /// candidate (Tools/gpu/results/2026-12-01-s12 calls 3–4; one arrangement of the codes per shape
    /// class and activation type serves every M ≤ 16): interleaved codes (`i`) with f16; with bf16
    /// interleaved codes below 16384, the codes as stored at N ≥ 16384 and interleaved codes in
    /// strips (`iy`) at K ≥ 16384 > N, every bf16 pick through the subnormal dequantization (`z`).
    /// Against the schedules of before (the 8-bit GEMV's of the tenth session), two rounds in one
    /// process (call 5): M = 16 4–8 % faster on 8192 × 8192, 8–15 % on 8192 × 28672 and 21–39 % on
    /// 28672 × 8192 (f16 110.4 → 67.5 µs), M = 1 3–7 % faster on 28672 × 8192 and within ±1 % elsewhere.
    public func preferredConfig(m: Int, n: Int, k: Int) -> GPUGEMVConfig {
        let wide = n >= 16384, deep = k >= 16384, bf16 = activation == .bf16
        var c: GPUGEMVConfig
        switch (m > 8, wide, deep) {
        case (false, false, false):  // r8w8c1u8pmb2it (bf16 r8w8c1u8pb2zit)
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8, registerMagic: !bf16, minBlocks: 2)
            c.pairedBodies = true
        case (true, false, false):  // r16w8n4c1u4ps4mx2ie
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
            c.earlyBodies = 1
        case (false, true, _):  // r8w4c1u4plm(i)
            c = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 4, l2Prefetch: true, registerMagic: true)
        case (true, true, _):  // r16w8n4c1u8pmx2(ie)
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, registerMagic: true, columnWarps: 4, activationStages: 2)
            c.earlyBodies = bf16 ? 0 : 1
        case (false, false, true):  // r8w8c1u8pm(i) (bf16 r8w8c1u8pziy)
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8, registerMagic: !bf16)
        case (true, false, true):  // r16w8n4c1u8ps4mx2(i)e (bf16 r16w8n4c1u8ps4mx2ziy)
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
            c.earlyBodies = bf16 ? 0 : 1
        }
        c.subnormalBF16 = bf16
        c.interleavedWords = !(bf16 && wide)
        c.tiledWords = bf16 && deep && !wide
        return c
    }

    /// The preferred schedules at M = 1 and 16 on the three benchmark shapes, each once: what the
    /// benches and the GPU checks run (``GPTQGPUGEMV/benchmarkedPicks(of:)``).
    public var benchmarkedPicks: [GPUGEMVConfig] { GPTQGPUGEMV.benchmarkedPicks(of: preferredConfig) }

    public func variantName(_ c: GPUGEMVConfig) -> String { "fp8_gemv_mma_e4m3_pc_\(activation.name)_gpu_\(c)" }

    public func validate(_ c: GPUGEMVConfig) throws { try geometry.validate(c) }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: GPUGEMVConfig) -> String? {
        geometry.unsupportedShape(m: m, n: n, k: k, config: c)
    }

    public func emit(_ c: GPUGEMVConfig) throws -> Kernel {
        try emitBound(c, cutting: [])
    }

    /// A timing bound (``GPTQGPUGEMV/emitBound(_:cutting:)``): `c` without the parts `cuts`, under
    /// its own name; wrong results with any cut. FP8 codes have no dequantization cut.
    public func emitBound(_ c: GPUGEMVConfig, cutting cuts: GPUGEMVCuts) throws -> Kernel {
        try validate(c)
        if cuts.contains(.dequantization) {
            throw KernelConfigError(generator: "fp8_gemv_mma", message: "FP8 codes have no dequantization cut")
        }
        let b = KernelBuilder(name: variantName(c) + cuts.nameSuffix, convention: .gpu)
        // `minBlocks` stays unapplied here, as the FP8 picks were measured; the bound above 256 threads holds.
        if let bound = c.launchBound(minBlocks: 0) { b.launchBounds(maxThreads: bound.maxThreads, minBlocks: bound.minBlocks) }
        GPUGEMVEmitter(generator: geometry, config: c, builder: b, encoding: .fp8e4m3, cuts: cuts).emit()
        return b.finish()
    }

    /// The kernel's `qweight` from a checkpoint's e4m3 codes `[N, K]` (row-major; K a multiple of 4).
    public static func pack(codes: [UInt8], n: Int, k: Int) -> [Int32] {
        precondition(codes.count == n * k && k % 4 == 0, "codes must be [N, K] with K a multiple of 4")
        var words = [Int32](repeating: 0, count: k / 4 * n)
        for col in 0..<n {
            for row in 0..<k {
                words[(row / 4) * n + col] |= Int32(bitPattern: UInt32(codes[col * k + row]) << UInt32(8 * (row % 4)))
            }
        }
        return words
    }
}
