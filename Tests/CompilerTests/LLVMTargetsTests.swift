import Testing
@testable import Compiler

@Test func llvmVersionIs19OrLater() {
    LLVMTargets.ensureInitialized()
    let major = Int(LLVMTargets.version.split(separator: ".").first ?? "") ?? 0
    #expect(major >= 19)
}
