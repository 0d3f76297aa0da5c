import CUDA

/// A plain streaming read, for the fixed cost of reading a given number of bytes once: each
/// thread of `⌈bytes / (256·64)⌉` blocks of 256 issues four independent 16-byte
/// `ld.global.nc` loads (coalesced: load `j` of thread `t` reads vector `j·T + t`), folds them
/// with `xor` and stores only when the fold equals a constant that random data does not give,
/// so nothing is optimized away. Buffers rotate through ~1 GiB like the GEMV's weights, so no
/// launch finds its bytes in L2. No kernel that reads the same bytes once can be expected to beat
/// it by much; the copy bandwidth (2 GiB, read + write) has no ramp or tail at all.
enum StreamingRead {
    static let ptx = """
        .version 7.0
        .target sm_80
        .address_size 64
        .visible .entry quantjit_read(.param .u64 src, .param .u64 dst, .param .u64 vectors)
        {
        \t.reg .pred p<6>;
        \t.reg .b32 r<24>;
        \t.reg .b64 rd<16>;
        \tld.param.u64 rd1, [src];
        \tld.param.u64 rd2, [dst];
        \tld.param.u64 rd3, [vectors];
        \tmov.u32 r1, %ctaid.x;
        \tmov.u32 r2, %ntid.x;
        \tmov.u32 r3, %tid.x;
        \tmov.u32 r4, %nctaid.x;
        \tmad.lo.u32 r5, r1, r2, r3;
        \tmul.lo.u32 r6, r4, r2;
        \tcvt.u64.u32 rd4, r5;
        \tcvt.u64.u32 rd5, r6;
        \tmov.u32 r20, 0;
        \tsetp.lt.u64 p1, rd4, rd3;
        \tadd.u64 rd6, rd4, rd5;
        \tsetp.lt.u64 p2, rd6, rd3;
        \tadd.u64 rd7, rd6, rd5;
        \tsetp.lt.u64 p3, rd7, rd3;
        \tadd.u64 rd8, rd7, rd5;
        \tsetp.lt.u64 p4, rd8, rd3;
        \tmov.u32 r7, 0; mov.u32 r8, 0; mov.u32 r9, 0; mov.u32 r10, 0;
        \tmov.u32 r11, 0; mov.u32 r12, 0; mov.u32 r13, 0; mov.u32 r14, 0;
        \tmov.u32 r15, 0; mov.u32 r16, 0; mov.u32 r17, 0; mov.u32 r18, 0;
        \tmov.u32 r19, 0; mov.u32 r21, 0; mov.u32 r22, 0; mov.u32 r23, 0;
        \tshl.b64 rd9, rd4, 4;
        \tadd.u64 rd9, rd1, rd9;
        \tshl.b64 rd10, rd6, 4;
        \tadd.u64 rd10, rd1, rd10;
        \tshl.b64 rd11, rd7, 4;
        \tadd.u64 rd11, rd1, rd11;
        \tshl.b64 rd12, rd8, 4;
        \tadd.u64 rd12, rd1, rd12;
        \t@p1 ld.global.nc.v4.u32 {r7, r8, r9, r10}, [rd9];
        \t@p2 ld.global.nc.v4.u32 {r11, r12, r13, r14}, [rd10];
        \t@p3 ld.global.nc.v4.u32 {r15, r16, r17, r18}, [rd11];
        \t@p4 ld.global.nc.v4.u32 {r19, r21, r22, r23}, [rd12];
        \txor.b32 r20, r7, r8; xor.b32 r20, r20, r9; xor.b32 r20, r20, r10;
        \txor.b32 r20, r20, r11; xor.b32 r20, r20, r12; xor.b32 r20, r20, r13; xor.b32 r20, r20, r14;
        \txor.b32 r20, r20, r15; xor.b32 r20, r20, r16; xor.b32 r20, r20, r17; xor.b32 r20, r20, r18;
        \txor.b32 r20, r20, r19; xor.b32 r20, r20, r21; xor.b32 r20, r20, r22; xor.b32 r20, r20, r23;
        \tsetp.eq.u32 p5, r20, 0x7F3A5C11;
        \t@p5 st.global.u32 [rd2], r20;
        \tret;
        }
        """

    /// Milliseconds to read `bytes` once: per launch (events, median of 40) and per launch in a
    /// graph of `launches` back-to-back launches.
    static func time(bytes: Int, context: CUDAContext, stream: CUDAStream, launches: Int) throws -> (perLaunch: Double, graph: Double) {
        let function = try CUDAModule(context: context, ptx: ptx).function(named: "quantjit_read")
        let vectors = (bytes + 15) / 16
        let copies = max(2, min(64, (1 << 30) / max(1, bytes)))
        let buffers = try (0..<copies).map { _ in try DeviceBuffer<UInt8>(context: context, count: vectors * 16) }
        for buffer in buffers { try buffer.fill(byte: 0x5A) }
        let sink = try DeviceBuffer<UInt32>(context: context, count: 1)
        let blocks = (vectors + 4 * 256 - 1) / (4 * 256)
        func launch(_ run: Int) throws {
            try function.launch(grid: Dim3(blocks), block: Dim3(256), stream: stream,
                                arguments: buffers[run % copies], sink, UInt64(vectors))
        }
        let perLaunch = try stream.time(warmup: 5, repetitions: 40) { try launch($0) }.median
        let graph = try stream.timePerLaunchInGraph(launches: launches) { try launch($0) }
        return (perLaunch, graph)
    }
}
