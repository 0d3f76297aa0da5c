import KernelIR
import Quantization

/// Rewrites AWQ, compressed-tensors, act-order GPTQ and 3-bit weights into the GPTQ layout the
/// GPU kernels consume (``RepackSource/target``), once, at load: the same generator gives a CPU
/// variant (``KernelConvention/cpuGrid``, for tests and CPU loading) and a GPU variant.
///
/// Every output word or scale is one work item, computed from the source alone (no item
/// reads another's output), so both variants write the same bytes. Items run along the
/// source's rows (output columns for GPTQ and AWQ, K for compressed-tensors and FP8), so that
/// neighbouring GPU threads read neighbouring words:
///
/// - `qweight[r, n]` (values `r·V … r·V + V − 1` of column `n`, `V = 32 / bits`): a GPTQ
///   word is copied, a compressed-tensors word transposed (`weight_packed[n, r]` is the same
///   bit stream along K), an AWQ word gathered from the 8 K rows `8r … 8r + 7` of `qweight[·, n/8]`
///   at slot `[0, 4, 1, 5, 2, 6, 3, 7][n % 8]`; with act-order each value comes from source
///   row `permutation[r·V + j]`;
/// - `qzeros[g, w]`: GPTQ copied, compressed-tensors transposed from `[w, g]`, AWQ's 8 nibbles
///   put back in sequential order;
/// - `scales[g, n]`: copied, or transposed from compressed-tensors' `[n, g]`, or broadcast from
///   an FP8 per-tensor scale; bf16 and f32 scales are rounded to f16 (to nearest even).
///
/// FP8 e4m3 sources (`weight[N, K]` bytes) become ``FP8GPUGEMV``'s `qweight[K/4, N]`: the
/// `Int32` words of each row, transposed.
///
/// 3-bit sources (GPTQ v1, v2 or symmetric, with or without act-order; compressed-tensors
/// pack-quantized) are widened to the 4-bit target (see ``RepackSource/widens``), so that they
/// run on the 4-bit tensor-core kernels: output word `(r, col)` holds the 3-bit values of K rows
/// `8r … 8r + 7` (or `permutation[8r … 8r + 7]`) as nibbles, read from the source's bit stream
/// along K (32 values in 3 words, values 10 and 21 of each 3 words straddling two words);
/// `qzeros[g, w]` the zero points of columns `8w … 8w + 7` from the bit stream along N (nibbles
/// of columns ≥ N are 0). Exact, but the kernels then read 4/3 of the bytes an ideal 3-bit
/// kernel would.
///
/// Parameters: `src_weight` (i32), `src_zeros` (i32; any one word when symmetric),
/// `src_scales` (f16 or bf16 bits as i16, or f32), `permutation` (i32[K] with act-order, any one word
/// otherwise; see ``RepackPlan``), then the outputs `qweight` (i32), `qzeros` (i32, at least
/// one word), `scales` (i16), then `n` and `k` (i64). Launch: ``RepackPlan/programs(_:)``
/// programs on the CPU, ``RepackPlan/blocks(_:)`` blocks of `threadsPerBlock` on the GPU.
public struct GPTQRepack: Sendable {
    public var source: RepackSource
    public var convention: KernelConvention

    public init(source: RepackSource, convention: KernelConvention) {
        self.source = source
        self.convention = convention
    }

    public var defaultConfig: RepackConfig { RepackConfig() }

    public func variantName(_ c: RepackConfig) -> String {
        "repack_\(source)_\(convention == .gpu ? "gpu_t\(c.threadsPerBlock)" : "cpu_i\(c.itemsPerProgram)")"
    }

    public func validate(_ c: RepackConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "gptq_repack", message: m) }
        if let problem = source.validate() { throw fail(problem) }
        if c.threadsPerBlock < 32 || c.threadsPerBlock > 1024 || c.threadsPerBlock % 32 != 0 {
            throw fail("threadsPerBlock \(c.threadsPerBlock) must be a multiple of 32 in 32...1024")
        }
        if c.itemsPerProgram < 1 { throw fail("itemsPerProgram \(c.itemsPerProgram) must be positive") }
    }

    public func emit(_ c: RepackConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: convention)
        RepackEmitter(source: source, b: b).emit(c)
        return b.finish()
    }
}

/// Emits the body of one ``GPTQRepack`` variant.
struct RepackEmitter {
    let source: RepackSource
    let b: KernelBuilder

    /// The source's width and values per word (2-, 4- and 8-bit sources; 3-bit ones widen).
    var bits: Int { source.bits }
    var perWord: Int { 32 / source.bits }
    var perWordShift: Int { perWord.trailingZeroBitCount }
    var mask: Int { (1 << bits) - 1 }
    /// Values per word of the output (8 for a widened 3-bit source).
    var outShift: Int { source.targetValuesPerWord.trailingZeroBitCount }

    func emit(_ c: RepackConfig) {
        let space: AddressSpace = .global
        let srcWeight = b.parameter("src_weight", .pointer(.i32, space))
        let srcZeros = b.parameter("src_zeros", .pointer(.i32, space))
        let srcScales = b.parameter("src_scales", .pointer(source.scaleType == .float32 ? .f32 : .i16, space))
        let permutation = b.parameter("permutation", .pointer(.i32, space))
        let qweight = b.parameter("qweight", .pointer(.i32, space))
        let qzeros = b.parameter("qzeros", .pointer(.i32, space))
        let scales = b.parameter("scales", .pointer(.i16, space))
        let n = b.parameter("n", .i64)
        let k = b.parameter("k", .i64)

        let rows = k >> outShift  // packed rows of the output
        let weightWords = rows * n
        let zeroColumns = (n * source.targetBits + 31) >> 5
        let groups = source.groupSize > 0 ? k / source.groupSize : b.constant(1, .i64)
        let zeroWords = source.asymmetric ? groups * zeroColumns : b.constant(0, .i64)
        let total = weightWords + zeroWords + groups * n

        /// Output scale `j` (`[G, N]`), as f16 bits.
        func scale(_ j: Value) {
            let g = j / n, col = j - g * n
            let from: Value
            switch source.format {
            case .compressedTensors: from = col * groups + g
            case .fp8: from = source.perTensorScale ? b.constant(0, .i64) : j
            case .gptq, .awq: from = j
            }
            let stored = srcScales.load(from)
            switch source.scaleType {
            case .float16:
                scales.store(stored, at: j)
            case .bfloat16:
                // bf16 is the top half of an f32 (exact); one rounding to f16.
                let f32 = (stored.convert(.i32, unsigned: true) << 16).bitcast(to: .f32)
                scales.store(f32.convert(.f16).bitcast(to: .i16), at: j)
            case .float32:
                scales.store(stored.convert(.f16).bitcast(to: .i16), at: j)
            }
        }

        func item(_ i: Value) {
            b.if(i.compare(.lt, weightWords)) {
                if source.format == .compressedTensors || source.format == .fp8 {
                    // Sources stored `[N, K·bits/32]`: neighbouring items take neighbouring words of
                    // one source row (coalesced reads; with act-order, gathers inside one row).
                    let col = i / rows, r = i - col * rows
                    qweight.store(weightWord(r, col, rows: rows, n: n, srcWeight, permutation), at: r * n + col)
                } else {
                    let r = i / n, col = i - r * n
                    qweight.store(weightWord(r, col, rows: rows, n: n, srcWeight, permutation), at: i)
                }
            } else: {
                let j = i - weightWords
                guard source.asymmetric else { return scale(j) }
                b.if(j.compare(.lt, zeroWords)) {
                    let g = j / zeroColumns, w = j - g * zeroColumns
                    qzeros.store(zeroWord(g, w, index: j, groups: groups, n: n, srcZeros), at: j)
                } else: {
                    scale(j - zeroWords)
                }
            }
        }

        if b.kernel.convention == .gpu {
            let block = b.blockIndex().convert(.i64, unsigned: true), thread = b.threadIndex().convert(.i64, unsigned: true)
            let i = block * c.threadsPerBlock + thread
            b.if(i.compare(.lt, total)) { item(i) }
        } else {
            let first = b.programID() * c.itemsPerProgram
            b.loop(first, (first + c.itemsPerProgram).min(total)) { item($0) }
        }
    }

    /// Output word `(r, col)` of `qweight`.
    func weightWord(_ r: Value, _ col: Value, rows: Value, n: Value, _ src: Value, _ permutation: Value) -> Value {
        if source.widens { return widenedWeightWord(r, col, rows: rows, n: n, src, permutation) }
        switch (source.format, source.actOrder) {
        case (.gptq, false):
            return src.load(r * n + col)
        case (.compressedTensors, false), (.fp8, _):
            // `[N, K·bits/32]` words: the same bit stream along K, transposed (FP8: the bytes of
            // row `col` read as little-endian words).
            return src.load(col * rows + r)
        case (.awq, _):
            // Column `col` sits in word col / 8 of each K row, at slot [0,4,1,5,2,6,3,7][col % 8].
            let lane = (col & 7).convert(.i32)
            let shift = (((lane & 1) << 2) | (lane >> 1)) * 4
            let base = (r * 8) * (n >> 3) + (col >> 3)
            var word = b.constant(0, .i32)
            for j in 0..<8 {
                let value = (src.load(base + (n >> 3) * j) >> shift) & 0xF
                word = word | (j == 0 ? value : value << (4 * j))
            }
            return word
        case (.gptq, true), (.compressedTensors, true):
            var word = b.constant(0, .i32)
            for j in 0..<perWord {
                let row = permutation.load(r * perWord + j).convert(.i64)
                let packedRow = row >> perWordShift
                let from = source.format == .gptq ? packedRow * n + col : col * rows + packedRow
                let shift = ((row & (perWord - 1)) * bits).convert(.i32)
                let value = (src.load(from) >> shift) & mask
                word = word | (j == 0 ? value : value << (j * bits))
            }
            return word
        }
    }

    /// Output word `(g, w)` of `qzeros` (flat index `index`).
    func zeroWord(_ g: Value, _ w: Value, index: Value, groups: Value, n: Value, _ src: Value) -> Value {
        if source.widens { return widenedZeroWord(g, w, groups: groups, n: n, src) }
        switch source.format {
        case .gptq, .fp8:  // FP8 sources are symmetric: never called
            return src.load(index)
        case .compressedTensors:
            return src.load(w * groups + g)
        case .awq:
            let stored = src.load(index)  // qzeros[G, N/8]: the same shape as the output for 4 bits
            var word = b.constant(0, .i32)
            for j in 0..<8 {
                let slot = PackOrder.awqSlotOfValue[j]
                let value = slot == 0 ? stored & 0xF : (stored >> (4 * slot)) & 0xF
                word = word | (j == 0 ? value : value << (4 * j))
            }
            return word
        }
    }
}
