// The slice of the LLVM C API that QuantJIT uses. Link flags come from Package.swift.
#ifndef QUANTJIT_CLLVM_SHIM_H
#define QUANTJIT_CLLVM_SHIM_H

#include <llvm-c/Core.h>
#include <llvm-c/Analysis.h>
#include <llvm-c/Error.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <llvm-c/Orc.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Support.h>
#include <llvm-c/DebugInfo.h>

/// Registers the X86 and NVPTX targets (and their asm printers). Not thread-safe on its own:
/// the Swift side calls it exactly once.
static inline void quantjit_initialize_targets(void) {
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    LLVMInitializeX86AsmParser();
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
}

#endif
