/// Hand-written PTX for the self-test: small kernels whose results a CPU computes exactly.
/// Written for `sm_80` with PTX ISA 7.8, which every driver from CUDA 11.8 on JIT-compiles for
/// its own GPU (Ampere, Ada, Hopper). `Tools/gpu/README.md` says how to check them with ptxas.
public enum SelfTestPTX {
    /// `vector_add(a, b, c, n)`: `c[i] = a[i] + b[i]` for `i < n` (f32, one thread per element).
    /// `saxpy(alpha, x, y, n)`: `y[i] = fma(alpha, x[i], y[i])` — a float scalar parameter first.
    /// `index_2d(out, width, height)`: `out[y * width + x] = y << 16 | x` over a 2-D grid.
    /// `block_sum_u32(in, out, n)`: each block sums its `ntid.x` (a power of two) elements in
    /// dynamic shared memory and writes `out[ctaid.x]`.
    public static let kernels = """
        .version 7.8
        .target sm_80
        .address_size 64

        .extern .shared .align 16 .b8 dynamic_shared[];

        .visible .entry vector_add(
            .param .u64 vector_add_a,
            .param .u64 vector_add_b,
            .param .u64 vector_add_c,
            .param .u32 vector_add_n
        )
        {
            .reg .pred %p<2>;
            .reg .b32 %r<6>;
            .reg .f32 %f<4>;
            .reg .b64 %rd<11>;

            ld.param.u64 %rd1, [vector_add_a];
            ld.param.u64 %rd2, [vector_add_b];
            ld.param.u64 %rd3, [vector_add_c];
            ld.param.u32 %r1, [vector_add_n];
            mov.u32 %r2, %ctaid.x;
            mov.u32 %r3, %ntid.x;
            mov.u32 %r4, %tid.x;
            mad.lo.s32 %r5, %r2, %r3, %r4;
            setp.ge.u32 %p1, %r5, %r1;
            @%p1 bra VECTOR_ADD_DONE;
            cvta.to.global.u64 %rd4, %rd1;
            cvta.to.global.u64 %rd5, %rd2;
            cvta.to.global.u64 %rd6, %rd3;
            mul.wide.u32 %rd7, %r5, 4;
            add.s64 %rd8, %rd4, %rd7;
            add.s64 %rd9, %rd5, %rd7;
            add.s64 %rd10, %rd6, %rd7;
            ld.global.f32 %f1, [%rd8];
            ld.global.f32 %f2, [%rd9];
            add.rn.f32 %f3, %f1, %f2;
            st.global.f32 [%rd10], %f3;
        VECTOR_ADD_DONE:
            ret;
        }

        .visible .entry saxpy(
            .param .f32 saxpy_alpha,
            .param .u64 saxpy_x,
            .param .u64 saxpy_y,
            .param .u32 saxpy_n
        )
        {
            .reg .pred %p<2>;
            .reg .b32 %r<6>;
            .reg .f32 %f<5>;
            .reg .b64 %rd<8>;

            ld.param.f32 %f1, [saxpy_alpha];
            ld.param.u64 %rd1, [saxpy_x];
            ld.param.u64 %rd2, [saxpy_y];
            ld.param.u32 %r1, [saxpy_n];
            mov.u32 %r2, %ctaid.x;
            mov.u32 %r3, %ntid.x;
            mov.u32 %r4, %tid.x;
            mad.lo.s32 %r5, %r2, %r3, %r4;
            setp.ge.u32 %p1, %r5, %r1;
            @%p1 bra SAXPY_DONE;
            cvta.to.global.u64 %rd3, %rd1;
            cvta.to.global.u64 %rd4, %rd2;
            mul.wide.u32 %rd5, %r5, 4;
            add.s64 %rd6, %rd3, %rd5;
            add.s64 %rd7, %rd4, %rd5;
            ld.global.f32 %f2, [%rd6];
            ld.global.f32 %f3, [%rd7];
            fma.rn.f32 %f4, %f1, %f2, %f3;
            st.global.f32 [%rd7], %f4;
        SAXPY_DONE:
            ret;
        }

        .visible .entry index_2d(
            .param .u64 index_2d_out,
            .param .u32 index_2d_width,
            .param .u32 index_2d_height
        )
        {
            .reg .pred %p<3>;
            .reg .b32 %r<14>;
            .reg .b64 %rd<5>;

            ld.param.u64 %rd1, [index_2d_out];
            ld.param.u32 %r1, [index_2d_width];
            ld.param.u32 %r2, [index_2d_height];
            mov.u32 %r3, %ctaid.x;
            mov.u32 %r4, %ntid.x;
            mov.u32 %r5, %tid.x;
            mad.lo.s32 %r6, %r3, %r4, %r5;
            mov.u32 %r7, %ctaid.y;
            mov.u32 %r8, %ntid.y;
            mov.u32 %r9, %tid.y;
            mad.lo.s32 %r10, %r7, %r8, %r9;
            setp.ge.u32 %p1, %r6, %r1;
            setp.ge.u32 %p2, %r10, %r2;
            or.pred %p1, %p1, %p2;
            @%p1 bra INDEX_2D_DONE;
            mad.lo.s32 %r11, %r10, %r1, %r6;
            shl.b32 %r12, %r10, 16;
            or.b32 %r13, %r12, %r6;
            cvta.to.global.u64 %rd2, %rd1;
            mul.wide.u32 %rd3, %r11, 4;
            add.s64 %rd4, %rd2, %rd3;
            st.global.u32 [%rd4], %r13;
        INDEX_2D_DONE:
            ret;
        }

        .visible .entry block_sum_u32(
            .param .u64 block_sum_u32_in,
            .param .u64 block_sum_u32_out,
            .param .u32 block_sum_u32_n
        )
        {
            .reg .pred %p<4>;
            .reg .b32 %r<16>;
            .reg .b64 %rd<8>;

            ld.param.u64 %rd1, [block_sum_u32_in];
            ld.param.u64 %rd2, [block_sum_u32_out];
            ld.param.u32 %r1, [block_sum_u32_n];
            mov.u32 %r2, %tid.x;
            mov.u32 %r3, %ctaid.x;
            mov.u32 %r4, %ntid.x;
            mad.lo.s32 %r5, %r3, %r4, %r2;
            mov.u32 %r6, 0;
            setp.ge.u32 %p1, %r5, %r1;
            @%p1 bra BLOCK_SUM_STORE;
            cvta.to.global.u64 %rd3, %rd1;
            mul.wide.u32 %rd4, %r5, 4;
            add.s64 %rd5, %rd3, %rd4;
            ld.global.u32 %r6, [%rd5];
        BLOCK_SUM_STORE:
            mov.u32 %r7, dynamic_shared;
            shl.b32 %r8, %r2, 2;
            add.s32 %r9, %r7, %r8;
            st.shared.u32 [%r9], %r6;
            bar.sync 0;
            shr.u32 %r10, %r4, 1;
        BLOCK_SUM_LOOP:
            setp.eq.u32 %p2, %r10, 0;
            @%p2 bra BLOCK_SUM_WRITE;
            setp.ge.u32 %p3, %r2, %r10;
            @%p3 bra BLOCK_SUM_NEXT;
            shl.b32 %r11, %r10, 2;
            add.s32 %r12, %r9, %r11;
            ld.shared.u32 %r13, [%r12];
            ld.shared.u32 %r14, [%r9];
            add.s32 %r14, %r14, %r13;
            st.shared.u32 [%r9], %r14;
        BLOCK_SUM_NEXT:
            bar.sync 0;
            shr.u32 %r10, %r10, 1;
            bra.uni BLOCK_SUM_LOOP;
        BLOCK_SUM_WRITE:
            setp.ne.u32 %p1, %r2, 0;
            @%p1 bra BLOCK_SUM_DONE;
            ld.shared.u32 %r15, [%r7];
            cvta.to.global.u64 %rd6, %rd2;
            mul.wide.u32 %rd7, %r3, 4;
            add.s64 %rd6, %rd6, %rd7;
            st.global.u32 [%rd6], %r15;
        BLOCK_SUM_DONE:
            ret;
        }

        """

    /// A module that ptxas rejects: `vector_add` reading an undeclared register
    /// (`%f_undeclared`). Loading it must fail with a JIT log that names the register.
    public static let broken = """
        .version 7.8
        .target sm_80
        .address_size 64

        .visible .entry broken_add(
            .param .u64 broken_add_a,
            .param .u64 broken_add_c
        )
        {
            .reg .f32 %f<3>;
            .reg .b64 %rd<3>;

            ld.param.u64 %rd1, [broken_add_a];
            ld.param.u64 %rd2, [broken_add_c];
            ld.global.f32 %f1, [%rd1];
            add.rn.f32 %f2, %f1, %f_undeclared;
            st.global.f32 [%rd2], %f2;
            ret;
        }

        """

    /// The register name the broken module's JIT log must mention.
    public static let brokenSymbol = "%f_undeclared"
}
