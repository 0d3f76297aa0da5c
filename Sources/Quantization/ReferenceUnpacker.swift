/// The stored payload of a quantized weight tensor.
public enum StoredWeight: Hashable, Sendable {
    /// Packed 32-bit words (GPTQ `qweight`, AWQ `qweight`, compressed-tensors `weight_packed`).
    case words([Int32])
    /// One byte per value: int8 codes or FP8 bit patterns, `[N, K]`.
    case bytes([UInt8])
}

/// The tensors of one quantized linear layer, as read from a checkpoint, before unpacking.
public struct StoredQuantizedWeight: Hashable, Sendable {
    public var scheme: QuantScheme
    /// Output features.
    public var n: Int
    /// Input features.
    public var k: Int
    public var weight: StoredWeight
    /// Scales as stored (row-major, in the stored tensor's shape), converted to `Float`.
    public var scales: [Float]
    /// Zero points as stored: packed words, or one integer per zero point. Empty when symmetric.
    public var zeros: [Int32]
    /// `g_idx` / `weight_g_idx`; empty when the scheme has no act-order.
    public var gIdx: [Int32]

    public init(
        scheme: QuantScheme, n: Int, k: Int, weight: StoredWeight, scales: [Float],
        zeros: [Int32] = [], gIdx: [Int32] = []
    ) {
        self.scheme = scheme
        self.n = n
        self.k = k
        self.weight = weight
        self.scales = scales
        self.zeros = zeros
        self.gIdx = gIdx
    }

    /// Unpacks into the canonical form, checking every size first: never reads out of bounds.
    public func unpack() throws(QuantFormatError) -> UnpackedWeight {
        if let problem = scheme.validate(n: n, k: k) { throw problem }
        let s = scheme
        let g = s.groupCount(k: k)
        let groupSize = s.groupSize > 0 ? s.groupSize : k
        var groupOfColumn: [Int32] = []
        if case .group = s.granularity {
            if s.actOrder {
                guard gIdx.count == k else { throw .wrongElementCount(tensor: "g_idx", expected: k, actual: gIdx.count) }
                groupOfColumn = gIdx
            } else {
                groupOfColumn = (0..<k).map { Int32($0 / groupSize) }
            }
        }
        var out = UnpackedWeight(n: n, k: k, granularity: s.granularity, scales: [],
                                 groupOfColumn: groupOfColumn)
        out.implicitZero = s.isAsymmetric ? 0 : Int32(s.implicitZero)

        switch s.layout {
        case .gptqRows:
            let words = try packedWords(count: (k * s.bits / 32) * n)
            out.codes = Self.readStream(words, n: n, k: k, bits: s.bits, base: { $0 }, stride: n)
            out.scales = try transposed(scales, rows: g, cols: n, name: "scales")
            if s.isAsymmetric {
                let cols = (n * s.bits + 31) / 32
                try expect(zeros, count: g * cols, name: "qzeros")
                let bump: Int32 = s.zeroPoints == .gptqV1MinusOne ? 1 : 0
                out.zeros = zeros.withUnsafeBufferPointer { z in
                    (0..<(n * g)).map { i in
                        let (row, group) = (i / g, i % g)
                        return Int32(BitStream.read(z, base: group * cols, stride: 1, index: row, bits: s.bits)) + bump
                    }
                }
            }
        case .awqGEMM:
            let cols = n / s.packFactor
            let words = try packedWords(count: k * cols)
            out.codes = [Int32](repeating: 0, count: n * k)
            for col in 0..<k {
                for row in 0..<n {
                    out.codes[row * k + col] = Self.awqNibble(words[col * cols + row / 8], value: row % 8)
                }
            }
            out.scales = try transposed(scales, rows: g, cols: n, name: "scales")
            if s.isAsymmetric {
                try expect(zeros, count: g * cols, name: "qzeros")
                out.zeros = (0..<(n * g)).map { i in
                    let (row, group) = (i / g, i % g)
                    return Self.awqNibble(zeros[group * cols + row / 8], value: row % 8)
                }
            }
        case .awqGEMV:
            let cols = k / s.packFactor
            let width = QuantScheme.awqGEMVZerosWidth(k: k, groupSize: groupSize)
            let words = try packedWords(count: n * cols)
            out.codes = (0..<(n * k)).map { i in
                let (row, col) = (i / k, i % k)
                return Int32((UInt32(bitPattern: words[row * cols + col / 8]) >> UInt32(4 * (col % 8))) & 0xF)
            }
            try expect(scales, count: n * width * 8, name: "scales")
            try expect(zeros, count: n * width, name: "qzeros")
            out.scales = (0..<(n * g)).map { i in scales[(i / g) * width * 8 + i % g] }
            out.zeros = (0..<(n * g)).map { i in
                let (row, group) = (i / g, i % g)
                return Int32((UInt32(bitPattern: zeros[row * width + group / 8]) >> UInt32(4 * (group % 8))) & 0xF)
            }
        case .compressedTensorsPacked:
            let cols = (k * s.bits + 31) / 32
            let words = try packedWords(count: n * cols)
            let offset = Int32(1 << (s.bits - 1))
            out.codes = Self.readStream(words, n: n, k: k, bits: s.bits, base: { $0 * cols }, stride: 1).map { $0 - offset }
            out.scales = try scalesByGranularity(g: g)
            if s.isAsymmetric {
                try expect(zeros, count: ((n * s.bits + 31) / 32) * g, name: "weight_zero_point")
                out.zeros = zeros.withUnsafeBufferPointer { z in
                    (0..<(n * g)).map { i in
                        let (row, group) = (i / g, i % g)
                        return Int32(BitStream.read(z, base: group, stride: g, index: row, bits: s.bits)) - offset
                    }
                }
            }
        case .unpacked:
            guard case .bytes(let bytes) = weight else {
                throw .inconsistentScheme("an unpacked weight is stored one byte per value, not in 32-bit words")
            }
            try expect(bytes, count: n * k, name: "weight")
            switch s.valueType {
            case .float8E4M3FN: out.floatValues = bytes.map { MiniFloat.float8E4M3FN.decode($0) }
            case .float8E5M2: out.floatValues = bytes.map { MiniFloat.float8E5M2.decode($0) }
            case .signedInt: out.codes = bytes.map { Int32(Int8(bitPattern: $0)) }
            case .unsignedInt: out.codes = bytes.map { Int32($0) }
            }
            out.scales = try scalesByGranularity(g: g)
            if s.isAsymmetric {
                let count: Int
                switch s.granularity {
                case .perTensor, .block: count = 1
                case .perChannel, .group: count = n * g
                }
                try expect(zeros, count: count, name: "weight_zero_point")
                out.zeros = zeros
            }
        }
        try out.validate()
        return out
    }

    /// Unpacks and dequantizes: `[N, K]` row-major.
    public func dequantize() throws(QuantFormatError) -> [Float] { try unpack().dequantize() }

    // MARK: - Helpers

    private func packedWords(count: Int) throws(QuantFormatError) -> [Int32] {
        guard case .words(let words) = weight else {
            throw .inconsistentScheme("\(scheme.layout.rawValue) stores packed 32-bit words, not bytes")
        }
        try expect(words, count: count, name: "packed weight")
        return words
    }

    private func expect<T>(_ array: [T], count: Int, name: String) throws(QuantFormatError) {
        if array.count != count { throw .wrongElementCount(tensor: name, expected: count, actual: array.count) }
    }

    private func transposed(_ a: [Float], rows: Int, cols: Int, name: String) throws(QuantFormatError) -> [Float] {
        try expect(a, count: rows * cols, name: name)
        return (0..<(rows * cols)).map { i in a[(i % rows) * cols + i / rows] }
    }

    private func scalesByGranularity(g: Int) throws(QuantFormatError) -> [Float] {
        let count: Int
        switch scheme.granularity {
        case .perTensor: count = 1
        case .perChannel: count = n
        case .group: count = n * g
        case .block(let r, let c): count = ((n + r - 1) / r) * ((k + c - 1) / c)
        }
        try expect(scales, count: count, name: "weight_scale")
        return scales
    }

    /// Reads `N·K` codes where row `n`'s bit stream starts at word `base(n)` with `stride`.
    private static func readStream(
        _ words: [Int32], n: Int, k: Int, bits: Int, base: (Int) -> Int, stride: Int
    ) -> [Int32] {
        words.withUnsafeBufferPointer { w in
            var out = [Int32](repeating: 0, count: n * k)
            for row in 0..<n {
                let b = base(row)
                for col in 0..<k {
                    out[row * k + col] = Int32(BitStream.read(w, base: b, stride: stride, index: col, bits: bits))
                }
            }
            return out
        }
    }

    /// The 4-bit logical value `value` (0…7) of an AWQ-interleaved word.
    @inlinable
    static func awqNibble(_ word: Int32, value: Int) -> Int32 {
        Int32((UInt32(bitPattern: word) >> UInt32(4 * PackOrder.awqSlotOfValue[value])) & 0xF)
    }
}
