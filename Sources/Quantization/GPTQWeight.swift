/// A GPTQ-packed linear weight: the tensors a checkpoint holds for one `W[K, N]`, in the
/// layout of ``GPTQLayout``.
public struct GPTQWeight: Sendable {
    public var layout: GPTQLayout
    public var k: Int
    public var n: Int
    /// `Int32[K·bits/32, N]`, row-major.
    public var qweight: [Int32]
    /// `Int32[G, ceil(N·bits/32)]`, row-major; empty for symmetric layouts.
    public var qzeros: [Int32]
    /// `Float16[G, N]` as raw bits would lose nothing, but Float keeps the reference portable.
    public var scales: [Float]
    /// `Int32[K]`; empty unless ``GPTQLayout/actOrder``.
    public var gIdx: [Int32]

    /// The tensors as given (not checked: ``GPTQWeight/pack(layout:k:n:q:zeros:scales:gIdx:)``
    /// makes them from values; a checkpoint's go through ``StoredQuantizedWeight/gptqWeight()``).
    public init(layout: GPTQLayout, k: Int, n: Int, qweight: [Int32], qzeros: [Int32], scales: [Float], gIdx: [Int32]) {
        self.layout = layout
        self.k = k
        self.n = n
        self.qweight = qweight
        self.qzeros = qzeros
        self.scales = scales
        self.gIdx = gIdx
    }

    public var groups: Int { layout.groupCount(k: k) }

    /// The group of input row `row`.
    @inlinable
    public func group(ofRow row: Int) -> Int {
        layout.actOrder ? Int(gIdx[row]) : row / layout.effectiveGroupSize(k: k)
    }

    /// The quantized value `q[row, col]`.
    public func quantized(row: Int, col: Int) -> Int {
        qweight.withUnsafeBufferPointer {
            BitStream.read($0, base: col, stride: n, index: row, bits: layout.bits)
        }
    }

    /// The zero point of group `g`, column `col`, as the kernel must subtract it.
    public func zeroPoint(group g: Int, col: Int) -> Int {
        switch layout.zeroPoints {
        case .symmetric: return layout.symmetricZero
        case .v1, .v2:
            let cols = layout.packedZeroColumns(n: n)
            let stored = qzeros.withUnsafeBufferPointer {
                BitStream.read($0, base: g * cols, stride: 1, index: col, bits: layout.bits)
            }
            // v1 stores zero − 1; like vLLM's and ExLlama's kernels, the +1 is not wrapped, so a
            // true zero point of 0 (stored as all ones) reads back as 2^bits — the v1 flaw that
            // gptq_v2 fixes.
            return layout.zeroPoints == .v1 ? stored + 1 : stored
        }
    }

    /// The reference dequantization `W[k, n] = (q − z) · s`, row-major `[K, N]`.
    public func dequantize() -> [Float] {
        var out = [Float](repeating: 0, count: k * n)
        for row in 0..<k {
            let g = group(ofRow: row)
            for col in 0..<n {
                let q = quantized(row: row, col: col)
                let z = zeroPoint(group: g, col: col)
                out[row * n + col] = Float(q - z) * scales[g * n + col]
            }
        }
        return out
    }

    /// Packs quantized values `q[K, N]` (row-major, each in `0...maxQuantized`), zero points
    /// `zeros[G, N]` (ignored when symmetric), `scales[G, N]` and an optional `g_idx`.
    public static func pack(
        layout: GPTQLayout, k: Int, n: Int, q: [Int], zeros: [Int], scales: [Float], gIdx: [Int32] = []
    ) -> GPTQWeight {
        precondition(layout.validate(k: k, n: n) == nil, layout.validate(k: k, n: n) ?? "")
        var qweight = [Int32](repeating: 0, count: layout.packedRows(k: k) * n)
        for row in 0..<k {
            for col in 0..<n {
                BitStream.write(&qweight, base: col, stride: n, index: row, bits: layout.bits, value: q[row * n + col])
            }
        }
        let g = layout.groupCount(k: k)
        var qzeros: [Int32] = []
        if layout.zeroPoints != .symmetric {
            let cols = layout.packedZeroColumns(n: n)
            qzeros = [Int32](repeating: 0, count: g * cols)
            for gi in 0..<g {
                for col in 0..<n {
                    var z = zeros[gi * n + col]
                    if layout.zeroPoints == .v1 { z = (z - 1) & layout.maxQuantized }
                    BitStream.write(&qzeros, base: gi * cols, stride: 1, index: col, bits: layout.bits, value: z)
                }
            }
        }
        return GPTQWeight(layout: layout, k: k, n: n, qweight: qweight, qzeros: qzeros, scales: scales,
                          gIdx: layout.actOrder ? gIdx : [])
    }
}
