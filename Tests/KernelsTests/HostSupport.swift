import Compiler
import Testing

/// What the host CPU must have for the int8 CPU kernels: AVX-512 BW, VNNI and VBMI, or AVX2 for
/// their stand-ins (`HostFeatureTests`); their tests skip elsewhere, where ``CPUCompiler``
/// refuses those kernels with a named error.
enum HostSupport {
    static let int8 = HostFeatures.compilesAVX512ByteDot
    static let int8Comment: Comment = "the int8 CPU kernels need AVX-512 BW/VNNI/VBMI or AVX2"
}
