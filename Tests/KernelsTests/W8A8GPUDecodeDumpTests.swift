import Compiler
import Foundation
import KernelIR
import Kernels
import Testing

/// With `QUANTJIT_DECODE_PTX_DIR` set, writes the PTX of the 16-token FP8 per-tensor decode
/// schedules there (for `ptxas` / `cuobjdump -sass` instruction counts of the main loop);
/// without it, does nothing.
@Suite struct W8A8GPUDecodeDumpTests {
    @Test("dump the 16-token FP8 decode PTX when asked")
    func dump() throws {
        guard let dir = ProcessInfo.processInfo.environment["QUANTJIT_DECODE_PTX_DIR"] else { return }
        let g = W8A8GPUDecode(spec: W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16))
        for c in g.candidateConfigs where c.rowBound == 16 {
            let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: 78)
            try ptx.write(toFile: "\(dir)/\(c).ptx", atomically: true, encoding: .utf8)
        }
    }
}
