import Testing
import CUDA

/// The GPU checks (Sources/CUDA/SelfTest), one test case each. They skip where no driver or
/// GPU is present (this machine, CI); on the GPU machine the static `quantjit-gpu-selftest`
/// runs the same checks (Tools/gpu/README.md).
@Suite(.enabled(if: CUDA.isAvailable, "needs an NVIDIA driver and GPU"))
struct GPUSelfTestTests {
    @Test(arguments: CUDASelfTest.checks)
    func check(_ check: CUDASelfTest.Check) throws {
        let context = try CUDAContext(device: CUDADevice(ordinal: 0))
        let detail = try check.body(context)
        print("\(check.name): \(detail)")
    }
}

/// Without a driver every entry point fails with one clear error.
@Suite(.enabled(if: !CUDA.isAvailable, "a CUDA driver is present"))
struct WithoutDriverTests {
    @Test func deviceLookupSaysDriverUnavailable() {
        #expect {
            _ = try CUDADevice(ordinal: 0)
        } throws: { error in
            guard case CUDAError.driverUnavailable(let reason) = error else { return false }
            return reason.contains("libcuda.so.1") || reason.contains("cuInit")
        }
    }

    @Test func unavailableReasonIsReported() throws {
        let reason = try #require(CUDA.unavailableReason)
        #expect(reason.hasPrefix("CUDA driver unavailable"))
        #expect(CUDA.isAvailable == false)
    }
}
