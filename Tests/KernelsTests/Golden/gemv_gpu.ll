; ModuleID = 'gptq_gemv_b4_g128_v1_f16_gpu_m1n1t128u2'
source_filename = "gptq_gemv_b4_g128_v1_f16_gpu_m1n1t128u2"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @gptq_gemv_b4_g128_v1_f16_gpu_m1n1t128u2(ptr addrspace(1) noalias %0, ptr addrspace(1) noalias %1, ptr addrspace(1) noalias %2, ptr addrspace(1) noalias %3, ptr addrspace(1) noalias %4, ptr addrspace(1) noalias %5, i64 %6, i64 %7, i64 %8) {
locals:
  %9 = alloca float, align 4
  %10 = alloca float, align 4
  %11 = alloca float, align 4
  br label %entry

entry:                                            ; preds = %locals
  %12 = mul i64 %6, %7
  %13 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %14 = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %15 = mul i32 %13, %14
  %16 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %17 = add i32 %15, %16
  %18 = zext i32 %17 to i64
  %19 = icmp slt i64 %18, %12
  br i1 %19, label %then, label %else

then:                                             ; preds = %entry
  %20 = sdiv i64 %18, %7
  %21 = srem i64 %18, %7
  store float 0.000000e+00, ptr %9, align 4
  %22 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %endif

endif:                                            ; preds = %else, %after
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %159, %after3 ]
  %23 = icmp slt i64 %i, %22
  br i1 %23, label %body, label %after

body:                                             ; preds = %loop
  %24 = mul i64 %i, %7
  %25 = add i64 %24, %21
  %26 = getelementptr inbounds half, ptr addrspace(1) %3, i64 %25
  %27 = load half, ptr addrspace(1) %26, align 2
  %28 = fpext half %27 to float
  %29 = mul i64 %7, 4
  %30 = add i64 %29, 31
  %31 = lshr i64 %30, 5
  %32 = mul i64 %i, %31
  %33 = mul i64 %21, 4
  %34 = lshr i64 %33, 5
  %35 = and i64 %33, 31
  %36 = trunc i64 %35 to i32
  %37 = add i64 %32, %34
  %38 = getelementptr inbounds i32, ptr addrspace(1) %2, i64 %37
  %39 = load i32, ptr addrspace(1) %38, align 4
  %40 = lshr i32 %39, %36
  %41 = and i32 %40, 15
  %42 = add i32 %41, 1
  %43 = sitofp i32 %42 to float
  store float 0.000000e+00, ptr %10, align 4
  store float 0.000000e+00, ptr %11, align 4
  %44 = mul i64 %i, 16
  %45 = add i64 %i, 1
  %46 = mul i64 %45, 16
  br label %loop1

after:                                            ; preds = %loop
  %47 = load float, ptr %9, align 4
  %48 = fptrunc float %47 to half
  %49 = mul i64 %20, %7
  %50 = add i64 %49, %21
  %51 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %50
  store half %48, ptr addrspace(1) %51, align 2
  br label %endif

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %44, %body ], [ %152, %body2 ]
  %52 = icmp slt i64 %i4, %46
  br i1 %52, label %body2, label %after3

body2:                                            ; preds = %loop1
  %53 = mul i64 %i4, %7
  %54 = add i64 %53, %21
  %55 = getelementptr inbounds i32, ptr addrspace(1) %1, i64 %54
  %56 = load i32, ptr addrspace(1) %55, align 4
  %57 = mul i64 %i4, 8
  %58 = mul i64 %20, %8
  %59 = add i64 %58, %57
  %60 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %59
  %61 = load half, ptr addrspace(1) %60, align 2
  %62 = fpext half %61 to float
  %63 = load float, ptr %11, align 4
  %64 = fadd float %63, %62
  store float %64, ptr %11, align 4
  %65 = and i32 %56, 15
  %66 = sitofp i32 %65 to float
  %67 = load float, ptr %10, align 4
  %68 = call float @llvm.fma.f32(float %66, float %62, float %67)
  store float %68, ptr %10, align 4
  %69 = add i64 %57, 1
  %70 = add i64 %58, %69
  %71 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %70
  %72 = load half, ptr addrspace(1) %71, align 2
  %73 = fpext half %72 to float
  %74 = load float, ptr %11, align 4
  %75 = fadd float %74, %73
  store float %75, ptr %11, align 4
  %76 = lshr i32 %56, 4
  %77 = and i32 %76, 15
  %78 = sitofp i32 %77 to float
  %79 = load float, ptr %10, align 4
  %80 = call float @llvm.fma.f32(float %78, float %73, float %79)
  store float %80, ptr %10, align 4
  %81 = add i64 %57, 2
  %82 = add i64 %58, %81
  %83 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %82
  %84 = load half, ptr addrspace(1) %83, align 2
  %85 = fpext half %84 to float
  %86 = load float, ptr %11, align 4
  %87 = fadd float %86, %85
  store float %87, ptr %11, align 4
  %88 = lshr i32 %56, 8
  %89 = and i32 %88, 15
  %90 = sitofp i32 %89 to float
  %91 = load float, ptr %10, align 4
  %92 = call float @llvm.fma.f32(float %90, float %85, float %91)
  store float %92, ptr %10, align 4
  %93 = add i64 %57, 3
  %94 = add i64 %58, %93
  %95 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %94
  %96 = load half, ptr addrspace(1) %95, align 2
  %97 = fpext half %96 to float
  %98 = load float, ptr %11, align 4
  %99 = fadd float %98, %97
  store float %99, ptr %11, align 4
  %100 = lshr i32 %56, 12
  %101 = and i32 %100, 15
  %102 = sitofp i32 %101 to float
  %103 = load float, ptr %10, align 4
  %104 = call float @llvm.fma.f32(float %102, float %97, float %103)
  store float %104, ptr %10, align 4
  %105 = add i64 %57, 4
  %106 = add i64 %58, %105
  %107 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %106
  %108 = load half, ptr addrspace(1) %107, align 2
  %109 = fpext half %108 to float
  %110 = load float, ptr %11, align 4
  %111 = fadd float %110, %109
  store float %111, ptr %11, align 4
  %112 = lshr i32 %56, 16
  %113 = and i32 %112, 15
  %114 = sitofp i32 %113 to float
  %115 = load float, ptr %10, align 4
  %116 = call float @llvm.fma.f32(float %114, float %109, float %115)
  store float %116, ptr %10, align 4
  %117 = add i64 %57, 5
  %118 = add i64 %58, %117
  %119 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %118
  %120 = load half, ptr addrspace(1) %119, align 2
  %121 = fpext half %120 to float
  %122 = load float, ptr %11, align 4
  %123 = fadd float %122, %121
  store float %123, ptr %11, align 4
  %124 = lshr i32 %56, 20
  %125 = and i32 %124, 15
  %126 = sitofp i32 %125 to float
  %127 = load float, ptr %10, align 4
  %128 = call float @llvm.fma.f32(float %126, float %121, float %127)
  store float %128, ptr %10, align 4
  %129 = add i64 %57, 6
  %130 = add i64 %58, %129
  %131 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %130
  %132 = load half, ptr addrspace(1) %131, align 2
  %133 = fpext half %132 to float
  %134 = load float, ptr %11, align 4
  %135 = fadd float %134, %133
  store float %135, ptr %11, align 4
  %136 = lshr i32 %56, 24
  %137 = and i32 %136, 15
  %138 = sitofp i32 %137 to float
  %139 = load float, ptr %10, align 4
  %140 = call float @llvm.fma.f32(float %138, float %133, float %139)
  store float %140, ptr %10, align 4
  %141 = add i64 %57, 7
  %142 = add i64 %58, %141
  %143 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %142
  %144 = load half, ptr addrspace(1) %143, align 2
  %145 = fpext half %144 to float
  %146 = load float, ptr %11, align 4
  %147 = fadd float %146, %145
  store float %147, ptr %11, align 4
  %148 = lshr i32 %56, 28
  %149 = sitofp i32 %148 to float
  %150 = load float, ptr %10, align 4
  %151 = call float @llvm.fma.f32(float %149, float %145, float %150)
  store float %151, ptr %10, align 4
  %152 = add nsw i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %153 = load float, ptr %10, align 4
  %154 = load float, ptr %11, align 4
  %155 = fmul float %43, %154
  %156 = fsub float %153, %155
  %157 = load float, ptr %9, align 4
  %158 = call float @llvm.fma.f32(float %28, float %156, float %157)
  store float %158, ptr %9, align 4
  %159 = add nsw i64 %i, 1
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

attributes #0 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 2}
