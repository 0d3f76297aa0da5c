import Compiler
import Foundation
import KernelIR
import Kernels
import Testing

/// The tiled weight layout of the W8A8 decode kernel (`W8A8DecodeTiledLayout`) and its variants,
/// without a GPU (the numerics run in `quantjit-gpu-selftest w8a8-decode`, tiled cases).
@Suite struct W8A8DecodeTiledTests {
    @Test("tiling moves every weight byte once, zero-pads the ragged tile and chunk, and puts a lane's 16 bytes where its loads read")
    func layout() {
        for (n, k) in [(16, 64), (13, 1008), (40, 144), (1, 16), (33, 208)] {
            let weights = (0..<(n * k)).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
            let tiled = W8A8DecodeTiledLayout.tile(weights, n: n, k: k)
            let paddedRows = (n + 15) / 16 * 16, chunks = (k + 63) / 64
            #expect(tiled.count == paddedRows * chunks * 64)
            // The lane (g, t) of half h reads 16 bytes at ((T·chunks + c)·2 + h)·512 + (4g + t)·16:
            // row 16T + 8h + g, K bytes 64c + 16t ..< +16 of the row-major matrix, zero past N or K.
            var seen = 0
            for tile in 0..<(paddedRows / 16) {
                for c in 0..<chunks {
                    for h in 0..<2 {
                        for g in 0..<8 {
                            for t in 0..<4 {
                                let at = ((tile * chunks + c) * 2 + h) * 512 + (4 * g + t) * 16
                                let row = 16 * tile + 8 * h + g
                                for i in 0..<16 {
                                    let kByte = 64 * c + 16 * t + i
                                    let expected: UInt8 = row < n && kByte < k ? weights[row * k + kByte] : 0
                                    if tiled[at + i] != expected { Issue.record("\(n)×\(k): row \(row) byte \(kByte)"); return }
                                    seen += 1
                                }
                            }
                        }
                    }
                }
            }
            #expect(seen == tiled.count)
        }
    }

    @Test("tiled variants: the row-major variant's mma count and streaming loads, an l in the name, and the tiled size checked")
    func variants() throws {
        for spec in [W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16),
                     W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true)] {
            let g = W8A8GPUDecode(spec: spec)
            for r in [8, 16] {
                let tiled = g.tiledCandidates(rowBound: r)
                #expect(!tiled.isEmpty && tiled.allSatisfy { $0.tiled && $0.description.hasSuffix("l") && $0.rowBound == r })
                #expect(Set(tiled).isSubset(of: Set(g.candidateConfigs)))
                for c in tiled {
                    var rowMajor = c
                    rowMajor.tiled = false
                    let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: max(spec.minimumPTX, 78))
                    let plain = try PTXCompiler().ptx(try g.emit(rowMajor), gpu: .sm_90, ptx: max(spec.minimumPTX, 78))
                    #expect(W8A8GPUTests.count(ptx, "mma.sync") == W8A8GPUTests.count(plain, "mma.sync"), "\(c)")
                    #expect(W8A8GPUTests.count(ptx, "ld.global.nc.L1::no_allocate.L2::256B.v4.u32")
                            == W8A8GPUTests.count(plain, "ld.global.nc.L1::no_allocate.L2::256B.v4.u32"), "\(c)")
                    #expect(ptx != plain)
                }
            }
            // The picks stay row-major; a tiled copy past 2^31 bytes is refused (it indexes in 32 bits).
            #expect(!g.config(m: 1, n: 8192, k: 8192).tiled)
            var c = g.config(m: 1, n: 46337, k: 46336)
            #expect(g.unsupportedShape(m: 1, n: 46337, k: 46336, config: c) == nil)
            c.tiled = true
            #expect(g.unsupportedShape(m: 1, n: 46337, k: 46336, config: c) != nil)
        }
        let decoded = try JSONDecoder().decode(W8A8DecodeConfig.self, from: Data(
            #"{"rowBound":16,"rowTiles":1,"warps":4,"unroll":2,"splits":1,"minBlocks":0,"pipelined":false,"halfMMA":true,"rowWarps":1,"staggered":false}"#.utf8))
        #expect(decoded == W8A8DecodeConfig(rowBound: 16, warps: 4, unroll: 2, halfMMA: true))
        let tiled = W8A8DecodeConfig(rowBound: 16, warps: 4, unroll: 2, halfMMA: true, tiled: true)
        #expect(try JSONDecoder().decode(W8A8DecodeConfig.self, from: JSONEncoder().encode(tiled)) == tiled)
    }

    @Test("the tiled picks are tiled candidates, one wave or the row-major pick's grid, and the row-major picks stay")
    func picks() throws {
        for spec in [W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16), W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true)] {
            let g = W8A8GPUDecode(spec: spec)
            for m in [1, 8, 9, 16] {
                for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672), (1000, 1040), (64, 4096)] {
                    let c = g.config(m: m, n: n, k: k, tiled: true)
                    try g.validate(c)
                    #expect(c.tiled && c.rowBound == (m <= 8 ? 8 : 16) && g.unsupportedShape(m: m, n: n, k: k, config: c) == nil)
                    var unsplit = c
                    unsplit.splits = 1
                    #expect(g.tiledCandidates(rowBound: c.rowBound).contains(unsplit), "\(c)")
                    #expect(!g.config(m: m, n: n, k: k).tiled)
                }
            }
            // Few rows: split-K fills the SMs as for row-major weights.
            #expect(g.config(m: 1, n: 64, k: 4096, tiled: true).splits > 1)
        }
    }
}
