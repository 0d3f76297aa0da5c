import Foundation
import KernelIR
import Testing
@testable import Compiler

@Suite struct CacheKeyTests {
    /// FIPS 180-4 / NIST example vectors.
    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        var million = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { million.update(chunk) }
        #expect(million.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func incrementalUpdatesEqualOneShotAtEveryBoundary() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let whole = SHA256.hash(bytes)
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
            var h = SHA256()
            h.update(bytes[..<split])
            h.update(AnySequence(bytes[split...]))  // not contiguous: the byte-by-byte path
            #expect(h.finalize() == whole, "split at \(split)")
        }
    }

    func key(_ kernel: Kernel = saxpyKernel(), artifact: CompileCacheKey.Artifact = .object, variant: String? = nil,
             target: CodeTarget = .cpu(triple: "x86_64-pc-linux-gnu", cpu: "znver4", features: "+avx2,+avx512f"),
             pipeline: [String] = PassPipeline.standard.names, llvmPipeline: String = "default<O3>",
             llvm: String = "19.1.7", compiler: String = quantJITCompilerVersion) throws -> String {
        try CompileCacheKey(artifact: artifact, kernel: kernel, variant: variant, target: target, pipeline: pipeline,
                            llvmPipeline: llvmPipeline, llvmVersion: llvm, compilerVersion: compiler).digest
    }

    @Test func keyIsStableAndChangesWithEveryInputToCodeGeneration() throws {
        let base = try key()
        #expect(base.count == 64)
        #expect(try key() == base, "same inputs, same key")
        let changed = [
            try key(saxpyKernel(width: 4)),                        // different KIR
            try key(saxpyKernel(name: "saxpy2")),                  // the kernel's name (its symbol)
            try key(artifact: .ptx),
            try key(variant: "saxpy_v2"),
            try key(target: .cpu(triple: "x86_64-pc-linux-gnu", cpu: "znver5", features: "+avx2,+avx512f")),
            try key(target: .cpu(triple: "x86_64-pc-linux-gnu", cpu: "znver4", features: "+avx2,-avx512f")),
            try key(target: .cpu(triple: "x86_64-unknown-linux-gnu", cpu: "znver4", features: "+avx2,+avx512f")),
            try key(target: .nvptx(gpu: .sm_90, ptx: 78)),
            try key(pipeline: [Pass.verify.name]),
            try key(llvmPipeline: "default<O2>"),
            try key(llvm: "20.1.0"),
            try key(compiler: "quantjit-codegen-0"),
        ]
        for (i, k) in changed.enumerated() { #expect(k != base, "input \(i) did not change the key") }
        #expect(Set(changed).count == changed.count, "every change gives its own key")
    }

    @Test func oneChangedOpAttributeChangesTheKey() throws {
        // Same structure, one constant different: saxpy over 8 lanes vs the same with a 9.
        let a = saxpyKernel(), b = saxpyKernel(width: 9)
        #expect(Printer.print(a) != Printer.print(b))
        #expect(try key(a) != key(b))
    }

    /// The fast fingerprint hashes field by field; it must know every field the kernel encodes.
    @Test func fingerprintCoversEveryStoredFieldOfAKernel() throws {
        let json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(saxpyKernel())) as! [String: Any]
        #expect(Set(json.keys) == Set(KernelFingerprint.knownFields))
        #expect(Mirror(reflecting: saxpyKernel()).children.map { $0.label ?? "" } == KernelFingerprint.knownFields)
    }

    @Test func gpuTargetsKeyByArchitectureAndPTX() {
        #expect(CodeTarget.gpu(.sm_80).canonical == "nvptx|nvptx64-nvidia-cuda|sm_80|+ptx70")
        #expect(CodeTarget.gpu(.sm_90, ptx: 80).canonical != CodeTarget.gpu(.sm_90).canonical)
        #expect(CodeTarget.host.deviceID.hasPrefix("cpu-"))
    }
}
