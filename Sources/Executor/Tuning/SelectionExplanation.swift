import Compiler
import Kernels

/// Why selection chose what it chose: every registry entry as a candidate with its verdict,
/// and where the config came from. `quantjit explain` prints it.
public struct SelectionExplanation: Sendable, CustomStringConvertible {
    public enum Verdict: Hashable, Sendable {
        case picked
        /// The entry's own reason (``RegistryEntry/rejection``).
        case rejected(String)
        /// It supports the request, but an earlier entry in the priority table was picked.
        case shadowed(by: String)
    }

    public struct Candidate: Hashable, Sendable {
        public var entry: String
        public var family: KernelFamily
        public var verdict: Verdict
    }

    public var request: KernelRequest
    public var m: Int
    /// Every registry entry, in priority order.
    public var candidates: [Candidate]
    /// The tuned selection; nil when no entry supports the request.
    public var selected: TunedSelection?
    /// Tile options given on the command line, applied over the selected config.
    public var overridden: TileConfig?
    /// Why selection failed, when it did.
    public var failure: String?

    /// Explains `registry`'s choice for `request` at `m` rows with `database`.
    public init(registry: KernelRegistry, request: KernelRequest, m: Int, database: TuningDatabase, device: String,
                llvm: String = LLVMTargets.version) {
        self.request = request
        self.m = m
        var picked: String?
        candidates = registry.entries.map { e in
            if let reason = e.rejection(request) {
                let text = reason == "other family" ? "serves \(e.family.rawValue), not \(request.family.rawValue)" : reason
                return Candidate(entry: e.name, family: e.family, verdict: .rejected(text))
            }
            if let p = picked { return Candidate(entry: e.name, family: e.family, verdict: .shadowed(by: p)) }
            picked = e.name
            return Candidate(entry: e.name, family: e.family, verdict: .picked)
        }
        do {
            selected = try registry.select(request, m: m, database: database, device: device, llvm: llvm)
        } catch {
            failure = "\(error)"
        }
    }

    public var description: String {
        var s = "request: \(request), M=\(m)\n"
        s += "candidates (priority order):\n"
        for c in candidates {
            let mark: String
            switch c.verdict {
            case .picked: mark = "picked"
            case .rejected(let why): mark = "rejected: \(why)"
            case .shadowed(let by): mark = "supported, but \(by) comes first in the priority table"
            }
            s += "  \(c.entry.padding(toLength: 18, withPad: " ", startingAt: 0)) \(mark)\n"
        }
        guard let t = selected else { return s + "no kernel selected:\n\(failure ?? "")" }
        s += "tuning key: \(t.key)\n"
        let gpu = request.target != .cpu
        s += "config: \(t.selection.config.name(gpu: gpu)) from \(t.source)\n"
        if let o = overridden, o != t.selection.config { s += "command-line tile options override it: \(o.name(gpu: gpu))\n" }
        let final = overridden ?? t.selection.config
        s += "variant: \(t.selection.generator.variantName(final))\n"
        s += "candidate configs of \(t.selection.entry): " + t.selection.generator.candidateConfigs.map { $0.name(gpu: gpu) }.joined(separator: ", ")
        return s
    }
}
