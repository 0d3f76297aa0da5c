import Quantization

extension GGUFFile {
    /// The tensor info named `name`.
    public func tensor(named name: String) throws -> GGUFTensorInfo {
        guard let position = tensorIndex(of: name) else { throw GGUFError.missingTensor(file: fileName, tensor: name) }
        return tensors[position]
    }

    /// Whether a tensor named `name` exists.
    public func hasTensor(named name: String) -> Bool { tensorIndex(of: name) != nil }

    /// The raw bytes of `tensor` (no copy): valid while this file value is alive.
    ///
    /// - Precondition: `tensor` is one of this file's ``tensors``.
    public func data(of tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        precondition(tensorIndex(of: tensor.name).map { tensors[$0] == tensor } ?? false,
                     "tensor \"\(tensor.name)\" does not belong to \(fileName)")
        let start = dataOffset + tensor.offset
        return UnsafeRawBufferPointer(rebasing: storageBytes[start..<(start + tensor.byteCount)])
    }

    /// Dequantizes the whole tensor to float32 with the scalar reference dequantizers.
    public func floats(of tensor: GGUFTensorInfo) throws -> [Float] {
        guard tensor.type.isDequantizable else {
            throw GGUFError.badTensor(file: fileName, tensor: tensor.name, reason: "type \(tensor.type.name) cannot be dequantized")
        }
        var out = [Float](repeating: 0, count: tensor.elementCount)
        try out.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            try GGUFDequantizer.dequantize(tensor.type, from: data(of: tensor), count: tensor.elementCount, into: base)
        }
        return out
    }

    /// The metadata value for `key`, or a ``GGUFError/missingMetadata(file:key:)`` error.
    public func value(_ key: String) throws -> GGUFMetadataValue {
        guard let value = metadata[key] else { throw GGUFError.missingMetadata(file: fileName, key: key) }
        return value
    }

    /// An integer metadata value.
    public func int(_ key: String) throws -> Int {
        let v = try value(key)
        guard let i = v.intValue else { throw wrongType(key, "an integer", v) }
        return i
    }

    /// A float metadata value (float32 or float64).
    public func double(_ key: String) throws -> Double {
        let v = try value(key)
        guard let d = v.doubleValue else { throw wrongType(key, "a float", v) }
        return d
    }

    /// A string metadata value.
    public func string(_ key: String) throws -> String {
        let v = try value(key)
        guard let s = v.stringValue else { throw wrongType(key, "a string", v) }
        return s
    }

    /// A bool metadata value.
    public func bool(_ key: String) throws -> Bool {
        let v = try value(key)
        guard let b = v.boolValue else { throw wrongType(key, "a bool", v) }
        return b
    }

    /// An array of strings.
    public func strings(_ key: String) throws -> [String] {
        let v = try value(key)
        guard case .array(.string, let values) = v else { throw wrongType(key, "an array of strings", v) }
        return values.map { $0.stringValue ?? "" }
    }

    /// An array of integers.
    public func ints(_ key: String) throws -> [Int] {
        let v = try value(key)
        guard case .array(_, let values) = v else { throw wrongType(key, "an array of integers", v) }
        return try values.map { element in
            guard let i = element.intValue else { throw wrongType(key, "an array of integers", v) }
            return i
        }
    }

    private func wrongType(_ key: String, _ expected: String, _ found: GGUFMetadataValue) -> GGUFError {
        let foundType: String
        if case .array(let element, _) = found { foundType = "an array of \(element)" } else { foundType = found.type.description }
        return GGUFError.wrongMetadataType(file: fileName, key: key, expected: expected, found: foundType)
    }
}
