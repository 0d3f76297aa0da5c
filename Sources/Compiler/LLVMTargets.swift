import CLLVM

/// One-time, thread-safe registration of the X86 and NVPTX targets.
public enum LLVMTargets {
    private static let initialized: Bool = {
        quantjit_initialize_targets()
        return true
    }()

    /// Registers the targets on first use; later calls are free.
    public static func ensureInitialized() { _ = initialized }

    /// The major version of the linked LLVM.
    public static var major: Int {
        var major: UInt32 = 0, minor: UInt32 = 0, patch: UInt32 = 0
        LLVMGetVersion(&major, &minor, &patch)
        return Int(major)
    }

    /// The LLVM version this binary links, e.g. "19.1.7".
    public static var version: String {
        var major: UInt32 = 0, minor: UInt32 = 0, patch: UInt32 = 0
        LLVMGetVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
