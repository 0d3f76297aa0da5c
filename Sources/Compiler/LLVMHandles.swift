import CLLVM

/// Owns an LLVM context and one module in it; both are disposed together.
final class LLVMModuleHandle {
    let context: LLVMContextRef
    let module: LLVMModuleRef

    init(name: String) {
        context = LLVMContextCreate()
        module = LLVMModuleCreateWithNameInContext(name, context)
    }

    deinit {
        LLVMDisposeModule(module)
        LLVMContextDispose(context)
    }

    /// The module as LLVM IR text.
    var text: String {
        let raw = LLVMPrintModuleToString(module)!
        defer { LLVMDisposeMessage(raw) }
        return String(cString: raw)
    }

    /// LLVM's own verifier; returns its message on failure.
    func verify() -> String? {
        var message: UnsafeMutablePointer<CChar>?
        let failed = LLVMVerifyModule(module, LLVMReturnStatusAction, &message) != 0
        defer { if let message { LLVMDisposeMessage(message) } }
        return failed ? message.map { String(cString: $0) } ?? "unknown" : nil
    }
}

/// Turns an `LLVMErrorRef` into a Swift string (consuming it).
func consume(_ error: LLVMErrorRef) -> String {
    let raw = LLVMGetErrorMessage(error)!
    defer { LLVMDisposeErrorMessage(raw) }
    return String(cString: raw)
}

/// Copies an LLVM-allocated message into Swift and frees it.
func takeMessage(_ raw: UnsafeMutablePointer<CChar>?) -> String {
    guard let raw else { return "" }
    defer { LLVMDisposeMessage(raw) }
    return String(cString: raw)
}
