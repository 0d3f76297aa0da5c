import KernelIR

/// Parts of the ``GPTQGPUGEMV`` (and ``FP8GPUGEMV``) loop a timing bound can cut, for
/// ``GPTQGPUGEMV/emitBound(_:cutting:)``: a kernel with a cut computes **wrong results** (finite
/// ones); it only measures what the loop costs without that part. `quantjit-gpu-selftest
/// --bench-gemv` with `QUANTJIT_GEMV_CUT=…` times the picks cut so
/// (Tools/gpu/results/2026-12-01-s13 has the table this made for 4-bit M = 16), and
/// `quantjit dump-ptx gemv … -m M --cut …` prints one.
public struct GPUGEMVCuts: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Every `mma.sync` becomes three `lop3` and one `add.f32` that consume its operands.
    public static let mma = GPUGEMVCuts(rawValue: 1)
    /// The magic-number dequantization of f16 GPTQ weights becomes its mask (`lop3`) alone.
    public static let dequantization = GPUGEMVCuts(rawValue: 2)
    /// The activation *bytes*: staged copies read nothing (`cp.async` with source size 0, so
    /// zeros), register loads read one 512-byte run (L1 hits). The load instructions stay.
    public static let activationBytes = GPUGEMVCuts(rawValue: 4)
    /// The activation *loads*: the activations are a constant; no staging copies, no loads.
    public static let activationLoads = GPUGEMVCuts(rawValue: 8)
    /// The staged-activation schedules' wait and barrier per chunk (``GPUGEMVConfig/activationStages``):
    /// warps read chunks no one waited for (racy: a bound on what the synchronisation costs).
    public static let barriers = GPUGEMVCuts(rawValue: 16)

    /// Every cut with its name in ``init(names:)`` and ``description``.
    public static let named: [(name: String, cut: GPUGEMVCuts)] = [
        ("mma", .mma), ("dequantization", .dequantization), ("activation-bytes", .activationBytes),
        ("activation-loads", .activationLoads), ("barriers", .barriers),
    ]

    /// The cuts of a comma-separated list of ``named`` names (`"mma,dequantization"`).
    public init(names: String) throws {
        self = []
        for name in names.split(separator: ",").map({ String($0.filter { $0 != " " }) }) where !name.isEmpty {
            guard let cut = Self.named.first(where: { $0.name == name })?.cut else {
                throw KernelConfigError(generator: "gptq_gemv_mma",
                                        message: "unknown cut \(name); one of \(Self.named.map(\.name).joined(separator: ", "))")
            }
            insert(cut)
        }
    }

    /// `mma+dequantization`, in ``named`` order; `none` when empty.
    public var description: String {
        let names = Self.named.filter { contains($0.cut) }.map(\.name)
        return names.isEmpty ? "none" : names.joined(separator: "+")
    }

    /// The suffix of a cut variant's kernel name (`_cut_mma_dequantization`; empty without cuts), so
    /// that it never shares a name — or a cache entry — with the kernel that computes.
    var nameSuffix: String {
        isEmpty ? "" : "_cut_" + Self.named.filter { contains($0.cut) }.map { String($0.name.map { $0 == "-" ? "_" : $0 }) }.joined(separator: "_")
    }
}
