; ModuleID = 'gptq_gemm_b4_g128_v1_f32_cpu_m4n2v16u1'
source_filename = "gptq_gemm_b4_g128_v1_f32_cpu_m4n2v16u1"

; Function Attrs: alwaysinline
define internal void @gptq_gemm_b4_g128_v1_f32_cpu_m4n2v16u1.body(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, ptr noalias %4, ptr noalias %5, i64 %6, i64 %7, i64 %8, i64 %9) #0 {
locals:
  %10 = alloca <16 x float>, align 64
  %11 = alloca <16 x float>, align 64
  %12 = alloca <16 x float>, align 64
  %13 = alloca <16 x float>, align 64
  %14 = alloca <16 x float>, align 64
  %15 = alloca <16 x float>, align 64
  %16 = alloca <16 x float>, align 64
  %17 = alloca <16 x float>, align 64
  %18 = alloca float, align 4
  %19 = alloca float, align 4
  %20 = alloca float, align 4
  %21 = alloca float, align 4
  br label %entry

entry:                                            ; preds = %locals
  %22 = add i64 %7, 31
  %23 = sdiv i64 %22, 32
  %24 = sdiv i64 %9, %23
  %25 = mul i64 %24, 4
  %26 = srem i64 %9, %23
  %27 = mul i64 %26, 32
  %28 = sub i64 %7, 32
  %29 = icmp sle i64 %27, %28
  br i1 %29, label %then, label %else

then:                                             ; preds = %entry
  %30 = add i64 %27, 16
  %31 = add i64 %25, 1
  %32 = sub i64 %6, 1
  %33 = call i64 @llvm.smin.i64(i64 %31, i64 %32)
  %34 = add i64 %25, 2
  %35 = call i64 @llvm.smin.i64(i64 %34, i64 %32)
  %36 = add i64 %25, 3
  %37 = call i64 @llvm.smin.i64(i64 %36, i64 %32)
  store <16 x float> zeroinitializer, ptr %10, align 64
  store <16 x float> zeroinitializer, ptr %11, align 64
  store <16 x float> zeroinitializer, ptr %12, align 64
  store <16 x float> zeroinitializer, ptr %13, align 64
  store <16 x float> zeroinitializer, ptr %14, align 64
  store <16 x float> zeroinitializer, ptr %15, align 64
  store <16 x float> zeroinitializer, ptr %16, align 64
  store <16 x float> zeroinitializer, ptr %17, align 64
  %38 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %loop14

endif:                                            ; preds = %after16, %endif13
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %457, %after3 ]
  %39 = icmp slt i64 %i, %38
  br i1 %39, label %body, label %after

body:                                             ; preds = %loop
  %40 = mul i64 %i, %7
  %41 = add i64 %40, %27
  %42 = getelementptr inbounds half, ptr %3, i64 %41
  %43 = load <16 x half>, ptr %42, align 2
  %44 = fpext <16 x half> %43 to <16 x float>
  %45 = add i64 %40, %30
  %46 = getelementptr inbounds half, ptr %3, i64 %45
  %47 = load <16 x half>, ptr %46, align 2
  %48 = fpext <16 x half> %47 to <16 x float>
  %49 = mul i64 %7, 4
  %50 = add i64 %49, 31
  %51 = lshr i64 %50, 5
  %52 = mul i64 %i, %51
  %53 = mul i64 %27, 4
  %54 = lshr i64 %53, 5
  %55 = add i64 %52, %54
  %56 = getelementptr inbounds i32, ptr %2, i64 %55
  %57 = load <2 x i32>, ptr %56, align 4
  %58 = shufflevector <2 x i32> %57, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %59 = lshr <16 x i32> %58, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %60 = and <16 x i32> %59, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %61 = add <16 x i32> %60, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %62 = sitofp <16 x i32> %61 to <16 x float>
  %63 = mul i64 %30, 4
  %64 = lshr i64 %63, 5
  %65 = add i64 %52, %64
  %66 = getelementptr inbounds i32, ptr %2, i64 %65
  %67 = load <2 x i32>, ptr %66, align 4
  %68 = shufflevector <2 x i32> %67, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %69 = lshr <16 x i32> %68, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %70 = and <16 x i32> %69, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %71 = add <16 x i32> %70, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %72 = sitofp <16 x i32> %71 to <16 x float>
  %73 = fmul <16 x float> %44, %62
  %74 = fneg <16 x float> %73
  %75 = fmul <16 x float> %48, %72
  %76 = fneg <16 x float> %75
  %77 = mul i64 %i, 16
  %78 = add i64 %i, 1
  %79 = mul i64 %78, 16
  br label %loop1

after:                                            ; preds = %loop
  %80 = load <16 x float>, ptr %10, align 64
  %81 = mul i64 %25, %7
  %82 = add i64 %81, %27
  %83 = getelementptr inbounds float, ptr %5, i64 %82
  store <16 x float> %80, ptr %83, align 4
  %84 = load <16 x float>, ptr %11, align 64
  %85 = add i64 %81, %30
  %86 = getelementptr inbounds float, ptr %5, i64 %85
  store <16 x float> %84, ptr %86, align 4
  %87 = icmp slt i64 %31, %6
  br i1 %87, label %then5, label %else6

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %77, %body ], [ %456, %body2 ]
  %88 = icmp slt i64 %i4, %79
  br i1 %88, label %body2, label %after3

body2:                                            ; preds = %loop1
  %89 = mul i64 %i4, %7
  %90 = add i64 %89, %27
  %91 = getelementptr inbounds i32, ptr %1, i64 %90
  %92 = load <16 x i32>, ptr %91, align 4
  %93 = add i64 %89, %30
  %94 = getelementptr inbounds i32, ptr %1, i64 %93
  %95 = load <16 x i32>, ptr %94, align 4
  %96 = mul i64 %i4, 8
  %97 = mul i64 %25, %8
  %98 = add i64 %97, %96
  %99 = getelementptr inbounds float, ptr %0, i64 %98
  %100 = load float, ptr %99, align 4
  %101 = mul i64 %33, %8
  %102 = add i64 %101, %96
  %103 = getelementptr inbounds float, ptr %0, i64 %102
  %104 = load float, ptr %103, align 4
  %105 = mul i64 %35, %8
  %106 = add i64 %105, %96
  %107 = getelementptr inbounds float, ptr %0, i64 %106
  %108 = load float, ptr %107, align 4
  %109 = mul i64 %37, %8
  %110 = add i64 %109, %96
  %111 = getelementptr inbounds float, ptr %0, i64 %110
  %112 = load float, ptr %111, align 4
  %113 = and <16 x i32> %92, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %114 = sitofp <16 x i32> %113 to <16 x float>
  %115 = call <16 x float> @llvm.fma.v16f32(<16 x float> %114, <16 x float> %44, <16 x float> %74)
  %116 = insertelement <16 x float> poison, float %100, i32 0
  %117 = shufflevector <16 x float> %116, <16 x float> poison, <16 x i32> zeroinitializer
  %118 = load <16 x float>, ptr %10, align 64
  %119 = call <16 x float> @llvm.fma.v16f32(<16 x float> %117, <16 x float> %115, <16 x float> %118)
  store <16 x float> %119, ptr %10, align 64
  %120 = insertelement <16 x float> poison, float %104, i32 0
  %121 = shufflevector <16 x float> %120, <16 x float> poison, <16 x i32> zeroinitializer
  %122 = load <16 x float>, ptr %12, align 64
  %123 = call <16 x float> @llvm.fma.v16f32(<16 x float> %121, <16 x float> %115, <16 x float> %122)
  store <16 x float> %123, ptr %12, align 64
  %124 = insertelement <16 x float> poison, float %108, i32 0
  %125 = shufflevector <16 x float> %124, <16 x float> poison, <16 x i32> zeroinitializer
  %126 = load <16 x float>, ptr %14, align 64
  %127 = call <16 x float> @llvm.fma.v16f32(<16 x float> %125, <16 x float> %115, <16 x float> %126)
  store <16 x float> %127, ptr %14, align 64
  %128 = insertelement <16 x float> poison, float %112, i32 0
  %129 = shufflevector <16 x float> %128, <16 x float> poison, <16 x i32> zeroinitializer
  %130 = load <16 x float>, ptr %16, align 64
  %131 = call <16 x float> @llvm.fma.v16f32(<16 x float> %129, <16 x float> %115, <16 x float> %130)
  store <16 x float> %131, ptr %16, align 64
  %132 = and <16 x i32> %95, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %133 = sitofp <16 x i32> %132 to <16 x float>
  %134 = call <16 x float> @llvm.fma.v16f32(<16 x float> %133, <16 x float> %48, <16 x float> %76)
  %135 = load <16 x float>, ptr %11, align 64
  %136 = call <16 x float> @llvm.fma.v16f32(<16 x float> %117, <16 x float> %134, <16 x float> %135)
  store <16 x float> %136, ptr %11, align 64
  %137 = load <16 x float>, ptr %13, align 64
  %138 = call <16 x float> @llvm.fma.v16f32(<16 x float> %121, <16 x float> %134, <16 x float> %137)
  store <16 x float> %138, ptr %13, align 64
  %139 = load <16 x float>, ptr %15, align 64
  %140 = call <16 x float> @llvm.fma.v16f32(<16 x float> %125, <16 x float> %134, <16 x float> %139)
  store <16 x float> %140, ptr %15, align 64
  %141 = load <16 x float>, ptr %17, align 64
  %142 = call <16 x float> @llvm.fma.v16f32(<16 x float> %129, <16 x float> %134, <16 x float> %141)
  store <16 x float> %142, ptr %17, align 64
  %143 = add i64 %96, 1
  %144 = add i64 %97, %143
  %145 = getelementptr inbounds float, ptr %0, i64 %144
  %146 = load float, ptr %145, align 4
  %147 = add i64 %101, %143
  %148 = getelementptr inbounds float, ptr %0, i64 %147
  %149 = load float, ptr %148, align 4
  %150 = add i64 %105, %143
  %151 = getelementptr inbounds float, ptr %0, i64 %150
  %152 = load float, ptr %151, align 4
  %153 = add i64 %109, %143
  %154 = getelementptr inbounds float, ptr %0, i64 %153
  %155 = load float, ptr %154, align 4
  %156 = lshr <16 x i32> %92, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %157 = and <16 x i32> %156, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %158 = sitofp <16 x i32> %157 to <16 x float>
  %159 = call <16 x float> @llvm.fma.v16f32(<16 x float> %158, <16 x float> %44, <16 x float> %74)
  %160 = insertelement <16 x float> poison, float %146, i32 0
  %161 = shufflevector <16 x float> %160, <16 x float> poison, <16 x i32> zeroinitializer
  %162 = load <16 x float>, ptr %10, align 64
  %163 = call <16 x float> @llvm.fma.v16f32(<16 x float> %161, <16 x float> %159, <16 x float> %162)
  store <16 x float> %163, ptr %10, align 64
  %164 = insertelement <16 x float> poison, float %149, i32 0
  %165 = shufflevector <16 x float> %164, <16 x float> poison, <16 x i32> zeroinitializer
  %166 = load <16 x float>, ptr %12, align 64
  %167 = call <16 x float> @llvm.fma.v16f32(<16 x float> %165, <16 x float> %159, <16 x float> %166)
  store <16 x float> %167, ptr %12, align 64
  %168 = insertelement <16 x float> poison, float %152, i32 0
  %169 = shufflevector <16 x float> %168, <16 x float> poison, <16 x i32> zeroinitializer
  %170 = load <16 x float>, ptr %14, align 64
  %171 = call <16 x float> @llvm.fma.v16f32(<16 x float> %169, <16 x float> %159, <16 x float> %170)
  store <16 x float> %171, ptr %14, align 64
  %172 = insertelement <16 x float> poison, float %155, i32 0
  %173 = shufflevector <16 x float> %172, <16 x float> poison, <16 x i32> zeroinitializer
  %174 = load <16 x float>, ptr %16, align 64
  %175 = call <16 x float> @llvm.fma.v16f32(<16 x float> %173, <16 x float> %159, <16 x float> %174)
  store <16 x float> %175, ptr %16, align 64
  %176 = lshr <16 x i32> %95, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %177 = and <16 x i32> %176, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %178 = sitofp <16 x i32> %177 to <16 x float>
  %179 = call <16 x float> @llvm.fma.v16f32(<16 x float> %178, <16 x float> %48, <16 x float> %76)
  %180 = load <16 x float>, ptr %11, align 64
  %181 = call <16 x float> @llvm.fma.v16f32(<16 x float> %161, <16 x float> %179, <16 x float> %180)
  store <16 x float> %181, ptr %11, align 64
  %182 = load <16 x float>, ptr %13, align 64
  %183 = call <16 x float> @llvm.fma.v16f32(<16 x float> %165, <16 x float> %179, <16 x float> %182)
  store <16 x float> %183, ptr %13, align 64
  %184 = load <16 x float>, ptr %15, align 64
  %185 = call <16 x float> @llvm.fma.v16f32(<16 x float> %169, <16 x float> %179, <16 x float> %184)
  store <16 x float> %185, ptr %15, align 64
  %186 = load <16 x float>, ptr %17, align 64
  %187 = call <16 x float> @llvm.fma.v16f32(<16 x float> %173, <16 x float> %179, <16 x float> %186)
  store <16 x float> %187, ptr %17, align 64
  %188 = add i64 %96, 2
  %189 = add i64 %97, %188
  %190 = getelementptr inbounds float, ptr %0, i64 %189
  %191 = load float, ptr %190, align 4
  %192 = add i64 %101, %188
  %193 = getelementptr inbounds float, ptr %0, i64 %192
  %194 = load float, ptr %193, align 4
  %195 = add i64 %105, %188
  %196 = getelementptr inbounds float, ptr %0, i64 %195
  %197 = load float, ptr %196, align 4
  %198 = add i64 %109, %188
  %199 = getelementptr inbounds float, ptr %0, i64 %198
  %200 = load float, ptr %199, align 4
  %201 = lshr <16 x i32> %92, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %202 = and <16 x i32> %201, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %203 = sitofp <16 x i32> %202 to <16 x float>
  %204 = call <16 x float> @llvm.fma.v16f32(<16 x float> %203, <16 x float> %44, <16 x float> %74)
  %205 = insertelement <16 x float> poison, float %191, i32 0
  %206 = shufflevector <16 x float> %205, <16 x float> poison, <16 x i32> zeroinitializer
  %207 = load <16 x float>, ptr %10, align 64
  %208 = call <16 x float> @llvm.fma.v16f32(<16 x float> %206, <16 x float> %204, <16 x float> %207)
  store <16 x float> %208, ptr %10, align 64
  %209 = insertelement <16 x float> poison, float %194, i32 0
  %210 = shufflevector <16 x float> %209, <16 x float> poison, <16 x i32> zeroinitializer
  %211 = load <16 x float>, ptr %12, align 64
  %212 = call <16 x float> @llvm.fma.v16f32(<16 x float> %210, <16 x float> %204, <16 x float> %211)
  store <16 x float> %212, ptr %12, align 64
  %213 = insertelement <16 x float> poison, float %197, i32 0
  %214 = shufflevector <16 x float> %213, <16 x float> poison, <16 x i32> zeroinitializer
  %215 = load <16 x float>, ptr %14, align 64
  %216 = call <16 x float> @llvm.fma.v16f32(<16 x float> %214, <16 x float> %204, <16 x float> %215)
  store <16 x float> %216, ptr %14, align 64
  %217 = insertelement <16 x float> poison, float %200, i32 0
  %218 = shufflevector <16 x float> %217, <16 x float> poison, <16 x i32> zeroinitializer
  %219 = load <16 x float>, ptr %16, align 64
  %220 = call <16 x float> @llvm.fma.v16f32(<16 x float> %218, <16 x float> %204, <16 x float> %219)
  store <16 x float> %220, ptr %16, align 64
  %221 = lshr <16 x i32> %95, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %222 = and <16 x i32> %221, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %223 = sitofp <16 x i32> %222 to <16 x float>
  %224 = call <16 x float> @llvm.fma.v16f32(<16 x float> %223, <16 x float> %48, <16 x float> %76)
  %225 = load <16 x float>, ptr %11, align 64
  %226 = call <16 x float> @llvm.fma.v16f32(<16 x float> %206, <16 x float> %224, <16 x float> %225)
  store <16 x float> %226, ptr %11, align 64
  %227 = load <16 x float>, ptr %13, align 64
  %228 = call <16 x float> @llvm.fma.v16f32(<16 x float> %210, <16 x float> %224, <16 x float> %227)
  store <16 x float> %228, ptr %13, align 64
  %229 = load <16 x float>, ptr %15, align 64
  %230 = call <16 x float> @llvm.fma.v16f32(<16 x float> %214, <16 x float> %224, <16 x float> %229)
  store <16 x float> %230, ptr %15, align 64
  %231 = load <16 x float>, ptr %17, align 64
  %232 = call <16 x float> @llvm.fma.v16f32(<16 x float> %218, <16 x float> %224, <16 x float> %231)
  store <16 x float> %232, ptr %17, align 64
  %233 = add i64 %96, 3
  %234 = add i64 %97, %233
  %235 = getelementptr inbounds float, ptr %0, i64 %234
  %236 = load float, ptr %235, align 4
  %237 = add i64 %101, %233
  %238 = getelementptr inbounds float, ptr %0, i64 %237
  %239 = load float, ptr %238, align 4
  %240 = add i64 %105, %233
  %241 = getelementptr inbounds float, ptr %0, i64 %240
  %242 = load float, ptr %241, align 4
  %243 = add i64 %109, %233
  %244 = getelementptr inbounds float, ptr %0, i64 %243
  %245 = load float, ptr %244, align 4
  %246 = lshr <16 x i32> %92, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %247 = and <16 x i32> %246, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %248 = sitofp <16 x i32> %247 to <16 x float>
  %249 = call <16 x float> @llvm.fma.v16f32(<16 x float> %248, <16 x float> %44, <16 x float> %74)
  %250 = insertelement <16 x float> poison, float %236, i32 0
  %251 = shufflevector <16 x float> %250, <16 x float> poison, <16 x i32> zeroinitializer
  %252 = load <16 x float>, ptr %10, align 64
  %253 = call <16 x float> @llvm.fma.v16f32(<16 x float> %251, <16 x float> %249, <16 x float> %252)
  store <16 x float> %253, ptr %10, align 64
  %254 = insertelement <16 x float> poison, float %239, i32 0
  %255 = shufflevector <16 x float> %254, <16 x float> poison, <16 x i32> zeroinitializer
  %256 = load <16 x float>, ptr %12, align 64
  %257 = call <16 x float> @llvm.fma.v16f32(<16 x float> %255, <16 x float> %249, <16 x float> %256)
  store <16 x float> %257, ptr %12, align 64
  %258 = insertelement <16 x float> poison, float %242, i32 0
  %259 = shufflevector <16 x float> %258, <16 x float> poison, <16 x i32> zeroinitializer
  %260 = load <16 x float>, ptr %14, align 64
  %261 = call <16 x float> @llvm.fma.v16f32(<16 x float> %259, <16 x float> %249, <16 x float> %260)
  store <16 x float> %261, ptr %14, align 64
  %262 = insertelement <16 x float> poison, float %245, i32 0
  %263 = shufflevector <16 x float> %262, <16 x float> poison, <16 x i32> zeroinitializer
  %264 = load <16 x float>, ptr %16, align 64
  %265 = call <16 x float> @llvm.fma.v16f32(<16 x float> %263, <16 x float> %249, <16 x float> %264)
  store <16 x float> %265, ptr %16, align 64
  %266 = lshr <16 x i32> %95, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %267 = and <16 x i32> %266, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %268 = sitofp <16 x i32> %267 to <16 x float>
  %269 = call <16 x float> @llvm.fma.v16f32(<16 x float> %268, <16 x float> %48, <16 x float> %76)
  %270 = load <16 x float>, ptr %11, align 64
  %271 = call <16 x float> @llvm.fma.v16f32(<16 x float> %251, <16 x float> %269, <16 x float> %270)
  store <16 x float> %271, ptr %11, align 64
  %272 = load <16 x float>, ptr %13, align 64
  %273 = call <16 x float> @llvm.fma.v16f32(<16 x float> %255, <16 x float> %269, <16 x float> %272)
  store <16 x float> %273, ptr %13, align 64
  %274 = load <16 x float>, ptr %15, align 64
  %275 = call <16 x float> @llvm.fma.v16f32(<16 x float> %259, <16 x float> %269, <16 x float> %274)
  store <16 x float> %275, ptr %15, align 64
  %276 = load <16 x float>, ptr %17, align 64
  %277 = call <16 x float> @llvm.fma.v16f32(<16 x float> %263, <16 x float> %269, <16 x float> %276)
  store <16 x float> %277, ptr %17, align 64
  %278 = add i64 %96, 4
  %279 = add i64 %97, %278
  %280 = getelementptr inbounds float, ptr %0, i64 %279
  %281 = load float, ptr %280, align 4
  %282 = add i64 %101, %278
  %283 = getelementptr inbounds float, ptr %0, i64 %282
  %284 = load float, ptr %283, align 4
  %285 = add i64 %105, %278
  %286 = getelementptr inbounds float, ptr %0, i64 %285
  %287 = load float, ptr %286, align 4
  %288 = add i64 %109, %278
  %289 = getelementptr inbounds float, ptr %0, i64 %288
  %290 = load float, ptr %289, align 4
  %291 = lshr <16 x i32> %92, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %292 = and <16 x i32> %291, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %293 = sitofp <16 x i32> %292 to <16 x float>
  %294 = call <16 x float> @llvm.fma.v16f32(<16 x float> %293, <16 x float> %44, <16 x float> %74)
  %295 = insertelement <16 x float> poison, float %281, i32 0
  %296 = shufflevector <16 x float> %295, <16 x float> poison, <16 x i32> zeroinitializer
  %297 = load <16 x float>, ptr %10, align 64
  %298 = call <16 x float> @llvm.fma.v16f32(<16 x float> %296, <16 x float> %294, <16 x float> %297)
  store <16 x float> %298, ptr %10, align 64
  %299 = insertelement <16 x float> poison, float %284, i32 0
  %300 = shufflevector <16 x float> %299, <16 x float> poison, <16 x i32> zeroinitializer
  %301 = load <16 x float>, ptr %12, align 64
  %302 = call <16 x float> @llvm.fma.v16f32(<16 x float> %300, <16 x float> %294, <16 x float> %301)
  store <16 x float> %302, ptr %12, align 64
  %303 = insertelement <16 x float> poison, float %287, i32 0
  %304 = shufflevector <16 x float> %303, <16 x float> poison, <16 x i32> zeroinitializer
  %305 = load <16 x float>, ptr %14, align 64
  %306 = call <16 x float> @llvm.fma.v16f32(<16 x float> %304, <16 x float> %294, <16 x float> %305)
  store <16 x float> %306, ptr %14, align 64
  %307 = insertelement <16 x float> poison, float %290, i32 0
  %308 = shufflevector <16 x float> %307, <16 x float> poison, <16 x i32> zeroinitializer
  %309 = load <16 x float>, ptr %16, align 64
  %310 = call <16 x float> @llvm.fma.v16f32(<16 x float> %308, <16 x float> %294, <16 x float> %309)
  store <16 x float> %310, ptr %16, align 64
  %311 = lshr <16 x i32> %95, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %312 = and <16 x i32> %311, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %313 = sitofp <16 x i32> %312 to <16 x float>
  %314 = call <16 x float> @llvm.fma.v16f32(<16 x float> %313, <16 x float> %48, <16 x float> %76)
  %315 = load <16 x float>, ptr %11, align 64
  %316 = call <16 x float> @llvm.fma.v16f32(<16 x float> %296, <16 x float> %314, <16 x float> %315)
  store <16 x float> %316, ptr %11, align 64
  %317 = load <16 x float>, ptr %13, align 64
  %318 = call <16 x float> @llvm.fma.v16f32(<16 x float> %300, <16 x float> %314, <16 x float> %317)
  store <16 x float> %318, ptr %13, align 64
  %319 = load <16 x float>, ptr %15, align 64
  %320 = call <16 x float> @llvm.fma.v16f32(<16 x float> %304, <16 x float> %314, <16 x float> %319)
  store <16 x float> %320, ptr %15, align 64
  %321 = load <16 x float>, ptr %17, align 64
  %322 = call <16 x float> @llvm.fma.v16f32(<16 x float> %308, <16 x float> %314, <16 x float> %321)
  store <16 x float> %322, ptr %17, align 64
  %323 = add i64 %96, 5
  %324 = add i64 %97, %323
  %325 = getelementptr inbounds float, ptr %0, i64 %324
  %326 = load float, ptr %325, align 4
  %327 = add i64 %101, %323
  %328 = getelementptr inbounds float, ptr %0, i64 %327
  %329 = load float, ptr %328, align 4
  %330 = add i64 %105, %323
  %331 = getelementptr inbounds float, ptr %0, i64 %330
  %332 = load float, ptr %331, align 4
  %333 = add i64 %109, %323
  %334 = getelementptr inbounds float, ptr %0, i64 %333
  %335 = load float, ptr %334, align 4
  %336 = lshr <16 x i32> %92, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %337 = and <16 x i32> %336, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %338 = sitofp <16 x i32> %337 to <16 x float>
  %339 = call <16 x float> @llvm.fma.v16f32(<16 x float> %338, <16 x float> %44, <16 x float> %74)
  %340 = insertelement <16 x float> poison, float %326, i32 0
  %341 = shufflevector <16 x float> %340, <16 x float> poison, <16 x i32> zeroinitializer
  %342 = load <16 x float>, ptr %10, align 64
  %343 = call <16 x float> @llvm.fma.v16f32(<16 x float> %341, <16 x float> %339, <16 x float> %342)
  store <16 x float> %343, ptr %10, align 64
  %344 = insertelement <16 x float> poison, float %329, i32 0
  %345 = shufflevector <16 x float> %344, <16 x float> poison, <16 x i32> zeroinitializer
  %346 = load <16 x float>, ptr %12, align 64
  %347 = call <16 x float> @llvm.fma.v16f32(<16 x float> %345, <16 x float> %339, <16 x float> %346)
  store <16 x float> %347, ptr %12, align 64
  %348 = insertelement <16 x float> poison, float %332, i32 0
  %349 = shufflevector <16 x float> %348, <16 x float> poison, <16 x i32> zeroinitializer
  %350 = load <16 x float>, ptr %14, align 64
  %351 = call <16 x float> @llvm.fma.v16f32(<16 x float> %349, <16 x float> %339, <16 x float> %350)
  store <16 x float> %351, ptr %14, align 64
  %352 = insertelement <16 x float> poison, float %335, i32 0
  %353 = shufflevector <16 x float> %352, <16 x float> poison, <16 x i32> zeroinitializer
  %354 = load <16 x float>, ptr %16, align 64
  %355 = call <16 x float> @llvm.fma.v16f32(<16 x float> %353, <16 x float> %339, <16 x float> %354)
  store <16 x float> %355, ptr %16, align 64
  %356 = lshr <16 x i32> %95, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %357 = and <16 x i32> %356, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %358 = sitofp <16 x i32> %357 to <16 x float>
  %359 = call <16 x float> @llvm.fma.v16f32(<16 x float> %358, <16 x float> %48, <16 x float> %76)
  %360 = load <16 x float>, ptr %11, align 64
  %361 = call <16 x float> @llvm.fma.v16f32(<16 x float> %341, <16 x float> %359, <16 x float> %360)
  store <16 x float> %361, ptr %11, align 64
  %362 = load <16 x float>, ptr %13, align 64
  %363 = call <16 x float> @llvm.fma.v16f32(<16 x float> %345, <16 x float> %359, <16 x float> %362)
  store <16 x float> %363, ptr %13, align 64
  %364 = load <16 x float>, ptr %15, align 64
  %365 = call <16 x float> @llvm.fma.v16f32(<16 x float> %349, <16 x float> %359, <16 x float> %364)
  store <16 x float> %365, ptr %15, align 64
  %366 = load <16 x float>, ptr %17, align 64
  %367 = call <16 x float> @llvm.fma.v16f32(<16 x float> %353, <16 x float> %359, <16 x float> %366)
  store <16 x float> %367, ptr %17, align 64
  %368 = add i64 %96, 6
  %369 = add i64 %97, %368
  %370 = getelementptr inbounds float, ptr %0, i64 %369
  %371 = load float, ptr %370, align 4
  %372 = add i64 %101, %368
  %373 = getelementptr inbounds float, ptr %0, i64 %372
  %374 = load float, ptr %373, align 4
  %375 = add i64 %105, %368
  %376 = getelementptr inbounds float, ptr %0, i64 %375
  %377 = load float, ptr %376, align 4
  %378 = add i64 %109, %368
  %379 = getelementptr inbounds float, ptr %0, i64 %378
  %380 = load float, ptr %379, align 4
  %381 = lshr <16 x i32> %92, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %382 = and <16 x i32> %381, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %383 = sitofp <16 x i32> %382 to <16 x float>
  %384 = call <16 x float> @llvm.fma.v16f32(<16 x float> %383, <16 x float> %44, <16 x float> %74)
  %385 = insertelement <16 x float> poison, float %371, i32 0
  %386 = shufflevector <16 x float> %385, <16 x float> poison, <16 x i32> zeroinitializer
  %387 = load <16 x float>, ptr %10, align 64
  %388 = call <16 x float> @llvm.fma.v16f32(<16 x float> %386, <16 x float> %384, <16 x float> %387)
  store <16 x float> %388, ptr %10, align 64
  %389 = insertelement <16 x float> poison, float %374, i32 0
  %390 = shufflevector <16 x float> %389, <16 x float> poison, <16 x i32> zeroinitializer
  %391 = load <16 x float>, ptr %12, align 64
  %392 = call <16 x float> @llvm.fma.v16f32(<16 x float> %390, <16 x float> %384, <16 x float> %391)
  store <16 x float> %392, ptr %12, align 64
  %393 = insertelement <16 x float> poison, float %377, i32 0
  %394 = shufflevector <16 x float> %393, <16 x float> poison, <16 x i32> zeroinitializer
  %395 = load <16 x float>, ptr %14, align 64
  %396 = call <16 x float> @llvm.fma.v16f32(<16 x float> %394, <16 x float> %384, <16 x float> %395)
  store <16 x float> %396, ptr %14, align 64
  %397 = insertelement <16 x float> poison, float %380, i32 0
  %398 = shufflevector <16 x float> %397, <16 x float> poison, <16 x i32> zeroinitializer
  %399 = load <16 x float>, ptr %16, align 64
  %400 = call <16 x float> @llvm.fma.v16f32(<16 x float> %398, <16 x float> %384, <16 x float> %399)
  store <16 x float> %400, ptr %16, align 64
  %401 = lshr <16 x i32> %95, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %402 = and <16 x i32> %401, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %403 = sitofp <16 x i32> %402 to <16 x float>
  %404 = call <16 x float> @llvm.fma.v16f32(<16 x float> %403, <16 x float> %48, <16 x float> %76)
  %405 = load <16 x float>, ptr %11, align 64
  %406 = call <16 x float> @llvm.fma.v16f32(<16 x float> %386, <16 x float> %404, <16 x float> %405)
  store <16 x float> %406, ptr %11, align 64
  %407 = load <16 x float>, ptr %13, align 64
  %408 = call <16 x float> @llvm.fma.v16f32(<16 x float> %390, <16 x float> %404, <16 x float> %407)
  store <16 x float> %408, ptr %13, align 64
  %409 = load <16 x float>, ptr %15, align 64
  %410 = call <16 x float> @llvm.fma.v16f32(<16 x float> %394, <16 x float> %404, <16 x float> %409)
  store <16 x float> %410, ptr %15, align 64
  %411 = load <16 x float>, ptr %17, align 64
  %412 = call <16 x float> @llvm.fma.v16f32(<16 x float> %398, <16 x float> %404, <16 x float> %411)
  store <16 x float> %412, ptr %17, align 64
  %413 = add i64 %96, 7
  %414 = add i64 %97, %413
  %415 = getelementptr inbounds float, ptr %0, i64 %414
  %416 = load float, ptr %415, align 4
  %417 = add i64 %101, %413
  %418 = getelementptr inbounds float, ptr %0, i64 %417
  %419 = load float, ptr %418, align 4
  %420 = add i64 %105, %413
  %421 = getelementptr inbounds float, ptr %0, i64 %420
  %422 = load float, ptr %421, align 4
  %423 = add i64 %109, %413
  %424 = getelementptr inbounds float, ptr %0, i64 %423
  %425 = load float, ptr %424, align 4
  %426 = lshr <16 x i32> %92, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %427 = sitofp <16 x i32> %426 to <16 x float>
  %428 = call <16 x float> @llvm.fma.v16f32(<16 x float> %427, <16 x float> %44, <16 x float> %74)
  %429 = insertelement <16 x float> poison, float %416, i32 0
  %430 = shufflevector <16 x float> %429, <16 x float> poison, <16 x i32> zeroinitializer
  %431 = load <16 x float>, ptr %10, align 64
  %432 = call <16 x float> @llvm.fma.v16f32(<16 x float> %430, <16 x float> %428, <16 x float> %431)
  store <16 x float> %432, ptr %10, align 64
  %433 = insertelement <16 x float> poison, float %419, i32 0
  %434 = shufflevector <16 x float> %433, <16 x float> poison, <16 x i32> zeroinitializer
  %435 = load <16 x float>, ptr %12, align 64
  %436 = call <16 x float> @llvm.fma.v16f32(<16 x float> %434, <16 x float> %428, <16 x float> %435)
  store <16 x float> %436, ptr %12, align 64
  %437 = insertelement <16 x float> poison, float %422, i32 0
  %438 = shufflevector <16 x float> %437, <16 x float> poison, <16 x i32> zeroinitializer
  %439 = load <16 x float>, ptr %14, align 64
  %440 = call <16 x float> @llvm.fma.v16f32(<16 x float> %438, <16 x float> %428, <16 x float> %439)
  store <16 x float> %440, ptr %14, align 64
  %441 = insertelement <16 x float> poison, float %425, i32 0
  %442 = shufflevector <16 x float> %441, <16 x float> poison, <16 x i32> zeroinitializer
  %443 = load <16 x float>, ptr %16, align 64
  %444 = call <16 x float> @llvm.fma.v16f32(<16 x float> %442, <16 x float> %428, <16 x float> %443)
  store <16 x float> %444, ptr %16, align 64
  %445 = lshr <16 x i32> %95, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %446 = sitofp <16 x i32> %445 to <16 x float>
  %447 = call <16 x float> @llvm.fma.v16f32(<16 x float> %446, <16 x float> %48, <16 x float> %76)
  %448 = load <16 x float>, ptr %11, align 64
  %449 = call <16 x float> @llvm.fma.v16f32(<16 x float> %430, <16 x float> %447, <16 x float> %448)
  store <16 x float> %449, ptr %11, align 64
  %450 = load <16 x float>, ptr %13, align 64
  %451 = call <16 x float> @llvm.fma.v16f32(<16 x float> %434, <16 x float> %447, <16 x float> %450)
  store <16 x float> %451, ptr %13, align 64
  %452 = load <16 x float>, ptr %15, align 64
  %453 = call <16 x float> @llvm.fma.v16f32(<16 x float> %438, <16 x float> %447, <16 x float> %452)
  store <16 x float> %453, ptr %15, align 64
  %454 = load <16 x float>, ptr %17, align 64
  %455 = call <16 x float> @llvm.fma.v16f32(<16 x float> %442, <16 x float> %447, <16 x float> %454)
  store <16 x float> %455, ptr %17, align 64
  %456 = add nsw i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %457 = add nsw i64 %i, 1
  br label %loop

then5:                                            ; preds = %after
  %458 = load <16 x float>, ptr %12, align 64
  %459 = mul i64 %33, %7
  %460 = add i64 %459, %27
  %461 = getelementptr inbounds float, ptr %5, i64 %460
  store <16 x float> %458, ptr %461, align 4
  %462 = load <16 x float>, ptr %13, align 64
  %463 = add i64 %459, %30
  %464 = getelementptr inbounds float, ptr %5, i64 %463
  store <16 x float> %462, ptr %464, align 4
  br label %endif7

else6:                                            ; preds = %after
  br label %endif7

endif7:                                           ; preds = %else6, %then5
  %465 = icmp slt i64 %34, %6
  br i1 %465, label %then8, label %else9

then8:                                            ; preds = %endif7
  %466 = load <16 x float>, ptr %14, align 64
  %467 = mul i64 %35, %7
  %468 = add i64 %467, %27
  %469 = getelementptr inbounds float, ptr %5, i64 %468
  store <16 x float> %466, ptr %469, align 4
  %470 = load <16 x float>, ptr %15, align 64
  %471 = add i64 %467, %30
  %472 = getelementptr inbounds float, ptr %5, i64 %471
  store <16 x float> %470, ptr %472, align 4
  br label %endif10

else9:                                            ; preds = %endif7
  br label %endif10

endif10:                                          ; preds = %else9, %then8
  %473 = icmp slt i64 %36, %6
  br i1 %473, label %then11, label %else12

then11:                                           ; preds = %endif10
  %474 = load <16 x float>, ptr %16, align 64
  %475 = mul i64 %37, %7
  %476 = add i64 %475, %27
  %477 = getelementptr inbounds float, ptr %5, i64 %476
  store <16 x float> %474, ptr %477, align 4
  %478 = load <16 x float>, ptr %17, align 64
  %479 = add i64 %475, %30
  %480 = getelementptr inbounds float, ptr %5, i64 %479
  store <16 x float> %478, ptr %480, align 4
  br label %endif13

else12:                                           ; preds = %endif10
  br label %endif13

endif13:                                          ; preds = %else12, %then11
  br label %endif

loop14:                                           ; preds = %endif34, %else
  %i17 = phi i64 [ %27, %else ], [ %744, %endif34 ]
  %481 = icmp slt i64 %i17, %7
  br i1 %481, label %body15, label %after16

body15:                                           ; preds = %loop14
  %482 = add i64 %25, 1
  %483 = sub i64 %6, 1
  %484 = call i64 @llvm.smin.i64(i64 %482, i64 %483)
  %485 = add i64 %25, 2
  %486 = call i64 @llvm.smin.i64(i64 %485, i64 %483)
  %487 = add i64 %25, 3
  %488 = call i64 @llvm.smin.i64(i64 %487, i64 %483)
  store float 0.000000e+00, ptr %18, align 4
  store float 0.000000e+00, ptr %19, align 4
  store float 0.000000e+00, ptr %20, align 4
  store float 0.000000e+00, ptr %21, align 4
  %489 = sdiv i64 %8, 128
  br label %loop18

after16:                                          ; preds = %loop14
  br label %endif

loop18:                                           ; preds = %after24, %body15
  %i21 = phi i64 [ 0, %body15 ], [ %729, %after24 ]
  %490 = icmp slt i64 %i21, %489
  br i1 %490, label %body19, label %after20

body19:                                           ; preds = %loop18
  %491 = mul i64 %i21, %7
  %492 = add i64 %491, %i17
  %493 = getelementptr inbounds half, ptr %3, i64 %492
  %494 = load half, ptr %493, align 2
  %495 = fpext half %494 to float
  %496 = mul i64 %7, 4
  %497 = add i64 %496, 31
  %498 = lshr i64 %497, 5
  %499 = mul i64 %i21, %498
  %500 = mul i64 %i17, 4
  %501 = lshr i64 %500, 5
  %502 = and i64 %500, 31
  %503 = trunc i64 %502 to i32
  %504 = add i64 %499, %501
  %505 = getelementptr inbounds i32, ptr %2, i64 %504
  %506 = load i32, ptr %505, align 4
  %507 = lshr i32 %506, %503
  %508 = and i32 %507, 15
  %509 = add i32 %508, 1
  %510 = sitofp i32 %509 to float
  %511 = fmul float %495, %510
  %512 = fneg float %511
  %513 = mul i64 %i21, 16
  %514 = add i64 %i21, 1
  %515 = mul i64 %514, 16
  br label %loop22

after20:                                          ; preds = %loop18
  %516 = load float, ptr %18, align 4
  %517 = mul i64 %25, %7
  %518 = add i64 %517, %i17
  %519 = getelementptr inbounds float, ptr %5, i64 %518
  store float %516, ptr %519, align 4
  %520 = icmp slt i64 %482, %6
  br i1 %520, label %then26, label %else27

loop22:                                           ; preds = %body23, %body19
  %i25 = phi i64 [ %513, %body19 ], [ %728, %body23 ]
  %521 = icmp slt i64 %i25, %515
  br i1 %521, label %body23, label %after24

body23:                                           ; preds = %loop22
  %522 = mul i64 %i25, %7
  %523 = add i64 %522, %i17
  %524 = getelementptr inbounds i32, ptr %1, i64 %523
  %525 = load i32, ptr %524, align 4
  %526 = mul i64 %i25, 8
  %527 = mul i64 %25, %8
  %528 = add i64 %527, %526
  %529 = getelementptr inbounds float, ptr %0, i64 %528
  %530 = load float, ptr %529, align 4
  %531 = mul i64 %484, %8
  %532 = add i64 %531, %526
  %533 = getelementptr inbounds float, ptr %0, i64 %532
  %534 = load float, ptr %533, align 4
  %535 = mul i64 %486, %8
  %536 = add i64 %535, %526
  %537 = getelementptr inbounds float, ptr %0, i64 %536
  %538 = load float, ptr %537, align 4
  %539 = mul i64 %488, %8
  %540 = add i64 %539, %526
  %541 = getelementptr inbounds float, ptr %0, i64 %540
  %542 = load float, ptr %541, align 4
  %543 = and i32 %525, 15
  %544 = sitofp i32 %543 to float
  %545 = call float @llvm.fma.f32(float %544, float %495, float %512)
  %546 = load float, ptr %18, align 4
  %547 = call float @llvm.fma.f32(float %530, float %545, float %546)
  store float %547, ptr %18, align 4
  %548 = load float, ptr %19, align 4
  %549 = call float @llvm.fma.f32(float %534, float %545, float %548)
  store float %549, ptr %19, align 4
  %550 = load float, ptr %20, align 4
  %551 = call float @llvm.fma.f32(float %538, float %545, float %550)
  store float %551, ptr %20, align 4
  %552 = load float, ptr %21, align 4
  %553 = call float @llvm.fma.f32(float %542, float %545, float %552)
  store float %553, ptr %21, align 4
  %554 = add i64 %526, 1
  %555 = add i64 %527, %554
  %556 = getelementptr inbounds float, ptr %0, i64 %555
  %557 = load float, ptr %556, align 4
  %558 = add i64 %531, %554
  %559 = getelementptr inbounds float, ptr %0, i64 %558
  %560 = load float, ptr %559, align 4
  %561 = add i64 %535, %554
  %562 = getelementptr inbounds float, ptr %0, i64 %561
  %563 = load float, ptr %562, align 4
  %564 = add i64 %539, %554
  %565 = getelementptr inbounds float, ptr %0, i64 %564
  %566 = load float, ptr %565, align 4
  %567 = lshr i32 %525, 4
  %568 = and i32 %567, 15
  %569 = sitofp i32 %568 to float
  %570 = call float @llvm.fma.f32(float %569, float %495, float %512)
  %571 = load float, ptr %18, align 4
  %572 = call float @llvm.fma.f32(float %557, float %570, float %571)
  store float %572, ptr %18, align 4
  %573 = load float, ptr %19, align 4
  %574 = call float @llvm.fma.f32(float %560, float %570, float %573)
  store float %574, ptr %19, align 4
  %575 = load float, ptr %20, align 4
  %576 = call float @llvm.fma.f32(float %563, float %570, float %575)
  store float %576, ptr %20, align 4
  %577 = load float, ptr %21, align 4
  %578 = call float @llvm.fma.f32(float %566, float %570, float %577)
  store float %578, ptr %21, align 4
  %579 = add i64 %526, 2
  %580 = add i64 %527, %579
  %581 = getelementptr inbounds float, ptr %0, i64 %580
  %582 = load float, ptr %581, align 4
  %583 = add i64 %531, %579
  %584 = getelementptr inbounds float, ptr %0, i64 %583
  %585 = load float, ptr %584, align 4
  %586 = add i64 %535, %579
  %587 = getelementptr inbounds float, ptr %0, i64 %586
  %588 = load float, ptr %587, align 4
  %589 = add i64 %539, %579
  %590 = getelementptr inbounds float, ptr %0, i64 %589
  %591 = load float, ptr %590, align 4
  %592 = lshr i32 %525, 8
  %593 = and i32 %592, 15
  %594 = sitofp i32 %593 to float
  %595 = call float @llvm.fma.f32(float %594, float %495, float %512)
  %596 = load float, ptr %18, align 4
  %597 = call float @llvm.fma.f32(float %582, float %595, float %596)
  store float %597, ptr %18, align 4
  %598 = load float, ptr %19, align 4
  %599 = call float @llvm.fma.f32(float %585, float %595, float %598)
  store float %599, ptr %19, align 4
  %600 = load float, ptr %20, align 4
  %601 = call float @llvm.fma.f32(float %588, float %595, float %600)
  store float %601, ptr %20, align 4
  %602 = load float, ptr %21, align 4
  %603 = call float @llvm.fma.f32(float %591, float %595, float %602)
  store float %603, ptr %21, align 4
  %604 = add i64 %526, 3
  %605 = add i64 %527, %604
  %606 = getelementptr inbounds float, ptr %0, i64 %605
  %607 = load float, ptr %606, align 4
  %608 = add i64 %531, %604
  %609 = getelementptr inbounds float, ptr %0, i64 %608
  %610 = load float, ptr %609, align 4
  %611 = add i64 %535, %604
  %612 = getelementptr inbounds float, ptr %0, i64 %611
  %613 = load float, ptr %612, align 4
  %614 = add i64 %539, %604
  %615 = getelementptr inbounds float, ptr %0, i64 %614
  %616 = load float, ptr %615, align 4
  %617 = lshr i32 %525, 12
  %618 = and i32 %617, 15
  %619 = sitofp i32 %618 to float
  %620 = call float @llvm.fma.f32(float %619, float %495, float %512)
  %621 = load float, ptr %18, align 4
  %622 = call float @llvm.fma.f32(float %607, float %620, float %621)
  store float %622, ptr %18, align 4
  %623 = load float, ptr %19, align 4
  %624 = call float @llvm.fma.f32(float %610, float %620, float %623)
  store float %624, ptr %19, align 4
  %625 = load float, ptr %20, align 4
  %626 = call float @llvm.fma.f32(float %613, float %620, float %625)
  store float %626, ptr %20, align 4
  %627 = load float, ptr %21, align 4
  %628 = call float @llvm.fma.f32(float %616, float %620, float %627)
  store float %628, ptr %21, align 4
  %629 = add i64 %526, 4
  %630 = add i64 %527, %629
  %631 = getelementptr inbounds float, ptr %0, i64 %630
  %632 = load float, ptr %631, align 4
  %633 = add i64 %531, %629
  %634 = getelementptr inbounds float, ptr %0, i64 %633
  %635 = load float, ptr %634, align 4
  %636 = add i64 %535, %629
  %637 = getelementptr inbounds float, ptr %0, i64 %636
  %638 = load float, ptr %637, align 4
  %639 = add i64 %539, %629
  %640 = getelementptr inbounds float, ptr %0, i64 %639
  %641 = load float, ptr %640, align 4
  %642 = lshr i32 %525, 16
  %643 = and i32 %642, 15
  %644 = sitofp i32 %643 to float
  %645 = call float @llvm.fma.f32(float %644, float %495, float %512)
  %646 = load float, ptr %18, align 4
  %647 = call float @llvm.fma.f32(float %632, float %645, float %646)
  store float %647, ptr %18, align 4
  %648 = load float, ptr %19, align 4
  %649 = call float @llvm.fma.f32(float %635, float %645, float %648)
  store float %649, ptr %19, align 4
  %650 = load float, ptr %20, align 4
  %651 = call float @llvm.fma.f32(float %638, float %645, float %650)
  store float %651, ptr %20, align 4
  %652 = load float, ptr %21, align 4
  %653 = call float @llvm.fma.f32(float %641, float %645, float %652)
  store float %653, ptr %21, align 4
  %654 = add i64 %526, 5
  %655 = add i64 %527, %654
  %656 = getelementptr inbounds float, ptr %0, i64 %655
  %657 = load float, ptr %656, align 4
  %658 = add i64 %531, %654
  %659 = getelementptr inbounds float, ptr %0, i64 %658
  %660 = load float, ptr %659, align 4
  %661 = add i64 %535, %654
  %662 = getelementptr inbounds float, ptr %0, i64 %661
  %663 = load float, ptr %662, align 4
  %664 = add i64 %539, %654
  %665 = getelementptr inbounds float, ptr %0, i64 %664
  %666 = load float, ptr %665, align 4
  %667 = lshr i32 %525, 20
  %668 = and i32 %667, 15
  %669 = sitofp i32 %668 to float
  %670 = call float @llvm.fma.f32(float %669, float %495, float %512)
  %671 = load float, ptr %18, align 4
  %672 = call float @llvm.fma.f32(float %657, float %670, float %671)
  store float %672, ptr %18, align 4
  %673 = load float, ptr %19, align 4
  %674 = call float @llvm.fma.f32(float %660, float %670, float %673)
  store float %674, ptr %19, align 4
  %675 = load float, ptr %20, align 4
  %676 = call float @llvm.fma.f32(float %663, float %670, float %675)
  store float %676, ptr %20, align 4
  %677 = load float, ptr %21, align 4
  %678 = call float @llvm.fma.f32(float %666, float %670, float %677)
  store float %678, ptr %21, align 4
  %679 = add i64 %526, 6
  %680 = add i64 %527, %679
  %681 = getelementptr inbounds float, ptr %0, i64 %680
  %682 = load float, ptr %681, align 4
  %683 = add i64 %531, %679
  %684 = getelementptr inbounds float, ptr %0, i64 %683
  %685 = load float, ptr %684, align 4
  %686 = add i64 %535, %679
  %687 = getelementptr inbounds float, ptr %0, i64 %686
  %688 = load float, ptr %687, align 4
  %689 = add i64 %539, %679
  %690 = getelementptr inbounds float, ptr %0, i64 %689
  %691 = load float, ptr %690, align 4
  %692 = lshr i32 %525, 24
  %693 = and i32 %692, 15
  %694 = sitofp i32 %693 to float
  %695 = call float @llvm.fma.f32(float %694, float %495, float %512)
  %696 = load float, ptr %18, align 4
  %697 = call float @llvm.fma.f32(float %682, float %695, float %696)
  store float %697, ptr %18, align 4
  %698 = load float, ptr %19, align 4
  %699 = call float @llvm.fma.f32(float %685, float %695, float %698)
  store float %699, ptr %19, align 4
  %700 = load float, ptr %20, align 4
  %701 = call float @llvm.fma.f32(float %688, float %695, float %700)
  store float %701, ptr %20, align 4
  %702 = load float, ptr %21, align 4
  %703 = call float @llvm.fma.f32(float %691, float %695, float %702)
  store float %703, ptr %21, align 4
  %704 = add i64 %526, 7
  %705 = add i64 %527, %704
  %706 = getelementptr inbounds float, ptr %0, i64 %705
  %707 = load float, ptr %706, align 4
  %708 = add i64 %531, %704
  %709 = getelementptr inbounds float, ptr %0, i64 %708
  %710 = load float, ptr %709, align 4
  %711 = add i64 %535, %704
  %712 = getelementptr inbounds float, ptr %0, i64 %711
  %713 = load float, ptr %712, align 4
  %714 = add i64 %539, %704
  %715 = getelementptr inbounds float, ptr %0, i64 %714
  %716 = load float, ptr %715, align 4
  %717 = lshr i32 %525, 28
  %718 = sitofp i32 %717 to float
  %719 = call float @llvm.fma.f32(float %718, float %495, float %512)
  %720 = load float, ptr %18, align 4
  %721 = call float @llvm.fma.f32(float %707, float %719, float %720)
  store float %721, ptr %18, align 4
  %722 = load float, ptr %19, align 4
  %723 = call float @llvm.fma.f32(float %710, float %719, float %722)
  store float %723, ptr %19, align 4
  %724 = load float, ptr %20, align 4
  %725 = call float @llvm.fma.f32(float %713, float %719, float %724)
  store float %725, ptr %20, align 4
  %726 = load float, ptr %21, align 4
  %727 = call float @llvm.fma.f32(float %716, float %719, float %726)
  store float %727, ptr %21, align 4
  %728 = add nsw i64 %i25, 1
  br label %loop22, !llvm.loop !2

after24:                                          ; preds = %loop22
  %729 = add nsw i64 %i21, 1
  br label %loop18

then26:                                           ; preds = %after20
  %730 = load float, ptr %19, align 4
  %731 = mul i64 %484, %7
  %732 = add i64 %731, %i17
  %733 = getelementptr inbounds float, ptr %5, i64 %732
  store float %730, ptr %733, align 4
  br label %endif28

else27:                                           ; preds = %after20
  br label %endif28

endif28:                                          ; preds = %else27, %then26
  %734 = icmp slt i64 %485, %6
  br i1 %734, label %then29, label %else30

then29:                                           ; preds = %endif28
  %735 = load float, ptr %20, align 4
  %736 = mul i64 %486, %7
  %737 = add i64 %736, %i17
  %738 = getelementptr inbounds float, ptr %5, i64 %737
  store float %735, ptr %738, align 4
  br label %endif31

else30:                                           ; preds = %endif28
  br label %endif31

endif31:                                          ; preds = %else30, %then29
  %739 = icmp slt i64 %487, %6
  br i1 %739, label %then32, label %else33

then32:                                           ; preds = %endif31
  %740 = load float, ptr %21, align 4
  %741 = mul i64 %488, %7
  %742 = add i64 %741, %i17
  %743 = getelementptr inbounds float, ptr %5, i64 %742
  store float %740, ptr %743, align 4
  br label %endif34

else33:                                           ; preds = %endif31
  br label %endif34

endif34:                                          ; preds = %else33, %then32
  %744 = add nsw i64 %i17, 1
  br label %loop14
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare i64 @llvm.smin.i64(i64, i64) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <16 x float> @llvm.fma.v16f32(<16 x float>, <16 x float>, <16 x float>) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #1

define void @gptq_gemm_b4_g128_v1_f32_cpu_m4n2v16u1(ptr %0, i64 %1, i64 %2) {
entry:
  %3 = getelementptr inbounds i64, ptr %0, i32 0
  %x = load ptr, ptr %3, align 8
  %4 = getelementptr inbounds i64, ptr %0, i32 1
  %qweight = load ptr, ptr %4, align 8
  %5 = getelementptr inbounds i64, ptr %0, i32 2
  %qzeros = load ptr, ptr %5, align 8
  %6 = getelementptr inbounds i64, ptr %0, i32 3
  %scales = load ptr, ptr %6, align 8
  %7 = getelementptr inbounds i64, ptr %0, i32 4
  %g_idx = load ptr, ptr %7, align 8
  %8 = getelementptr inbounds i64, ptr %0, i32 5
  %y = load ptr, ptr %8, align 8
  %9 = getelementptr inbounds i64, ptr %0, i32 6
  %10 = load i64, ptr %9, align 4
  %11 = getelementptr inbounds i64, ptr %0, i32 7
  %12 = load i64, ptr %11, align 4
  %13 = getelementptr inbounds i64, ptr %0, i32 8
  %14 = load i64, ptr %13, align 4
  br label %grid

grid:                                             ; preds = %program, %entry
  %pid = phi i64 [ %1, %entry ], [ %16, %program ]
  %15 = icmp slt i64 %pid, %2
  br i1 %15, label %program, label %done

program:                                          ; preds = %grid
  call void @gptq_gemm_b4_g128_v1_f32_cpu_m4n2v16u1.body(ptr %x, ptr %qweight, ptr %qzeros, ptr %scales, ptr %g_idx, ptr %y, i64 %10, i64 %12, i64 %14, i64 %pid)
  %16 = add nsw i64 %pid, 1
  br label %grid

done:                                             ; preds = %grid
  ret void
}

attributes #0 = { alwaysinline }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 1}
!2 = distinct !{!2, !1}
