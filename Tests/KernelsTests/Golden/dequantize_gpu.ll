; ModuleID = 'gptq_dequantize_b4_g128_v1_f16_gpu_m1n1t128u1'
source_filename = "gptq_dequantize_b4_g128_v1_f16_gpu_m1n1t128u1"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @gptq_dequantize_b4_g128_v1_f16_gpu_m1n1t128u1(ptr addrspace(1) noalias %0, ptr addrspace(1) noalias %1, ptr addrspace(1) noalias %2, ptr addrspace(1) noalias %3, ptr addrspace(1) noalias %4, ptr addrspace(1) noalias %5, i64 %6, i64 %7, i64 %8) {
locals:
  br label %entry

entry:                                            ; preds = %locals
  %9 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %10 = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %11 = mul i32 %9, %10
  %12 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %13 = add i32 %11, %12
  %14 = zext i32 %13 to i64
  %15 = icmp slt i64 %14, %7
  br i1 %15, label %then, label %else

then:                                             ; preds = %entry
  %16 = sdiv i64 %8, 8
  br label %loop

else:                                             ; preds = %entry
  br label %endif

endif:                                            ; preds = %else, %after
  ret void

loop:                                             ; preds = %body, %then
  %i = phi i64 [ 0, %then ], [ %170, %body ]
  %17 = icmp slt i64 %i, %16
  br i1 %17, label %body, label %after

body:                                             ; preds = %loop
  %18 = mul i64 %i, %7
  %19 = add i64 %18, %14
  %20 = getelementptr inbounds i32, ptr addrspace(1) %1, i64 %19
  %21 = load i32, ptr addrspace(1) %20, align 4
  %22 = mul i64 %i, 8
  %23 = sdiv i64 %22, 128
  %24 = mul i64 %23, %7
  %25 = add i64 %24, %14
  %26 = getelementptr inbounds half, ptr addrspace(1) %3, i64 %25
  %27 = load half, ptr addrspace(1) %26, align 2
  %28 = fpext half %27 to float
  %29 = mul i64 %7, 4
  %30 = add i64 %29, 31
  %31 = lshr i64 %30, 5
  %32 = mul i64 %23, %31
  %33 = mul i64 %14, 4
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
  %44 = and i32 %21, 15
  %45 = sitofp i32 %44 to float
  %46 = fsub float %45, %43
  %47 = fmul float %46, %28
  %48 = fptrunc float %47 to half
  %49 = mul i64 %22, %7
  %50 = add i64 %49, %14
  %51 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %50
  store half %48, ptr addrspace(1) %51, align 2
  %52 = add i64 %22, 1
  %53 = load half, ptr addrspace(1) %26, align 2
  %54 = fpext half %53 to float
  %55 = load i32, ptr addrspace(1) %38, align 4
  %56 = lshr i32 %55, %36
  %57 = and i32 %56, 15
  %58 = add i32 %57, 1
  %59 = sitofp i32 %58 to float
  %60 = lshr i32 %21, 4
  %61 = and i32 %60, 15
  %62 = sitofp i32 %61 to float
  %63 = fsub float %62, %59
  %64 = fmul float %63, %54
  %65 = fptrunc float %64 to half
  %66 = mul i64 %52, %7
  %67 = add i64 %66, %14
  %68 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %67
  store half %65, ptr addrspace(1) %68, align 2
  %69 = add i64 %22, 2
  %70 = load half, ptr addrspace(1) %26, align 2
  %71 = fpext half %70 to float
  %72 = load i32, ptr addrspace(1) %38, align 4
  %73 = lshr i32 %72, %36
  %74 = and i32 %73, 15
  %75 = add i32 %74, 1
  %76 = sitofp i32 %75 to float
  %77 = lshr i32 %21, 8
  %78 = and i32 %77, 15
  %79 = sitofp i32 %78 to float
  %80 = fsub float %79, %76
  %81 = fmul float %80, %71
  %82 = fptrunc float %81 to half
  %83 = mul i64 %69, %7
  %84 = add i64 %83, %14
  %85 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %84
  store half %82, ptr addrspace(1) %85, align 2
  %86 = add i64 %22, 3
  %87 = load half, ptr addrspace(1) %26, align 2
  %88 = fpext half %87 to float
  %89 = load i32, ptr addrspace(1) %38, align 4
  %90 = lshr i32 %89, %36
  %91 = and i32 %90, 15
  %92 = add i32 %91, 1
  %93 = sitofp i32 %92 to float
  %94 = lshr i32 %21, 12
  %95 = and i32 %94, 15
  %96 = sitofp i32 %95 to float
  %97 = fsub float %96, %93
  %98 = fmul float %97, %88
  %99 = fptrunc float %98 to half
  %100 = mul i64 %86, %7
  %101 = add i64 %100, %14
  %102 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %101
  store half %99, ptr addrspace(1) %102, align 2
  %103 = add i64 %22, 4
  %104 = load half, ptr addrspace(1) %26, align 2
  %105 = fpext half %104 to float
  %106 = load i32, ptr addrspace(1) %38, align 4
  %107 = lshr i32 %106, %36
  %108 = and i32 %107, 15
  %109 = add i32 %108, 1
  %110 = sitofp i32 %109 to float
  %111 = lshr i32 %21, 16
  %112 = and i32 %111, 15
  %113 = sitofp i32 %112 to float
  %114 = fsub float %113, %110
  %115 = fmul float %114, %105
  %116 = fptrunc float %115 to half
  %117 = mul i64 %103, %7
  %118 = add i64 %117, %14
  %119 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %118
  store half %116, ptr addrspace(1) %119, align 2
  %120 = add i64 %22, 5
  %121 = load half, ptr addrspace(1) %26, align 2
  %122 = fpext half %121 to float
  %123 = load i32, ptr addrspace(1) %38, align 4
  %124 = lshr i32 %123, %36
  %125 = and i32 %124, 15
  %126 = add i32 %125, 1
  %127 = sitofp i32 %126 to float
  %128 = lshr i32 %21, 20
  %129 = and i32 %128, 15
  %130 = sitofp i32 %129 to float
  %131 = fsub float %130, %127
  %132 = fmul float %131, %122
  %133 = fptrunc float %132 to half
  %134 = mul i64 %120, %7
  %135 = add i64 %134, %14
  %136 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %135
  store half %133, ptr addrspace(1) %136, align 2
  %137 = add i64 %22, 6
  %138 = load half, ptr addrspace(1) %26, align 2
  %139 = fpext half %138 to float
  %140 = load i32, ptr addrspace(1) %38, align 4
  %141 = lshr i32 %140, %36
  %142 = and i32 %141, 15
  %143 = add i32 %142, 1
  %144 = sitofp i32 %143 to float
  %145 = lshr i32 %21, 24
  %146 = and i32 %145, 15
  %147 = sitofp i32 %146 to float
  %148 = fsub float %147, %144
  %149 = fmul float %148, %139
  %150 = fptrunc float %149 to half
  %151 = mul i64 %137, %7
  %152 = add i64 %151, %14
  %153 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %152
  store half %150, ptr addrspace(1) %153, align 2
  %154 = add i64 %22, 7
  %155 = load half, ptr addrspace(1) %26, align 2
  %156 = fpext half %155 to float
  %157 = load i32, ptr addrspace(1) %38, align 4
  %158 = lshr i32 %157, %36
  %159 = and i32 %158, 15
  %160 = add i32 %159, 1
  %161 = sitofp i32 %160 to float
  %162 = lshr i32 %21, 28
  %163 = sitofp i32 %162 to float
  %164 = fsub float %163, %161
  %165 = fmul float %164, %156
  %166 = fptrunc float %165 to half
  %167 = mul i64 %154, %7
  %168 = add i64 %167, %14
  %169 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %168
  store half %166, ptr addrspace(1) %169, align 2
  %170 = add i64 %i, 1
  br label %loop, !llvm.loop !0

after:                                            ; preds = %loop
  br label %endif
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.ctaid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.ntid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.tid.x() #0

attributes #0 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 1}
