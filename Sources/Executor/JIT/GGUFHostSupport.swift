import Foundation
import Kernels

/// What the host CPU offers the GGUF kernels. The int8 strategy needs AVX-512 VNNI
/// (`vpdpbusd`), VBMI (`vpermi2b`) and BW; the f32 strategy needs x86-64 with SSSE3 (IQ4_NL's
/// `pshufb`), which every x86-64 host ``JITLinearFactory`` runs on has.
public enum GGUFHostSupport {
    /// The CPU flags from `/proc/cpuinfo` (empty where it cannot be read).
    public static let cpuFlags: Set<String> = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }),
              let colon = line.firstIndex(of: ":") else { return [] }
        return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
    }()

    /// Whether the JIT kernels can run at all (an x86-64 host).
    public static var isX86: Bool {
        #if arch(x86_64)
        return true
        #else
        return false
        #endif
    }

    /// Whether the int8 (VNNI) strategy can run here.
    public static var int8Available: Bool {
        isX86 && ["avx512_vnni", "avx512vbmi", "avx512bw"].allSatisfy(cpuFlags.contains)
    }

    /// The best strategy the host supports.
    public static var preferredStrategy: GGUFStrategy { int8Available ? .int8 : .fma }
}
