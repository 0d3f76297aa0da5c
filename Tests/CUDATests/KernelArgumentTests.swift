import Testing
@testable import CUDA

@Suite struct KernelArgumentTests {
    @Test func scalarsAreTheirOwnBytes() {
        let bytes = KernelArgumentPacking.bytes(of: [Float(1), UInt32(0x0102_0304), Int64(-2), Int8(-1)])
        #expect(bytes[0] == [0x00, 0x00, 0x80, 0x3F])
        #expect(bytes[1] == [0x04, 0x03, 0x02, 0x01])
        #expect(bytes[2] == [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(bytes[3] == [0xFF])
    }

    @Test func halfPrecisionIsTwoBytes() {
        let bytes = KernelArgumentPacking.bytes(of: [Float16(1)])
        #expect(bytes == [[0x00, 0x3C]])
    }

    @Test func devicePointerIsEightBytes() {
        let pointer = DevicePointer(address: 0x7F00_0000_1234)
        let bytes = KernelArgumentPacking.bytes(of: [pointer, pointer.advanced(byBytes: 16)])
        #expect(bytes[0] == [0x34, 0x12, 0x00, 0x00, 0x00, 0x7F, 0x00, 0x00])
        #expect(bytes[1] == [0x44, 0x12, 0x00, 0x00, 0x00, 0x7F, 0x00, 0x00])
        #expect(pointer.description == "0x7f0000001234")
    }

    @Test func packingAlignsEachValue() {
        // A u8 then a u64: the u64 must land on an 8-byte boundary.
        KernelArgumentPacking.withPacked([UInt8(7), UInt64(9), Float(2)]) { pointers in
            #expect(Int(bitPattern: pointers[1]) % 8 == 0)
            #expect(pointers[1]! - pointers[0]! == 8)
            #expect(pointers[1]!.load(as: UInt64.self) == 9)
            #expect(pointers[2]!.load(as: Float.self) == 2)
        }
    }

    @Test func gridCoversRaggedCounts() {
        #expect(Dim3.covering(1_000_003, by: 256) == Dim3(3907))
        #expect(Dim3.covering(256, by: 256) == Dim3(1))
        #expect(Dim3(16, 8).volume == 128)
        #expect(Dim3(4, 2, 3).description == "(4, 2, 3)")
    }
}

@Suite struct CUDAErrorTests {
    @Test func callFailureNamesTheCallAndTheDriverError() {
        let error = CUDAError.callFailed(
            call: "cuMemAlloc_v2(4096 bytes)", code: 2, name: "CUDA_ERROR_OUT_OF_MEMORY", message: "out of memory")
        #expect(error.description == "cuMemAlloc_v2(4096 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2): out of memory")
        #expect(error.code == 2)
        #expect(error.driverErrorName == "CUDA_ERROR_OUT_OF_MEMORY")
    }

    @Test func moduleLoadFailureCarriesTheJITLog() {
        let log = "ptxas application ptx input, line 16; error   : Unknown symbol '%f_undeclared'"
        let error = CUDAError.moduleLoadFailed(
            code: 218, name: "CUDA_ERROR_INVALID_PTX", message: "a PTX JIT compilation failed", log: log)
        #expect(error.description.contains("cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX (218)"))
        #expect(error.description.contains(log))
    }

    @Test func capabilityNamesItsTarget() {
        let hopper = CUDADevice.ComputeCapability(major: 9, minor: 0)
        #expect(hopper.smName == "sm_90")
        #expect(hopper > CUDADevice.ComputeCapability(major: 8, minor: 9))
        #expect(hopper.description == "9.0")
    }
}

@Suite struct CUDATimingTests {
    @Test func medianOfOddAndEvenCounts() {
        #expect(CUDATiming(milliseconds: [3, 1, 2]).median == 2)
        #expect(CUDATiming(milliseconds: [4, 1, 3, 2]).median == 2.5)
        #expect(CUDATiming(milliseconds: [4, 1, 3, 2]).minimum == 1)
        #expect(CUDATiming(milliseconds: []).median.isNaN)
    }
}
