extension UnpackedWeight {
    /// Packs this weight into the stored layout of `scheme`: the inverse of
    /// ``StoredQuantizedWeight/unpack()``, writing tensors exactly as GPTQModel, AutoAWQ and
    /// compressed-tensors write them (scales and zero points in their stored shapes).
    ///
    /// Codes must be in the scheme's range (`0...2^bits−1` unsigned, `−2^(bits−1)..<2^(bits−1)`
    /// signed). GPTQ v1 stores `zero − 1` per value, wrapping a zero point of 0 to all ones
    /// (GPTQModel's word-wide subtraction would borrow from the neighbour instead).
    public func packed(as scheme: QuantScheme) throws(QuantFormatError) -> StoredQuantizedWeight {
        if let problem = scheme.validate(n: n, k: k) { throw problem }
        try validate()
        if granularity != scheme.granularity {
            throw .inconsistentScheme("the weight's scales are \(granularity), the scheme's \(scheme.granularity)")
        }
        let g = groups
        let bits = scheme.bits
        var out = StoredQuantizedWeight(scheme: scheme, n: n, k: k, weight: .words([]), scales: [])
        if scheme.actOrder { out.gIdx = groupOfColumn }
        let (lowest, highest) = scheme.valueType == .signedInt ? (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) : (0, (1 << bits) - 1)
        func checkCodes(_ values: [Int32], name: String) throws(QuantFormatError) {
            if let i = values.firstIndex(where: { Int($0) < lowest || Int($0) > highest }) {
                throw .codeOutOfRange(tensor: name, index: i, value: Int(values[i]), range: lowest...highest)
            }
        }
        let groupScales = scales  // [N, G] for channel and group granularity
        func transposeToGroupMajor(_ a: [Float]) -> [Float] { (0..<(n * g)).map { a[($0 % n) * g + $0 / n] } }

        switch scheme.layout {
        case .gptqRows:
            try checkCodes(codes, name: "codes")
            var words = [Int32](repeating: 0, count: (k * bits / 32) * n)
            for row in 0..<n {
                for col in 0..<k {
                    BitStream.write(&words, base: row, stride: n, index: col, bits: bits, value: Int(codes[row * k + col]))
                }
            }
            out.weight = .words(words)
            out.scales = transposeToGroupMajor(groupScales)
            if scheme.isAsymmetric {
                try checkCodes(zeros, name: "zero points")
                let cols = (n * bits + 31) / 32
                var z = [Int32](repeating: 0, count: g * cols)
                for group in 0..<g {
                    for row in 0..<n {
                        var value = Int(zeros[row * g + group])
                        if scheme.zeroPoints == .gptqV1MinusOne { value = (value - 1) & scheme.maxCode }
                        BitStream.write(&z, base: group * cols, stride: 1, index: row, bits: bits, value: value)
                    }
                }
                out.zeros = z
            }
        case .awqGEMM:
            try checkCodes(codes, name: "codes")
            let cols = n / 8
            var words = [Int32](repeating: 0, count: k * cols)
            for col in 0..<k {
                for row in 0..<n {
                    words[col * cols + row / 8] |= Self.awqSlot(codes[row * k + col], value: row % 8)
                }
            }
            out.weight = .words(words)
            out.scales = transposeToGroupMajor(groupScales)
            if scheme.isAsymmetric {
                try checkCodes(zeros, name: "zero points")
                var z = [Int32](repeating: 0, count: g * cols)
                for group in 0..<g {
                    for row in 0..<n { z[group * cols + row / 8] |= Self.awqSlot(zeros[row * g + group], value: row % 8) }
                }
                out.zeros = z
            }
        case .awqGEMV:
            try checkCodes(codes, name: "codes")
            try checkCodes(zeros, name: "zero points")
            let cols = k / 8
            let width = QuantScheme.awqGEMVZerosWidth(k: k, groupSize: scheme.groupSize)
            var words = [Int32](repeating: 0, count: n * cols)
            for row in 0..<n {
                for col in 0..<k {
                    words[row * cols + col / 8] |= Int32(bitPattern: UInt32(codes[row * k + col]) << UInt32(4 * (col % 8)))
                }
            }
            var z = [Int32](repeating: 0, count: n * width)
            var s = [Float](repeating: 0, count: n * width * 8)
            for row in 0..<n {
                for group in 0..<g {
                    z[row * width + group / 8] |= Int32(bitPattern: UInt32(zeros[row * g + group]) << UInt32(4 * (group % 8)))
                    s[row * width * 8 + group] = groupScales[row * g + group]
                }
            }
            out.weight = .words(words)
            out.zeros = z
            out.scales = s
        case .compressedTensorsPacked:
            try checkCodes(codes, name: "codes")
            let offset = 1 << (bits - 1)
            let cols = (k * bits + 31) / 32
            var words = [Int32](repeating: 0, count: n * cols)
            for row in 0..<n {
                for col in 0..<k {
                    BitStream.write(&words, base: row * cols, stride: 1, index: col, bits: bits, value: Int(codes[row * k + col]) + offset)
                }
            }
            out.weight = .words(words)
            out.scales = scales
            if scheme.isAsymmetric {
                try checkCodes(zeros, name: "zero points")
                var z = [Int32](repeating: 0, count: ((n * bits + 31) / 32) * g)
                for group in 0..<g {
                    for row in 0..<n {
                        BitStream.write(&z, base: group, stride: g, index: row, bits: bits, value: Int(zeros[row * g + group]) + offset)
                    }
                }
                out.zeros = z
            }
        case .unpacked:
            switch scheme.valueType {
            case .float8E4M3FN, .float8E5M2:
                let format: MiniFloat = scheme.valueType == .float8E4M3FN ? .float8E4M3FN : .float8E5M2
                guard floatValues.count == n * k else {
                    throw .wrongElementCount(tensor: "weight values", expected: n * k, actual: floatValues.count)
                }
                out.weight = .bytes(floatValues.map { format.encode($0) })
            case .signedInt, .unsignedInt:
                try checkCodes(codes, name: "codes")
                out.weight = .bytes(codes.map { UInt8(truncatingIfNeeded: $0) })
            }
            out.scales = scales
            if scheme.isAsymmetric { out.zeros = zeros }
        }
        return out
    }

    /// A 4-bit value placed in its AWQ-interleaved slot.
    static func awqSlot(_ value: Int32, value logical: Int) -> Int32 {
        Int32(bitPattern: UInt32(value & 0xF) << UInt32(4 * PackOrder.awqSlotOfValue[logical]))
    }
}
