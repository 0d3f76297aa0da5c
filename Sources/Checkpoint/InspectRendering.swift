import Foundation

extension InspectReport {
    /// The report as pretty-printed JSON with sorted keys (for machines).
    public func jsonString() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self), let text = String(data: data, encoding: .utf8) else { return "{}" }
        return text
    }

    /// The report for people. `listTensors` adds one line per tensor.
    public func text(listTensors: Bool = false) -> String {
        var out: [String] = []
        out.append("checkpoint: \(path)")
        var method = "method: \(self.method)"
        if let configFile { method += " (from \(configFile)\(format.map { ", format \($0)" } ?? ""))" }
        out.append(method)
        if let kvCache { out.append("kv cache: \(kvCache)") }
        func line(_ m: Module, indent: String) -> String {
            let name = m.name.padding(toLength: max(m.name.count, 24), withPad: " ", startingAt: 0)
            let shape = "\(m.n)×\(m.k)".padding(toLength: 11, withPad: " ", startingAt: 0)
            return "\(indent)\(name) \(shape) \(m.scheme)  [\(m.reason)]"
        }
        for r in layerRanges {
            let span = r.first == r.last ? "layer \(r.first)" : "layers \(r.first)–\(r.last)"
            out.append("\(r.prefix) \(span):")
            out += r.modules.map { line($0, indent: "  ") }
        }
        if !otherModules.isEmpty {
            out.append("other modules:")
            out += otherModules.map { line($0, indent: "  ") }
        }
        let inconsistent = fused.filter { !$0.consistent }
        let perShard = fused.filter(\.perShardScales).count
        out.append("fused groups: \(fused.count)\(inconsistent.isEmpty ? "" : " (\(inconsistent.count) inconsistent)")\(perShard == 0 ? "" : " (\(perShard) with one per-tensor scale per shard)")")
        out.append("tensors: \(tensors.count) in \(files.count) file\(files.count == 1 ? "" : "s")")
        if listTensors {
            for t in tensors { out.append("  \(t.name)  \(t.dtype) \(t.shape)  \(t.file)") }
        }
        out.append("bytes by dtype:")
        for (dtype, count) in bytesByDType.sorted(by: { $0.value > $1.value }) {
            out.append("  \(dtype.padding(toLength: 8, withPad: " ", startingAt: 0)) \(Self.humanBytes(count))")
        }
        out.append("  total    \(Self.humanBytes(totalBytes))")
        if warnings.isEmpty {
            out.append("warnings: none")
        } else {
            out.append("warnings:")
            out += warnings.map { "  - \($0)" }
        }
        return out.joined(separator: "\n")
    }

    static func humanBytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(n) B" : "\(String(format: "%.1f", value)) \(units[unit]) (\(n) B)"
    }
}
