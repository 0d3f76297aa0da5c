extension QuantScheme {
    /// The ``GPTQLayout`` of a GPTQ scheme (nil for other layouts), for the GPTQ kernels.
    public var gptqLayout: GPTQLayout? {
        guard layout == .gptqRows else { return nil }
        let zeros: GPTQZeroPoints
        switch zeroPoints {
        case .gptqV1MinusOne: zeros = .v1
        case .gptqV2: zeros = .v2
        default: zeros = .symmetric
        }
        return GPTQLayout(bits: bits, groupSize: groupSize == 0 ? -1 : groupSize, zeroPoints: zeros, actOrder: actOrder)
    }
}

extension StoredQuantizedWeight {
    /// The same tensors as a ``GPTQWeight`` (nil unless the scheme is GPTQ), after checking sizes.
    public func gptqWeight() throws(QuantFormatError) -> GPTQWeight? {
        guard let layout = scheme.gptqLayout, case .words(let qweight) = weight else { return nil }
        _ = try unpack()  // validates every size and g_idx entry
        return GPTQWeight(layout: layout, k: k, n: n, qweight: qweight, qzeros: zeros, scales: scales,
                          gIdx: layout.actOrder ? gIdx : [])
    }
}
