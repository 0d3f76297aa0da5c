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
  %i = phi i64 [ 0, %then ], [ %306, %after3 ]
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
  %i4 = phi i64 [ %57, %body ], [ %305, %body2 ]
  %66 = icmp slt i64 %i4, %59
  br i1 %66, label %body2, label %after3

body2:                                            ; preds = %loop1
  %67 = mul i64 %i4, %7
  %68 = add i64 %67, %25
  %69 = getelementptr inbounds i32, ptr addrspace(1) %1, i64 %68
  %70 = load i32, ptr addrspace(1) %69, align 4
  %71 = mul i64 %i4, 8
  %72 = mul i64 %24, %8
  %73 = add i64 %72, %71
  %74 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %73
  %75 = load half, ptr addrspace(1) %74, align 2
  %76 = fpext half %75 to float
  %77 = mul i64 %28, %8
  %78 = add i64 %77, %71
  %79 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %78
  %80 = load half, ptr addrspace(1) %79, align 2
  %81 = fpext half %80 to float
  %82 = mul i64 %30, %8
  %83 = add i64 %82, %71
  %84 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %83
  %85 = load half, ptr addrspace(1) %84, align 2
  %86 = fpext half %85 to float
  %87 = mul i64 %32, %8
  %88 = add i64 %87, %71
  %89 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %88
  %90 = load half, ptr addrspace(1) %89, align 2
  %91 = fpext half %90 to float
  %92 = and i32 %70, 15
  %93 = sitofp i32 %92 to float
  %94 = call float @llvm.fma.f32(float %93, float %39, float %56)
  %95 = load float, ptr %9, align 4
  %96 = call float @llvm.fma.f32(float %76, float %94, float %95)
  store float %96, ptr %9, align 4
  %97 = load float, ptr %10, align 4
  %98 = call float @llvm.fma.f32(float %81, float %94, float %97)
  store float %98, ptr %10, align 4
  %99 = load float, ptr %11, align 4
  %100 = call float @llvm.fma.f32(float %86, float %94, float %99)
  store float %100, ptr %11, align 4
  %101 = load float, ptr %12, align 4
  %102 = call float @llvm.fma.f32(float %91, float %94, float %101)
  store float %102, ptr %12, align 4
  %103 = add i64 %71, 1
  %104 = add i64 %72, %103
  %105 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %104
  %106 = load half, ptr addrspace(1) %105, align 2
  %107 = fpext half %106 to float
  %108 = add i64 %77, %103
  %109 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %108
  %110 = load half, ptr addrspace(1) %109, align 2
  %111 = fpext half %110 to float
  %112 = add i64 %82, %103
  %113 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %112
  %114 = load half, ptr addrspace(1) %113, align 2
  %115 = fpext half %114 to float
  %116 = add i64 %87, %103
  %117 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %116
  %118 = load half, ptr addrspace(1) %117, align 2
  %119 = fpext half %118 to float
  %120 = lshr i32 %70, 4
  %121 = and i32 %120, 15
  %122 = sitofp i32 %121 to float
  %123 = call float @llvm.fma.f32(float %122, float %39, float %56)
  %124 = load float, ptr %9, align 4
  %125 = call float @llvm.fma.f32(float %107, float %123, float %124)
  store float %125, ptr %9, align 4
  %126 = load float, ptr %10, align 4
  %127 = call float @llvm.fma.f32(float %111, float %123, float %126)
  store float %127, ptr %10, align 4
  %128 = load float, ptr %11, align 4
  %129 = call float @llvm.fma.f32(float %115, float %123, float %128)
  store float %129, ptr %11, align 4
  %130 = load float, ptr %12, align 4
  %131 = call float @llvm.fma.f32(float %119, float %123, float %130)
  store float %131, ptr %12, align 4
  %132 = add i64 %71, 2
  %133 = add i64 %72, %132
  %134 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %133
  %135 = load half, ptr addrspace(1) %134, align 2
  %136 = fpext half %135 to float
  %137 = add i64 %77, %132
  %138 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %137
  %139 = load half, ptr addrspace(1) %138, align 2
  %140 = fpext half %139 to float
  %141 = add i64 %82, %132
  %142 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %141
  %143 = load half, ptr addrspace(1) %142, align 2
  %144 = fpext half %143 to float
  %145 = add i64 %87, %132
  %146 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %145
  %147 = load half, ptr addrspace(1) %146, align 2
  %148 = fpext half %147 to float
  %149 = lshr i32 %70, 8
  %150 = and i32 %149, 15
  %151 = sitofp i32 %150 to float
  %152 = call float @llvm.fma.f32(float %151, float %39, float %56)
  %153 = load float, ptr %9, align 4
  %154 = call float @llvm.fma.f32(float %136, float %152, float %153)
  store float %154, ptr %9, align 4
  %155 = load float, ptr %10, align 4
  %156 = call float @llvm.fma.f32(float %140, float %152, float %155)
  store float %156, ptr %10, align 4
  %157 = load float, ptr %11, align 4
  %158 = call float @llvm.fma.f32(float %144, float %152, float %157)
  store float %158, ptr %11, align 4
  %159 = load float, ptr %12, align 4
  %160 = call float @llvm.fma.f32(float %148, float %152, float %159)
  store float %160, ptr %12, align 4
  %161 = add i64 %71, 3
  %162 = add i64 %72, %161
  %163 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %162
  %164 = load half, ptr addrspace(1) %163, align 2
  %165 = fpext half %164 to float
  %166 = add i64 %77, %161
  %167 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %166
  %168 = load half, ptr addrspace(1) %167, align 2
  %169 = fpext half %168 to float
  %170 = add i64 %82, %161
  %171 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %170
  %172 = load half, ptr addrspace(1) %171, align 2
  %173 = fpext half %172 to float
  %174 = add i64 %87, %161
  %175 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %174
  %176 = load half, ptr addrspace(1) %175, align 2
  %177 = fpext half %176 to float
  %178 = lshr i32 %70, 12
  %179 = and i32 %178, 15
  %180 = sitofp i32 %179 to float
  %181 = call float @llvm.fma.f32(float %180, float %39, float %56)
  %182 = load float, ptr %9, align 4
  %183 = call float @llvm.fma.f32(float %165, float %181, float %182)
  store float %183, ptr %9, align 4
  %184 = load float, ptr %10, align 4
  %185 = call float @llvm.fma.f32(float %169, float %181, float %184)
  store float %185, ptr %10, align 4
  %186 = load float, ptr %11, align 4
  %187 = call float @llvm.fma.f32(float %173, float %181, float %186)
  store float %187, ptr %11, align 4
  %188 = load float, ptr %12, align 4
  %189 = call float @llvm.fma.f32(float %177, float %181, float %188)
  store float %189, ptr %12, align 4
  %190 = add i64 %71, 4
  %191 = add i64 %72, %190
  %192 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %191
  %193 = load half, ptr addrspace(1) %192, align 2
  %194 = fpext half %193 to float
  %195 = add i64 %77, %190
  %196 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %195
  %197 = load half, ptr addrspace(1) %196, align 2
  %198 = fpext half %197 to float
  %199 = add i64 %82, %190
  %200 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %199
  %201 = load half, ptr addrspace(1) %200, align 2
  %202 = fpext half %201 to float
  %203 = add i64 %87, %190
  %204 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %203
  %205 = load half, ptr addrspace(1) %204, align 2
  %206 = fpext half %205 to float
  %207 = lshr i32 %70, 16
  %208 = and i32 %207, 15
  %209 = sitofp i32 %208 to float
  %210 = call float @llvm.fma.f32(float %209, float %39, float %56)
  %211 = load float, ptr %9, align 4
  %212 = call float @llvm.fma.f32(float %194, float %210, float %211)
  store float %212, ptr %9, align 4
  %213 = load float, ptr %10, align 4
  %214 = call float @llvm.fma.f32(float %198, float %210, float %213)
  store float %214, ptr %10, align 4
  %215 = load float, ptr %11, align 4
  %216 = call float @llvm.fma.f32(float %202, float %210, float %215)
  store float %216, ptr %11, align 4
  %217 = load float, ptr %12, align 4
  %218 = call float @llvm.fma.f32(float %206, float %210, float %217)
  store float %218, ptr %12, align 4
  %219 = add i64 %71, 5
  %220 = add i64 %72, %219
  %221 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %220
  %222 = load half, ptr addrspace(1) %221, align 2
  %223 = fpext half %222 to float
  %224 = add i64 %77, %219
  %225 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %224
  %226 = load half, ptr addrspace(1) %225, align 2
  %227 = fpext half %226 to float
  %228 = add i64 %82, %219
  %229 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %228
  %230 = load half, ptr addrspace(1) %229, align 2
  %231 = fpext half %230 to float
  %232 = add i64 %87, %219
  %233 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %232
  %234 = load half, ptr addrspace(1) %233, align 2
  %235 = fpext half %234 to float
  %236 = lshr i32 %70, 20
  %237 = and i32 %236, 15
  %238 = sitofp i32 %237 to float
  %239 = call float @llvm.fma.f32(float %238, float %39, float %56)
  %240 = load float, ptr %9, align 4
  %241 = call float @llvm.fma.f32(float %223, float %239, float %240)
  store float %241, ptr %9, align 4
  %242 = load float, ptr %10, align 4
  %243 = call float @llvm.fma.f32(float %227, float %239, float %242)
  store float %243, ptr %10, align 4
  %244 = load float, ptr %11, align 4
  %245 = call float @llvm.fma.f32(float %231, float %239, float %244)
  store float %245, ptr %11, align 4
  %246 = load float, ptr %12, align 4
  %247 = call float @llvm.fma.f32(float %235, float %239, float %246)
  store float %247, ptr %12, align 4
  %248 = add i64 %71, 6
  %249 = add i64 %72, %248
  %250 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %249
  %251 = load half, ptr addrspace(1) %250, align 2
  %252 = fpext half %251 to float
  %253 = add i64 %77, %248
  %254 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %253
  %255 = load half, ptr addrspace(1) %254, align 2
  %256 = fpext half %255 to float
  %257 = add i64 %82, %248
  %258 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %257
  %259 = load half, ptr addrspace(1) %258, align 2
  %260 = fpext half %259 to float
  %261 = add i64 %87, %248
  %262 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %261
  %263 = load half, ptr addrspace(1) %262, align 2
  %264 = fpext half %263 to float
  %265 = lshr i32 %70, 24
  %266 = and i32 %265, 15
  %267 = sitofp i32 %266 to float
  %268 = call float @llvm.fma.f32(float %267, float %39, float %56)
  %269 = load float, ptr %9, align 4
  %270 = call float @llvm.fma.f32(float %252, float %268, float %269)
  store float %270, ptr %9, align 4
  %271 = load float, ptr %10, align 4
  %272 = call float @llvm.fma.f32(float %256, float %268, float %271)
  store float %272, ptr %10, align 4
  %273 = load float, ptr %11, align 4
  %274 = call float @llvm.fma.f32(float %260, float %268, float %273)
  store float %274, ptr %11, align 4
  %275 = load float, ptr %12, align 4
  %276 = call float @llvm.fma.f32(float %264, float %268, float %275)
  store float %276, ptr %12, align 4
  %277 = add i64 %71, 7
  %278 = add i64 %72, %277
  %279 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %278
  %280 = load half, ptr addrspace(1) %279, align 2
  %281 = fpext half %280 to float
  %282 = add i64 %77, %277
  %283 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %282
  %284 = load half, ptr addrspace(1) %283, align 2
  %285 = fpext half %284 to float
  %286 = add i64 %82, %277
  %287 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %286
  %288 = load half, ptr addrspace(1) %287, align 2
  %289 = fpext half %288 to float
  %290 = add i64 %87, %277
  %291 = getelementptr inbounds half, ptr addrspace(1) %0, i64 %290
  %292 = load half, ptr addrspace(1) %291, align 2
  %293 = fpext half %292 to float
  %294 = lshr i32 %70, 28
  %295 = sitofp i32 %294 to float
  %296 = call float @llvm.fma.f32(float %295, float %39, float %56)
  %297 = load float, ptr %9, align 4
  %298 = call float @llvm.fma.f32(float %281, float %296, float %297)
  store float %298, ptr %9, align 4
  %299 = load float, ptr %10, align 4
  %300 = call float @llvm.fma.f32(float %285, float %296, float %299)
  store float %300, ptr %10, align 4
  %301 = load float, ptr %11, align 4
  %302 = call float @llvm.fma.f32(float %289, float %296, float %301)
  store float %302, ptr %11, align 4
  %303 = load float, ptr %12, align 4
  %304 = call float @llvm.fma.f32(float %293, float %296, float %303)
  store float %304, ptr %12, align 4
  %305 = add nsw i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %306 = add nsw i64 %i, 1
  br label %loop

then5:                                            ; preds = %after
  %307 = load float, ptr %10, align 4
  %308 = fptrunc float %307 to half
  %309 = mul i64 %28, %7
  %310 = add i64 %309, %25
  %311 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %310
  store half %308, ptr addrspace(1) %311, align 2
  br label %endif7

else6:                                            ; preds = %after
  br label %endif7

endif7:                                           ; preds = %else6, %then5
  %312 = icmp slt i64 %29, %6
  br i1 %312, label %then8, label %else9

then8:                                            ; preds = %endif7
  %313 = load float, ptr %11, align 4
  %314 = fptrunc float %313 to half
  %315 = mul i64 %30, %7
  %316 = add i64 %315, %25
  %317 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %316
  store half %314, ptr addrspace(1) %317, align 2
  br label %endif10

else9:                                            ; preds = %endif7
  br label %endif10

endif10:                                          ; preds = %else9, %then8
  %318 = icmp slt i64 %31, %6
  br i1 %318, label %then11, label %else12

then11:                                           ; preds = %endif10
  %319 = load float, ptr %12, align 4
  %320 = fptrunc float %319 to half
  %321 = mul i64 %32, %7
  %322 = add i64 %321, %25
  %323 = getelementptr inbounds half, ptr addrspace(1) %5, i64 %322
  store half %320, ptr addrspace(1) %323, align 2
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
