import Foundation

/// Typed access to one JSON object of a configuration file; every failure names the file and
/// the key path.
struct ConfigReader {
    let file: String
    let path: String
    let object: [String: Any]

    init(file: String, path: String = "", object: [String: Any]) {
        self.file = file
        self.path = path
        self.object = object
    }

    /// Parses `data` as a JSON object.
    static func parse(_ data: Data, file: String) throws(CheckpointError) -> ConfigReader {
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw .invalidConfig(file: file, key: "(root)", reason: "not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw .invalidConfig(file: file, key: "(root)", reason: "not a JSON object")
        }
        return ConfigReader(file: file, object: object)
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func has(_ key: String) -> Bool { object[key] != nil && !(object[key] is NSNull) }

    func error(_ key: String, _ reason: String) -> CheckpointError {
        .invalidConfig(file: file, key: keyPath(key), reason: reason)
    }

    func int(_ key: String) throws(CheckpointError) -> Int? {
        guard has(key) else { return nil }
        guard let n = object[key] as? NSNumber, !isJSONBool(n) else {
            throw error(key, "expected an integer, found \(describe(object[key]))")
        }
        let d = n.doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) < 1e15 else { throw error(key, "expected an integer, found \(n)") }
        return Int(d)
    }

    /// The first of `keys` that is present, as an integer.
    func int(anyOf keys: [String]) throws(CheckpointError) -> Int? {
        for key in keys { if let v = try int(key) { return v } }
        return nil
    }

    /// The first of `keys` that is present, as a string.
    func string(anyOf keys: [String]) throws(CheckpointError) -> String? {
        for key in keys { if let v = try string(key) { return v } }
        return nil
    }

    func bool(_ key: String) throws(CheckpointError) -> Bool? {
        guard has(key) else { return nil }
        if let n = object[key] as? NSNumber, isJSONBool(n) { return n.boolValue }
        throw error(key, "expected true or false, found \(describe(object[key]))")
    }

    func string(_ key: String) throws(CheckpointError) -> String? {
        guard has(key) else { return nil }
        guard let s = object[key] as? String else { throw error(key, "expected a string, found \(describe(object[key]))") }
        return s
    }

    func strings(_ key: String) throws(CheckpointError) -> [String]? {
        guard has(key) else { return nil }
        guard let array = object[key] as? [Any] else { throw error(key, "expected a list of strings") }
        var out: [String] = []
        for v in array {
            guard let s = v as? String else { throw error(key, "expected a list of strings, found \(describe(v))") }
            out.append(s)
        }
        return out
    }

    func ints(_ key: String) throws(CheckpointError) -> [Int]? {
        guard has(key) else { return nil }
        guard let array = object[key] as? [Any] else { throw error(key, "expected a list of integers") }
        var out: [Int] = []
        for v in array {
            guard let n = v as? NSNumber, !isJSONBool(n), n.doubleValue.isFinite, n.doubleValue == n.doubleValue.rounded(),
                  abs(n.doubleValue) < 1e15 else {
                throw error(key, "expected a list of integers, found \(describe(v))")
            }
            out.append(Int(n.doubleValue))
        }
        return out
    }

    func object(_ key: String) throws(CheckpointError) -> ConfigReader? {
        guard has(key) else { return nil }
        guard let o = object[key] as? [String: Any] else { throw error(key, "expected an object, found \(describe(object[key]))") }
        return ConfigReader(file: file, path: keyPath(key), object: o)
    }

    /// The entries of an object in the order they appear in the file (JSONSerialization loses
    /// order, so the raw text is scanned for the keys).
    func orderedKeys(of key: String, rawText: String?) -> [String] {
        guard let o = object[key] as? [String: Any] else { return [] }
        guard let text = rawText else { return o.keys.sorted() }
        let positions = o.keys.map { k -> (String, Int) in
            let quoted = String(data: (try? JSONSerialization.data(withJSONObject: [k], options: [])) ?? Data(), encoding: .utf8)
                .map { String($0.dropFirst().dropLast()) } ?? "\"\(k)\""
            let at = text.range(of: quoted).map { text.distance(from: text.startIndex, to: $0.lowerBound) } ?? Int.max
            return (k, at)
        }
        return positions.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    private func describe(_ v: Any?) -> String {
        switch v {
        case nil: return "nothing"
        case is String: return "a string"
        case is [Any]: return "a list"
        case is [String: Any]: return "an object"
        case let n as NSNumber: return "\(n)"
        default: return "\(type(of: v!))"
        }
    }
}

/// Whether a JSONSerialization number is a JSON `true`/`false` (on Linux `1 is Bool` holds for
/// plain integers too, so the Objective-C type code is the reliable test).
func isJSONBool(_ value: Any?) -> Bool {
    guard let n = value as? NSNumber else { return false }
    return String(cString: n.objCType) == "c"
}
