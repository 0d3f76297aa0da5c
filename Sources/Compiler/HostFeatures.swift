import CLLVM

/// The instruction-set features of the host CPU, as LLVM detects them, and the ones an x86
/// intrinsic needs. On a CPU without AVX-512 the lowering replaces the int8 kernels' AVX-512
/// intrinsics by exact AVX2 stand-ins (`X86Legalization`); an intrinsic left that the host
/// lacks would abort the process inside LLVM's instruction selection ("Do not know how to
/// split the result of this operator!"), so ``CPUCompiler`` refuses it first with
/// ``CompilerError/unsupportedByHost(kernel:intrinsic:feature:cpu:)``.
public enum HostFeatures {
    /// The host CPU's name (e.g. `znver3`).
    public static let cpu: String = {
        LLVMTargets.ensureInitialized()
        return takeMessage(LLVMGetHostCPUName())
    }()

    /// The features LLVM enables for the host (`avx2`, `avx512vnni`, …).
    public static let enabled: Set<String> = {
        LLVMTargets.ensureInitialized()
        let list = takeMessage(LLVMGetHostCPUFeatures())
        return Set(list.split(separator: ",").filter { $0.hasPrefix("+") }.map { String($0.dropFirst()) })
    }()

    /// Whether the host has every feature in `features`.
    public static func has(_ features: [String]) -> Bool { features.allSatisfy(enabled.contains) }

    /// Whether the host runs the AVX-512 byte and dot-product instructions of the int8 kernels
    /// (`vpdpbusd`, `vpdpwssd`, `vpermi2b`, `pshufb`, `pmaddubsw`, `pmaddwd`) natively.
    public static var hasAVX512ByteDot: Bool { has(["avx512f", "avx512bw", "avx512vl", "avx512vnni", "avx512vbmi"]) }

    /// Whether kernels calling those instructions compile here: natively, or through their
    /// exact AVX2 stand-ins (`X86Legalization`; `vpermi2b` needs a constant index there).
    public static var compilesAVX512ByteDot: Bool { hasAVX512ByteDot || has(["avx2"]) }

    /// The features an x86 intrinsic of QuantJIT's kernels needs (empty for other names).
    public static func required(byIntrinsic name: String) -> [String] {
        guard name.hasPrefix("llvm.x86.") else { return [] }
        let narrow = name.hasSuffix(".128") || name.hasSuffix(".256")
        let vl = narrow ? ["avx512vl"] : []
        for (prefix, features) in [("llvm.x86.avx512.vpdpbusd", ["avx512vnni"]), ("llvm.x86.avx512.vpdpwssd", ["avx512vnni"]),
                                   ("llvm.x86.avx512.vpermi2var.qi", ["avx512vbmi"]), ("llvm.x86.avx512.pshuf.b", ["avx512bw"]),
                                   ("llvm.x86.avx512.pmaddubs.w", ["avx512bw"]), ("llvm.x86.avx512.pmaddw.d", ["avx512bw"])]
        where name.hasPrefix(prefix) {
            return features + vl
        }
        for (prefix, feature) in [("llvm.x86.avx512.", "avx512f"), ("llvm.x86.avx2.", "avx2"), ("llvm.x86.fma.", "fma"),
                                  ("llvm.x86.avx.", "avx"), ("llvm.x86.ssse3.", "ssse3"), ("llvm.x86.sse41.", "sse4.1")]
        where name.hasPrefix(prefix) {
            return [feature] + (prefix == "llvm.x86.avx512." ? vl : [])
        }
        return []
    }

    /// The first x86 intrinsic `module` declares whose features the host lacks, with the first
    /// missing feature.
    static func firstUnsupported(in module: LLVMModuleRef) -> (intrinsic: String, feature: String)? {
        var function = LLVMGetFirstFunction(module)
        while let f = function {
            var length = 0
            let name = String(cString: LLVMGetValueName2(f, &length))
            if let missing = required(byIntrinsic: name).first(where: { !enabled.contains($0) }) { return (name, missing) }
            function = LLVMGetNextFunction(f)
        }
        return nil
    }
}
