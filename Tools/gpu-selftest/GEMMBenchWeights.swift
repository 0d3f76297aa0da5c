import CUDA
import Quantization

/// Random packed weights for the GPTQ GEMM benches: `copies` sets of `qweight`, `qzeros` and f16
/// `scales`, as many as fit in about 1 GiB (2…8), so that launches that rotate through them
/// (`set(run)`) never find the weights in L2. Any bit pattern is a valid packing; the scales are
/// small positive values so that outputs stay finite.
struct GEMMBenchWeights {
    typealias Set = (qweight: DeviceBuffer<Int32>, qzeros: DeviceBuffer<Int32>, scales: DeviceBuffer<UInt16>)

    let sets: [Set]
    /// Bytes of one set: packed weights, zero points and scales.
    let bytes: Int
    /// A one-word `g_idx` (the GEMMs read it only with act-order).
    let gIdx: DeviceBuffer<Int32>

    /// `qweightWords` is the packed weight's size in its kernel's layout (the GPTQ layout's or
    /// ``GPTQWGMMALayout``'s, which are equal at the bench shapes).
    init(layout: GPTQLayout, n: Int, k: Int, qweightWords: Int, context: CUDAContext, random: inout SplitMix) throws {
        let groups = layout.groupCount(k: k)
        let qzeroWords = groups * layout.packedZeroColumns(n: n)
        bytes = 4 * qweightWords + 4 * qzeroWords + 2 * groups * n
        let copies = min(8, max(2, (1 << 30) / bytes))
        let scaleBits = (0..<(groups * n)).map { _ in Float16(Float(random.next() % 1000 + 100) / 200_000).bitPattern }
        var sets: [Set] = []
        for _ in 0..<copies {
            sets.append((try DeviceBuffer(context: context, copying: GPTQBench.randomWords(qweightWords, &random)),
                         try DeviceBuffer(context: context, copying: GPTQBench.randomWords(qzeroWords, &random)),
                         try DeviceBuffer(context: context, copying: scaleBits)))
        }
        self.sets = sets
        gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
    }

    /// The set launch `run` uses.
    func set(_ run: Int) -> Set { sets[run % sets.count] }
}
