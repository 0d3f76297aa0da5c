import Foundation
import KernelIR

/// The version of QuantJIT's code generation. Bump it whenever lowering or the way object
/// code is produced changes, so stale cache entries are never loaded.
public let quantJITCompilerVersion = "quantjit-codegen-1"

/// Everything that decides the bytes a compilation produces, hashed into one key.
///
/// The kernel enters completely (every stored field, see ``KernelFingerprint``), so any change
/// to the KIR changes the key; the variant name, the target, the KIR and LLVM pipelines, the
/// LLVM version and ``quantJITCompilerVersion`` enter as text.
public struct CompileCacheKey: Hashable, Sendable, CustomStringConvertible {
    /// What the entry holds: object code or PTX text.
    public enum Artifact: String, Sendable, Codable, CaseIterable {
        case object
        case ptx
    }

    public var artifact: Artifact
    /// The kernel's variant name (also stored in the entry, for `cache stats`).
    public var variant: String
    /// SHA-256 over all inputs, lowercase hex.
    public var digest: String

    public init(artifact: Artifact, kernel: Kernel, variant: String? = nil, target: CodeTarget,
                pipeline: [String], llvmPipeline: String,
                llvmVersion: String = LLVMTargets.version, compilerVersion: String = quantJITCompilerVersion) throws {
        let variant = variant ?? kernel.name
        var h = SHA256()
        // Length-prefixed fields, so no two different inputs concatenate to the same bytes.
        for field in [artifact.rawValue, variant, target.canonical, pipeline.joined(separator: ","), llvmPipeline,
                      llvmVersion, compilerVersion] {
            h.update("\(field.utf8.count):")
            h.update(field)
        }
        try KernelFingerprint.feed(kernel, into: &h)
        self.artifact = artifact
        self.variant = variant
        digest = h.finalize().hexString
    }

    /// `<variant>-<first 16 hex digits>`: readable and unique enough for a file name; the
    /// full digest is stored inside the entry and checked on load.
    public var fileStem: String { "\(variant)-\(digest.prefix(16))" }

    public var description: String { "\(artifact.rawValue) \(fileStem)" }
}
