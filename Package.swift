// swift-tools-version:6.0
import PackageDescription
import Foundation

/// LLVM 19 from Debian's `llvm-19-dev`. An ordinary build links `libLLVM-19.so`; the static
/// build for the GPU machine (Tools/gpu/build-static.sh) sets `QUANTJIT_STATIC_LLVM=1` and
/// passes the static archives on the command line instead.
let llvmLib = ProcessInfo.processInfo.environment["QUANTJIT_LLVM_LIBDIR"] ?? "/usr/lib/llvm-19/lib"
let staticLLVM = ProcessInfo.processInfo.environment["QUANTJIT_STATIC_LLVM"] == "1"
let llvmLinker: [LinkerSetting] = staticLLVM
    ? []
    : [.unsafeFlags(["-L\(llvmLib)", "-Xlinker", "-rpath", "-Xlinker", llvmLib]), .linkedLibrary("LLVM-19")]

let package = Package(
    name: "QuantJIT",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quantjit", targets: ["quantjit"]),
        .library(name: "Executor", targets: ["Executor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CLLVM", path: "Sources/CLLVM"),
        .target(name: "KernelIR"),
        .target(
            name: "Compiler",
            dependencies: ["KernelIR", "CLLVM"],
            cSettings: [.unsafeFlags(["-I/usr/lib/llvm-19/include"])],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/lib/llvm-19/include"])],
            linkerSettings: llvmLinker
        ),
        .target(name: "CUDA"),
        // -O even in debug builds: the model tests run the scalar reference over SmolLM2 in CI.
        .target(name: "Quantization", swiftSettings: [.unsafeFlags(["-O"])]),
        .target(name: "Checkpoint", dependencies: ["Quantization"]),
        .target(name: "Kernels", dependencies: ["KernelIR", "Quantization"], path: "Kernels"),
        .target(
            name: "Executor",
            dependencies: ["KernelIR", "Compiler", "CUDA", "Quantization", "Checkpoint", "Kernels"],
            swiftSettings: [.unsafeFlags(["-O", "-Xcc", "-I/usr/lib/llvm-19/include"])]
        ),
        .executableTarget(
            name: "quantjit",
            dependencies: ["Executor", "Checkpoint", "Compiler", "CUDA", "KernelIR", "Kernels", "Quantization",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tools/quantjit"
        ),
        .executableTarget(
            name: "quantjit-gpu-selftest",
            dependencies: ["CUDA", "Compiler", "CLLVM", "KernelIR", "Kernels", "Quantization", "Executor"],
            path: "Tools/gpu-selftest",
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/lib/llvm-19/include"])]
        ),
        .testTarget(name: "KernelIRTests", dependencies: ["KernelIR"]),
        .testTarget(name: "CompilerTests", dependencies: ["Compiler", "KernelIR"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "Compiler", "KernelIR", "Quantization"], exclude: ["Golden"]),
        .testTarget(name: "QuantizationTests", dependencies: ["Quantization"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CheckpointTests", dependencies: ["Checkpoint", "Quantization"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ExecutorTests", dependencies: ["Executor", "Kernels", "Checkpoint", "Quantization", "Compiler", "KernelIR"], exclude: ["ModelFixtures"]),
        .testTarget(name: "CUDATests", dependencies: ["CUDA", "Compiler", "Kernels", "KernelIR", "Quantization"]),
    ]
)
