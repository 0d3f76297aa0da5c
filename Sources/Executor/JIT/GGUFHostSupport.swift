import Compiler
import Kernels

/// What the host CPU offers the GGUF kernels. The int8 strategy needs AVX-512 VNNI
/// (`vpdpbusd`), VBMI (`vpermi2b`) and BW, or AVX2, where the compiler replaces those by exact
/// AVX2 sequences; the f32 strategy needs x86-64 with SSSE3 (IQ4_NL's `pshufb`), which every
/// x86-64 host ``JITLinearFactory`` runs on has.
public enum GGUFHostSupport {
    /// Whether the JIT kernels can run at all (an x86-64 host).
    public static var isX86: Bool {
        #if arch(x86_64)
        return true
        #else
        return false
        #endif
    }

    /// Whether the int8 strategy can run here (natively with AVX-512 VNNI, or through AVX2).
    public static var int8Available: Bool { isX86 && HostFeatures.compilesAVX512ByteDot }

    /// The best strategy the host supports.
    public static var preferredStrategy: GGUFStrategy { int8Available ? .int8 : .fma }
}
