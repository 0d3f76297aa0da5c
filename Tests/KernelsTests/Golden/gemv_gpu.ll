; ModuleID = 'gptq_gemv_b4_g128_v1_f16_gpu_m1n1t128u2'
source_filename = "gptq_gemv_b4_g128_v1_f16_gpu_m1n1t128u2"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @gptq_gemv_b4_g128_v1_f16_gpu_m1n1t128u2(ptr addrspace(1) noalias %0, ptr addrspace(1) noalias %1, ptr addrspace(1) noalias %2, ptr addrspace(1) noalias %3, ptr addrspace(1) noalias %4, ptr addrspace(1) noalias %5, i64 %6, i64 %7, i64 %8) {
locals:
  %9 = alloca float, align 4
  %10 = alloca float, align 4
  %11 = alloca float, align 4
  %12 = alloca float, align 4
  %13 = alloca float, align 4
  %14 = alloca float, align 4
  %15 = alloca float, align 4
  %16 = alloca float, align 4
  %17 = alloca float, align 4
  %18 = alloca <8 x float>, align 32
  br label %entry

entry:                                            ; preds = %locals
  %19 = mul i64 %6, %7
  %20 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %21 = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %22 = mul i32 %20, %21
  %23 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %24 = add i32 %22, %23
  %25 = zext i32 %24 to i64
  %26 = icmp slt i64 %25, %19
  br i1 %26, label %then, label %else

then:                                             ; preds = %entry
  %27 = sdiv i64 %25, %7
  %28 = srem i64 %25, %7
  store float 0.000000e+00, ptr %9, align 4
  %29 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %endif

endif:                                            ; preds = %else, %after
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %135, %after3 ]
  %30 = icmp slt i64 %i, %29
  br i1 %30, label %body, label %after

body:                                             ; preds = %loop
  %31 = mul i64 %i, %7
  %32 = add i64 %31, %28
  %33 = getelementptr inbounds half, ptr addrspace(1) %3, i64 %32
  %34 = load half, ptr addrspace(1) %33, align 2
  %35 = fpext half %34 to float
  %36 = mul i64 %7, 4
  %37 = add i64 %36, 31
  %38 = lshr i64 %37, 5
  %39 = mul i64 %i, %38
  %40 = mul i64 %28, 4
  %41 = lshr i64 %40, 5
  %42 = and i64 %40, 31
  %43 = trunc i64 %42 to i32
  %44 = add i64 %39, %41
  %45 = getelementptr inbounds i32, ptr addrspace(1) %2, i64 %44
  %46 = load i32, ptr addrspace(1) %45, align 4
  %47 = lshr i32 %46, %43
  %48 = and i32 %47, 15
  %49 = add i32 %48, 1
  %50 = sitofp i32 %49 to float
  store float 0.000000e+00, ptr %10, align 4
  store float 0.000000e+00, ptr %11, align 4
  store float 0.000000e+00, ptr %12, align 4
  store float 0.000000e+00, ptr %13, align 4
  store float 0.000000e+00, ptr %14, align 4
  store float 0.000000e+00, ptr %15, align 4
  store float 0.000000e+00, ptr %16, align 4
  store float 0.000000e+00, ptr %17, align 4
  store <8 x float> zeroinitializer, ptr %18, align 32
  %51 = mul i64 %i, 16
  %52 = add i64 %i, 1
  %53 = mul i64 %52, 16
  br label %loop1

after:                                            ; preds = %loop
  %54 = load float, ptr %9, align 4
  %55 = fptrunc float %54 to half
  %56 = mul i64 %27, %7
  %57 = add i64 %56, %28
  %58 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %57
  store half %55, ptr addrspace(1) %58, align 2
  br label %endif

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %51, %body ], [ %113, %body2 ]
  %59 = icmp slt i64 %i4, %53
  br i1 %59, label %body2, label %after3

body2:                                            ; preds = %loop1
  %60 = mul i64 %i4, %7
  %61 = add i64 %60, %28
  %62 = getelementptr inbounds i32, ptr addrspace(1) %1, i64 %61
  %63 = load i32, ptr addrspace(1) %62, align 4
  %64 = mul i64 %27, %8
  %65 = mul i64 %i4, 8
  %66 = add i64 %64, %65
  %67 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %66
  %68 = load <8 x half>, ptr addrspace(1) %67, align 2
  %69 = fpext <8 x half> %68 to <8 x float>
  %70 = and i32 %63, 15
  %71 = uitofp i32 %70 to float
  %72 = and i32 %63, 240
  %73 = uitofp i32 %72 to float
  %74 = and i32 %63, 3840
  %75 = uitofp i32 %74 to float
  %76 = and i32 %63, 61440
  %77 = uitofp i32 %76 to float
  %78 = and i32 %63, 983040
  %79 = uitofp i32 %78 to float
  %80 = and i32 %63, 15728640
  %81 = uitofp i32 %80 to float
  %82 = and i32 %63, 251658240
  %83 = uitofp i32 %82 to float
  %84 = and i32 %63, -268435456
  %85 = uitofp i32 %84 to float
  %86 = load <8 x float>, ptr %18, align 32
  %87 = fadd <8 x float> %86, %69
  store <8 x float> %87, ptr %18, align 32
  %88 = fmul <8 x float> %69, <float 1.000000e+00, float 6.250000e-02, float 3.906250e-03, float 0x3F30000000000000, float 0x3EF0000000000000, float 0x3EB0000000000000, float 0x3E70000000000000, float 0x3E30000000000000>
  %89 = extractelement <8 x float> %88, i32 0
  %90 = load float, ptr %10, align 4
  %91 = call float @llvm.fma.f32(float %71, float %89, float %90)
  store float %91, ptr %10, align 4
  %92 = extractelement <8 x float> %88, i32 1
  %93 = load float, ptr %11, align 4
  %94 = call float @llvm.fma.f32(float %73, float %92, float %93)
  store float %94, ptr %11, align 4
  %95 = extractelement <8 x float> %88, i32 2
  %96 = load float, ptr %12, align 4
  %97 = call float @llvm.fma.f32(float %75, float %95, float %96)
  store float %97, ptr %12, align 4
  %98 = extractelement <8 x float> %88, i32 3
  %99 = load float, ptr %13, align 4
  %100 = call float @llvm.fma.f32(float %77, float %98, float %99)
  store float %100, ptr %13, align 4
  %101 = extractelement <8 x float> %88, i32 4
  %102 = load float, ptr %14, align 4
  %103 = call float @llvm.fma.f32(float %79, float %101, float %102)
  store float %103, ptr %14, align 4
  %104 = extractelement <8 x float> %88, i32 5
  %105 = load float, ptr %15, align 4
  %106 = call float @llvm.fma.f32(float %81, float %104, float %105)
  store float %106, ptr %15, align 4
  %107 = extractelement <8 x float> %88, i32 6
  %108 = load float, ptr %16, align 4
  %109 = call float @llvm.fma.f32(float %83, float %107, float %108)
  store float %109, ptr %16, align 4
  %110 = extractelement <8 x float> %88, i32 7
  %111 = load float, ptr %17, align 4
  %112 = call float @llvm.fma.f32(float %85, float %110, float %111)
  store float %112, ptr %17, align 4
  %113 = add i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %114 = load <8 x float>, ptr %18, align 32
  %115 = call reassoc float @llvm.vector.reduce.fadd.v8f32(float -0.000000e+00, <8 x float> %114)
  %116 = load float, ptr %10, align 4
  %117 = load float, ptr %11, align 4
  %118 = fadd float %116, %117
  %119 = load float, ptr %12, align 4
  %120 = fadd float %118, %119
  %121 = load float, ptr %13, align 4
  %122 = fadd float %120, %121
  %123 = load float, ptr %14, align 4
  %124 = fadd float %122, %123
  %125 = load float, ptr %15, align 4
  %126 = fadd float %124, %125
  %127 = load float, ptr %16, align 4
  %128 = fadd float %126, %127
  %129 = load float, ptr %17, align 4
  %130 = fadd float %128, %129
  %131 = fmul float %50, %115
  %132 = fsub float %130, %131
  %133 = load float, ptr %9, align 4
  %134 = call float @llvm.fma.f32(float %35, float %132, float %133)
  store float %134, ptr %9, align 4
  %135 = add i64 %i, 1
  br label %loop
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.ctaid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.ntid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.tid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.vector.reduce.fadd.v8f32(float, <8 x float>) #0

attributes #0 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 2}
