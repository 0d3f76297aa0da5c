import Testing
import KernelIR
@testable import Compiler

/// CHECK-style assertions on the PTX of a kernel that uses every GPU primitive of the DSL.
@Suite struct PTXPrimitivesTests {
    func reductionKernel() -> Kernel {
        let b = KernelBuilder(name: "block_sum", convention: .gpu)
        let x = b.parameter("x", .pointer(.f32)), out = b.parameter("out", .pointer(.f32))
        let tid = b.threadIndex(), block = b.blockIndex()
        let index = (block * b.blockSize() + tid).convert(.i64, unsigned: true)
        var v = x.load(index)
        for offset in [16, 8, 4, 2, 1] { v = v + b.shuffle(v, .xor, b.constant(offset, .i32)) }
        let partial = b.sharedMemory(.f32, count: 32)
        let lane = tid & 31, warp = tid >> 5
        b.if(lane.compare(.eq, 0)) { partial.store(v, at: warp.convert(.i64)) }
        b.barrier()
        b.if(tid.compare(.eq, 0)) {
            let total = b.variable(b.constant(0.0, .f32))
            b.loop(b.constant(0, .i32), b.blockSize() >> 5) { w in total.set(total.value + partial.load(w.convert(.i64))) }
            // An escape hatch: negate through inline PTX.
            let negated = b.inlineAsm("neg.f32 $0, $1;", constraints: "=f,f", result: .f32, [total.value])
            out.atomicAdd(-negated, at: b.constant(0, .i64))
        }
        return b.finish()
    }

    @Test(arguments: [GPUArchitecture.sm_80, .sm_89, .sm_90, .sm_90a])
    func everyPrimitiveReachesThePTX(gpu: GPUArchitecture) throws {
        let ptx = try PTXCompiler().ptx(reductionKernel(), gpu: gpu)
        #expect(ptx.contains(".target \(gpu.rawValue)"))
        #expect(ptx.contains(".visible .entry block_sum("))
        #expect(ptx.contains("shfl.sync.bfly.b32"))
        #expect(ptx.contains(".shared .align 16 .b8"))
        #expect(ptx.contains("bar.sync \t0;") || ptx.contains("bar.sync 0;") || ptx.contains("barrier.sync 0;"))
        #expect(ptx.contains("neg.f32"))
        #expect(ptx.contains("atom.global.add.f32") || ptx.contains("red.global.add.f32"))
        #expect(ptx.contains("mov.u32") && ptx.contains("%tid.x") && ptx.contains("%ctaid.x") && ptx.contains("%ntid.x"))
    }

    @Test func unrollHintsBecomeLoopMetadata() throws {
        let b = KernelBuilder(name: "unrolled", convention: .cpuGrid)
        let p = b.parameter("p", .pointer(.f32)), n = b.parameter("n", .i64)
        b.loop(b.constant(0, .i64), n, unroll: .count(4)) { i in p.store(b.constant(1.0, .f32), at: i) }
        let ir = try CPUCompiler().llvmIR(b.finish(), optimized: false)
        #expect(ir.contains("!llvm.loop"))
        #expect(ir.contains("!{!\"llvm.loop.unroll.count\", i32 4}"))
    }

    @Test func vnniIntrinsicLowersForTheHost() throws {
        // 16 lanes of dot(u8x4, s8x4) + acc through a named LLVM intrinsic where the CPU has
        // VNNI, through its AVX2 stand-in (HostFeatureTests runs both) where it has not.
        let ir = try CPUCompiler().llvmIR(vnniKernel(), optimized: false)
        if HostFeatures.has(["avx512vnni"]) {
            #expect(ir.contains("@llvm.x86.avx512.vpdpbusd.512"))
        } else if HostFeatures.has(["avx2"]) {
            #expect(!ir.contains("avx512") && ir.contains("@llvm.x86.avx2.pmadd.wd"))
        }
    }

    func vnniKernel() -> Kernel {
        let b = KernelBuilder(name: "vnni", convention: .cpuGrid)
        let a = b.parameter("a", .pointer(.i32)), c = b.parameter("c", .pointer(.i32)), out = b.parameter("out", .pointer(.i32))
        let zero = b.constant(0, .i64)
        let acc = b.constant(0, .vector(.i32, 16))
        let r = b.intrinsic("llvm.x86.avx512.vpdpbusd.512", result: .vector(.i32, 16), [acc, a.load(zero, lanes: 16), c.load(zero, lanes: 16)])
        out.store(r, at: zero)
        return b.finish()
    }
}
