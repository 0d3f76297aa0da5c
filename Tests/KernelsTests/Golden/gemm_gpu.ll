; ModuleID = 'gptq_gemm_b4_g128_v1_f16_gpu_m4n1t128u1'
source_filename = "gptq_gemm_b4_g128_v1_f16_gpu_m4n1t128u1"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

define ptx_kernel void @gptq_gemm_b4_g128_v1_f16_gpu_m4n1t128u1(ptr addrspace(1) noalias %0, ptr addrspace(1) noalias %1, ptr addrspace(1) noalias %2, ptr addrspace(1) noalias %3, ptr addrspace(1) noalias %4, ptr addrspace(1) noalias %5, i64 %6, i64 %7, i64 %8) {
locals:
  %9 = alloca float, align 4
  %10 = alloca float, align 4
  %11 = alloca float, align 4
  %12 = alloca float, align 4
  br label %entry

entry:                                            ; preds = %locals
  %13 = add i64 %6, 3
  %14 = sdiv i64 %13, 4
  %15 = mul i64 %14, %7
  %16 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
  %17 = call i32 @llvm.nvvm.read.ptx.sreg.ntid.x()
  %18 = mul i32 %16, %17
  %19 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
  %20 = add i32 %18, %19
  %21 = zext i32 %20 to i64
  %22 = icmp slt i64 %21, %15
  br i1 %22, label %then, label %else

then:                                             ; preds = %entry
  %23 = sdiv i64 %21, %7
  %24 = mul i64 %23, 4
  %25 = srem i64 %21, %7
  %26 = add i64 %24, 1
  %27 = sub i64 %6, 1
  %28 = call i64 @llvm.smin.i64(i64 %26, i64 %27)
  %29 = add i64 %24, 2
  %30 = call i64 @llvm.smin.i64(i64 %29, i64 %27)
  %31 = add i64 %24, 3
  %32 = call i64 @llvm.smin.i64(i64 %31, i64 %27)
  store float 0.000000e+00, ptr %9, align 4
  store float 0.000000e+00, ptr %10, align 4
  store float 0.000000e+00, ptr %11, align 4
  store float 0.000000e+00, ptr %12, align 4
  %33 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %endif

endif:                                            ; preds = %else, %endif13
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %219, %after3 ]
  %34 = icmp slt i64 %i, %33
  br i1 %34, label %body, label %after

body:                                             ; preds = %loop
  %35 = mul i64 %i, %7
  %36 = add i64 %35, %25
  %37 = getelementptr inbounds half, ptr addrspace(1) %3, i64 %36
  %38 = load half, ptr addrspace(1) %37, align 2
  %39 = fpext half %38 to float
  %40 = mul i64 %7, 4
  %41 = add i64 %40, 31
  %42 = lshr i64 %41, 5
  %43 = mul i64 %i, %42
  %44 = mul i64 %25, 4
  %45 = lshr i64 %44, 5
  %46 = and i64 %44, 31
  %47 = trunc i64 %46 to i32
  %48 = add i64 %43, %45
  %49 = getelementptr inbounds i32, ptr addrspace(1) %2, i64 %48
  %50 = load i32, ptr addrspace(1) %49, align 4
  %51 = lshr i32 %50, %47
  %52 = and i32 %51, 15
  %53 = add i32 %52, 1
  %54 = sitofp i32 %53 to float
  %55 = fmul float %39, %54
  %56 = fneg float %55
  %57 = mul i64 %i, 16
  %58 = add i64 %i, 1
  %59 = mul i64 %58, 16
  br label %loop1

after:                                            ; preds = %loop
  %60 = load float, ptr %9, align 4
  %61 = fptrunc float %60 to half
  %62 = mul i64 %24, %7
  %63 = add i64 %62, %25
  %64 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %63
  store half %61, ptr addrspace(1) %64, align 2
  %65 = icmp slt i64 %26, %6
  br i1 %65, label %then5, label %else6

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %57, %body ], [ %218, %body2 ]
  %66 = icmp slt i64 %i4, %59
  br i1 %66, label %body2, label %after3

body2:                                            ; preds = %loop1
  %67 = mul i64 %i4, %7
  %68 = add i64 %67, %25
  %69 = getelementptr inbounds i32, ptr addrspace(1) %1, i64 %68
  %70 = load i32, ptr addrspace(1) %69, align 4
  %71 = mul i64 %24, %8
  %72 = mul i64 %i4, 8
  %73 = add i64 %71, %72
  %74 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %73
  %75 = load <8 x half>, ptr addrspace(1) %74, align 2
  %76 = fpext <8 x half> %75 to <8 x float>
  %77 = mul i64 %28, %8
  %78 = add i64 %77, %72
  %79 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %78
  %80 = load <8 x half>, ptr addrspace(1) %79, align 2
  %81 = fpext <8 x half> %80 to <8 x float>
  %82 = mul i64 %30, %8
  %83 = add i64 %82, %72
  %84 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %83
  %85 = load <8 x half>, ptr addrspace(1) %84, align 2
  %86 = fpext <8 x half> %85 to <8 x float>
  %87 = mul i64 %32, %8
  %88 = add i64 %87, %72
  %89 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %88
  %90 = load <8 x half>, ptr addrspace(1) %89, align 2
  %91 = fpext <8 x half> %90 to <8 x float>
  %92 = extractelement <8 x float> %76, i32 0
  %93 = extractelement <8 x float> %81, i32 0
  %94 = extractelement <8 x float> %86, i32 0
  %95 = extractelement <8 x float> %91, i32 0
  %96 = and i32 %70, 15
  %97 = sitofp i32 %96 to float
  %98 = call float @llvm.fma.f32(float %97, float %39, float %56)
  %99 = load float, ptr %9, align 4
  %100 = call float @llvm.fma.f32(float %92, float %98, float %99)
  store float %100, ptr %9, align 4
  %101 = load float, ptr %10, align 4
  %102 = call float @llvm.fma.f32(float %93, float %98, float %101)
  store float %102, ptr %10, align 4
  %103 = load float, ptr %11, align 4
  %104 = call float @llvm.fma.f32(float %94, float %98, float %103)
  store float %104, ptr %11, align 4
  %105 = load float, ptr %12, align 4
  %106 = call float @llvm.fma.f32(float %95, float %98, float %105)
  store float %106, ptr %12, align 4
  %107 = extractelement <8 x float> %76, i32 1
  %108 = extractelement <8 x float> %81, i32 1
  %109 = extractelement <8 x float> %86, i32 1
  %110 = extractelement <8 x float> %91, i32 1
  %111 = lshr i32 %70, 4
  %112 = and i32 %111, 15
  %113 = sitofp i32 %112 to float
  %114 = call float @llvm.fma.f32(float %113, float %39, float %56)
  %115 = load float, ptr %9, align 4
  %116 = call float @llvm.fma.f32(float %107, float %114, float %115)
  store float %116, ptr %9, align 4
  %117 = load float, ptr %10, align 4
  %118 = call float @llvm.fma.f32(float %108, float %114, float %117)
  store float %118, ptr %10, align 4
  %119 = load float, ptr %11, align 4
  %120 = call float @llvm.fma.f32(float %109, float %114, float %119)
  store float %120, ptr %11, align 4
  %121 = load float, ptr %12, align 4
  %122 = call float @llvm.fma.f32(float %110, float %114, float %121)
  store float %122, ptr %12, align 4
  %123 = extractelement <8 x float> %76, i32 2
  %124 = extractelement <8 x float> %81, i32 2
  %125 = extractelement <8 x float> %86, i32 2
  %126 = extractelement <8 x float> %91, i32 2
  %127 = lshr i32 %70, 8
  %128 = and i32 %127, 15
  %129 = sitofp i32 %128 to float
  %130 = call float @llvm.fma.f32(float %129, float %39, float %56)
  %131 = load float, ptr %9, align 4
  %132 = call float @llvm.fma.f32(float %123, float %130, float %131)
  store float %132, ptr %9, align 4
  %133 = load float, ptr %10, align 4
  %134 = call float @llvm.fma.f32(float %124, float %130, float %133)
  store float %134, ptr %10, align 4
  %135 = load float, ptr %11, align 4
  %136 = call float @llvm.fma.f32(float %125, float %130, float %135)
  store float %136, ptr %11, align 4
  %137 = load float, ptr %12, align 4
  %138 = call float @llvm.fma.f32(float %126, float %130, float %137)
  store float %138, ptr %12, align 4
  %139 = extractelement <8 x float> %76, i32 3
  %140 = extractelement <8 x float> %81, i32 3
  %141 = extractelement <8 x float> %86, i32 3
  %142 = extractelement <8 x float> %91, i32 3
  %143 = lshr i32 %70, 12
  %144 = and i32 %143, 15
  %145 = sitofp i32 %144 to float
  %146 = call float @llvm.fma.f32(float %145, float %39, float %56)
  %147 = load float, ptr %9, align 4
  %148 = call float @llvm.fma.f32(float %139, float %146, float %147)
  store float %148, ptr %9, align 4
  %149 = load float, ptr %10, align 4
  %150 = call float @llvm.fma.f32(float %140, float %146, float %149)
  store float %150, ptr %10, align 4
  %151 = load float, ptr %11, align 4
  %152 = call float @llvm.fma.f32(float %141, float %146, float %151)
  store float %152, ptr %11, align 4
  %153 = load float, ptr %12, align 4
  %154 = call float @llvm.fma.f32(float %142, float %146, float %153)
  store float %154, ptr %12, align 4
  %155 = extractelement <8 x float> %76, i32 4
  %156 = extractelement <8 x float> %81, i32 4
  %157 = extractelement <8 x float> %86, i32 4
  %158 = extractelement <8 x float> %91, i32 4
  %159 = lshr i32 %70, 16
  %160 = and i32 %159, 15
  %161 = sitofp i32 %160 to float
  %162 = call float @llvm.fma.f32(float %161, float %39, float %56)
  %163 = load float, ptr %9, align 4
  %164 = call float @llvm.fma.f32(float %155, float %162, float %163)
  store float %164, ptr %9, align 4
  %165 = load float, ptr %10, align 4
  %166 = call float @llvm.fma.f32(float %156, float %162, float %165)
  store float %166, ptr %10, align 4
  %167 = load float, ptr %11, align 4
  %168 = call float @llvm.fma.f32(float %157, float %162, float %167)
  store float %168, ptr %11, align 4
  %169 = load float, ptr %12, align 4
  %170 = call float @llvm.fma.f32(float %158, float %162, float %169)
  store float %170, ptr %12, align 4
  %171 = extractelement <8 x float> %76, i32 5
  %172 = extractelement <8 x float> %81, i32 5
  %173 = extractelement <8 x float> %86, i32 5
  %174 = extractelement <8 x float> %91, i32 5
  %175 = lshr i32 %70, 20
  %176 = and i32 %175, 15
  %177 = sitofp i32 %176 to float
  %178 = call float @llvm.fma.f32(float %177, float %39, float %56)
  %179 = load float, ptr %9, align 4
  %180 = call float @llvm.fma.f32(float %171, float %178, float %179)
  store float %180, ptr %9, align 4
  %181 = load float, ptr %10, align 4
  %182 = call float @llvm.fma.f32(float %172, float %178, float %181)
  store float %182, ptr %10, align 4
  %183 = load float, ptr %11, align 4
  %184 = call float @llvm.fma.f32(float %173, float %178, float %183)
  store float %184, ptr %11, align 4
  %185 = load float, ptr %12, align 4
  %186 = call float @llvm.fma.f32(float %174, float %178, float %185)
  store float %186, ptr %12, align 4
  %187 = extractelement <8 x float> %76, i32 6
  %188 = extractelement <8 x float> %81, i32 6
  %189 = extractelement <8 x float> %86, i32 6
  %190 = extractelement <8 x float> %91, i32 6
  %191 = lshr i32 %70, 24
  %192 = and i32 %191, 15
  %193 = sitofp i32 %192 to float
  %194 = call float @llvm.fma.f32(float %193, float %39, float %56)
  %195 = load float, ptr %9, align 4
  %196 = call float @llvm.fma.f32(float %187, float %194, float %195)
  store float %196, ptr %9, align 4
  %197 = load float, ptr %10, align 4
  %198 = call float @llvm.fma.f32(float %188, float %194, float %197)
  store float %198, ptr %10, align 4
  %199 = load float, ptr %11, align 4
  %200 = call float @llvm.fma.f32(float %189, float %194, float %199)
  store float %200, ptr %11, align 4
  %201 = load float, ptr %12, align 4
  %202 = call float @llvm.fma.f32(float %190, float %194, float %201)
  store float %202, ptr %12, align 4
  %203 = extractelement <8 x float> %76, i32 7
  %204 = extractelement <8 x float> %81, i32 7
  %205 = extractelement <8 x float> %86, i32 7
  %206 = extractelement <8 x float> %91, i32 7
  %207 = lshr i32 %70, 28
  %208 = sitofp i32 %207 to float
  %209 = call float @llvm.fma.f32(float %208, float %39, float %56)
  %210 = load float, ptr %9, align 4
  %211 = call float @llvm.fma.f32(float %203, float %209, float %210)
  store float %211, ptr %9, align 4
  %212 = load float, ptr %10, align 4
  %213 = call float @llvm.fma.f32(float %204, float %209, float %212)
  store float %213, ptr %10, align 4
  %214 = load float, ptr %11, align 4
  %215 = call float @llvm.fma.f32(float %205, float %209, float %214)
  store float %215, ptr %11, align 4
  %216 = load float, ptr %12, align 4
  %217 = call float @llvm.fma.f32(float %206, float %209, float %216)
  store float %217, ptr %12, align 4
  %218 = add i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %219 = add i64 %i, 1
  br label %loop

then5:                                            ; preds = %after
  %220 = load float, ptr %10, align 4
  %221 = fptrunc float %220 to half
  %222 = mul i64 %28, %7
  %223 = add i64 %222, %25
  %224 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %223
  store half %221, ptr addrspace(1) %224, align 2
  br label %endif7

else6:                                            ; preds = %after
  br label %endif7

endif7:                                           ; preds = %else6, %then5
  %225 = icmp slt i64 %29, %6
  br i1 %225, label %then8, label %else9

then8:                                            ; preds = %endif7
  %226 = load float, ptr %11, align 4
  %227 = fptrunc float %226 to half
  %228 = mul i64 %30, %7
  %229 = add i64 %228, %25
  %230 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %229
  store half %227, ptr addrspace(1) %230, align 2
  br label %endif10

else9:                                            ; preds = %endif7
  br label %endif10

endif10:                                          ; preds = %else9, %then8
  %231 = icmp slt i64 %31, %6
  br i1 %231, label %then11, label %else12

then11:                                           ; preds = %endif10
  %232 = load float, ptr %12, align 4
  %233 = fptrunc float %232 to half
  %234 = mul i64 %32, %7
  %235 = add i64 %234, %25
  %236 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %235
  store half %233, ptr addrspace(1) %236, align 2
  br label %endif13

else12:                                           ; preds = %endif10
  br label %endif13

endif13:                                          ; preds = %else12, %then11
  br label %endif
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.ctaid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.ntid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare noundef i32 @llvm.nvvm.read.ptx.sreg.tid.x() #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #0

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #0

attributes #0 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 1}
