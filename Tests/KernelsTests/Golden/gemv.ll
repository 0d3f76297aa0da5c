; ModuleID = 'gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2'
source_filename = "gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2"

; Function Attrs: alwaysinline
define internal void @gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2.body(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, ptr noalias %4, ptr noalias %5, i64 %6, i64 %7, i64 %8, i64 %9) #0 {
locals:
  %10 = alloca <16 x float>, align 64
  %11 = alloca <16 x float>, align 64
  %12 = alloca <16 x float>, align 64
  %13 = alloca <16 x float>, align 64
  %14 = alloca float, align 4
  %15 = alloca float, align 4
  %16 = alloca float, align 4
  %17 = alloca float, align 4
  br label %entry

entry:                                            ; preds = %locals
  %18 = add i64 %7, 31
  %19 = sdiv i64 %18, 32
  %20 = sdiv i64 %9, %19
  %21 = srem i64 %9, %19
  %22 = mul i64 %21, 32
  %23 = sub i64 %7, 32
  %24 = icmp sle i64 %22, %23
  br i1 %24, label %then, label %else

then:                                             ; preds = %entry
  %25 = add i64 %22, 16
  store <16 x float> zeroinitializer, ptr %10, align 64
  store <16 x float> zeroinitializer, ptr %11, align 64
  %26 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %loop5

endif:                                            ; preds = %after7, %after
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %237, %after3 ]
  %27 = icmp slt i64 %i, %26
  br i1 %27, label %body, label %after

body:                                             ; preds = %loop
  %28 = mul i64 %i, %7
  %29 = add i64 %28, %22
  %30 = getelementptr inbounds half, ptr %3, i64 %29
  %31 = load <16 x half>, ptr %30, align 2
  %32 = fpext <16 x half> %31 to <16 x float>
  %33 = add i64 %28, %25
  %34 = getelementptr inbounds half, ptr %3, i64 %33
  %35 = load <16 x half>, ptr %34, align 2
  %36 = fpext <16 x half> %35 to <16 x float>
  %37 = mul i64 %7, 4
  %38 = add i64 %37, 31
  %39 = lshr i64 %38, 5
  %40 = mul i64 %i, %39
  %41 = mul i64 %22, 4
  %42 = lshr i64 %41, 5
  %43 = add i64 %40, %42
  %44 = getelementptr inbounds i32, ptr %2, i64 %43
  %45 = load <2 x i32>, ptr %44, align 4
  %46 = shufflevector <2 x i32> %45, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %47 = lshr <16 x i32> %46, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %48 = and <16 x i32> %47, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %49 = add <16 x i32> %48, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %50 = sitofp <16 x i32> %49 to <16 x float>
  %51 = mul i64 %25, 4
  %52 = lshr i64 %51, 5
  %53 = add i64 %40, %52
  %54 = getelementptr inbounds i32, ptr %2, i64 %53
  %55 = load <2 x i32>, ptr %54, align 4
  %56 = shufflevector <2 x i32> %55, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %57 = lshr <16 x i32> %56, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %58 = and <16 x i32> %57, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %59 = add <16 x i32> %58, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %60 = sitofp <16 x i32> %59 to <16 x float>
  store <16 x float> zeroinitializer, ptr %12, align 64
  store <16 x float> zeroinitializer, ptr %13, align 64
  store float 0.000000e+00, ptr %14, align 4
  %61 = mul i64 %i, 16
  %62 = add i64 %i, 1
  %63 = mul i64 %62, 16
  br label %loop1

after:                                            ; preds = %loop
  %64 = load <16 x float>, ptr %10, align 64
  %65 = mul i64 %20, %7
  %66 = add i64 %65, %22
  %67 = getelementptr inbounds float, ptr %5, i64 %66
  store <16 x float> %64, ptr %67, align 4
  %68 = load <16 x float>, ptr %11, align 64
  %69 = add i64 %65, %25
  %70 = getelementptr inbounds float, ptr %5, i64 %69
  store <16 x float> %68, ptr %70, align 4
  br label %endif

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %61, %body ], [ %220, %body2 ]
  %71 = icmp slt i64 %i4, %63
  br i1 %71, label %body2, label %after3

body2:                                            ; preds = %loop1
  %72 = mul i64 %i4, %7
  %73 = add i64 %72, %22
  %74 = getelementptr inbounds i32, ptr %1, i64 %73
  %75 = load <16 x i32>, ptr %74, align 4
  %76 = add i64 %72, %25
  %77 = getelementptr inbounds i32, ptr %1, i64 %76
  %78 = load <16 x i32>, ptr %77, align 4
  %79 = mul i64 %i4, 8
  %80 = mul i64 %20, %8
  %81 = add i64 %80, %79
  %82 = getelementptr inbounds float, ptr %0, i64 %81
  %83 = load float, ptr %82, align 4
  %84 = load float, ptr %14, align 4
  %85 = fadd float %84, %83
  store float %85, ptr %14, align 4
  %86 = and <16 x i32> %75, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %87 = sitofp <16 x i32> %86 to <16 x float>
  %88 = insertelement <16 x float> poison, float %83, i32 0
  %89 = shufflevector <16 x float> %88, <16 x float> poison, <16 x i32> zeroinitializer
  %90 = load <16 x float>, ptr %12, align 64
  %91 = call <16 x float> @llvm.fma.v16f32(<16 x float> %87, <16 x float> %89, <16 x float> %90)
  store <16 x float> %91, ptr %12, align 64
  %92 = and <16 x i32> %78, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %93 = sitofp <16 x i32> %92 to <16 x float>
  %94 = load <16 x float>, ptr %13, align 64
  %95 = call <16 x float> @llvm.fma.v16f32(<16 x float> %93, <16 x float> %89, <16 x float> %94)
  store <16 x float> %95, ptr %13, align 64
  %96 = add i64 %79, 1
  %97 = add i64 %80, %96
  %98 = getelementptr inbounds float, ptr %0, i64 %97
  %99 = load float, ptr %98, align 4
  %100 = load float, ptr %14, align 4
  %101 = fadd float %100, %99
  store float %101, ptr %14, align 4
  %102 = lshr <16 x i32> %75, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %103 = and <16 x i32> %102, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %104 = sitofp <16 x i32> %103 to <16 x float>
  %105 = insertelement <16 x float> poison, float %99, i32 0
  %106 = shufflevector <16 x float> %105, <16 x float> poison, <16 x i32> zeroinitializer
  %107 = load <16 x float>, ptr %12, align 64
  %108 = call <16 x float> @llvm.fma.v16f32(<16 x float> %104, <16 x float> %106, <16 x float> %107)
  store <16 x float> %108, ptr %12, align 64
  %109 = lshr <16 x i32> %78, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %110 = and <16 x i32> %109, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %111 = sitofp <16 x i32> %110 to <16 x float>
  %112 = load <16 x float>, ptr %13, align 64
  %113 = call <16 x float> @llvm.fma.v16f32(<16 x float> %111, <16 x float> %106, <16 x float> %112)
  store <16 x float> %113, ptr %13, align 64
  %114 = add i64 %79, 2
  %115 = add i64 %80, %114
  %116 = getelementptr inbounds float, ptr %0, i64 %115
  %117 = load float, ptr %116, align 4
  %118 = load float, ptr %14, align 4
  %119 = fadd float %118, %117
  store float %119, ptr %14, align 4
  %120 = lshr <16 x i32> %75, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %121 = and <16 x i32> %120, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %122 = sitofp <16 x i32> %121 to <16 x float>
  %123 = insertelement <16 x float> poison, float %117, i32 0
  %124 = shufflevector <16 x float> %123, <16 x float> poison, <16 x i32> zeroinitializer
  %125 = load <16 x float>, ptr %12, align 64
  %126 = call <16 x float> @llvm.fma.v16f32(<16 x float> %122, <16 x float> %124, <16 x float> %125)
  store <16 x float> %126, ptr %12, align 64
  %127 = lshr <16 x i32> %78, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %128 = and <16 x i32> %127, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %129 = sitofp <16 x i32> %128 to <16 x float>
  %130 = load <16 x float>, ptr %13, align 64
  %131 = call <16 x float> @llvm.fma.v16f32(<16 x float> %129, <16 x float> %124, <16 x float> %130)
  store <16 x float> %131, ptr %13, align 64
  %132 = add i64 %79, 3
  %133 = add i64 %80, %132
  %134 = getelementptr inbounds float, ptr %0, i64 %133
  %135 = load float, ptr %134, align 4
  %136 = load float, ptr %14, align 4
  %137 = fadd float %136, %135
  store float %137, ptr %14, align 4
  %138 = lshr <16 x i32> %75, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %139 = and <16 x i32> %138, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %140 = sitofp <16 x i32> %139 to <16 x float>
  %141 = insertelement <16 x float> poison, float %135, i32 0
  %142 = shufflevector <16 x float> %141, <16 x float> poison, <16 x i32> zeroinitializer
  %143 = load <16 x float>, ptr %12, align 64
  %144 = call <16 x float> @llvm.fma.v16f32(<16 x float> %140, <16 x float> %142, <16 x float> %143)
  store <16 x float> %144, ptr %12, align 64
  %145 = lshr <16 x i32> %78, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %146 = and <16 x i32> %145, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %147 = sitofp <16 x i32> %146 to <16 x float>
  %148 = load <16 x float>, ptr %13, align 64
  %149 = call <16 x float> @llvm.fma.v16f32(<16 x float> %147, <16 x float> %142, <16 x float> %148)
  store <16 x float> %149, ptr %13, align 64
  %150 = add i64 %79, 4
  %151 = add i64 %80, %150
  %152 = getelementptr inbounds float, ptr %0, i64 %151
  %153 = load float, ptr %152, align 4
  %154 = load float, ptr %14, align 4
  %155 = fadd float %154, %153
  store float %155, ptr %14, align 4
  %156 = lshr <16 x i32> %75, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %157 = and <16 x i32> %156, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %158 = sitofp <16 x i32> %157 to <16 x float>
  %159 = insertelement <16 x float> poison, float %153, i32 0
  %160 = shufflevector <16 x float> %159, <16 x float> poison, <16 x i32> zeroinitializer
  %161 = load <16 x float>, ptr %12, align 64
  %162 = call <16 x float> @llvm.fma.v16f32(<16 x float> %158, <16 x float> %160, <16 x float> %161)
  store <16 x float> %162, ptr %12, align 64
  %163 = lshr <16 x i32> %78, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %164 = and <16 x i32> %163, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %165 = sitofp <16 x i32> %164 to <16 x float>
  %166 = load <16 x float>, ptr %13, align 64
  %167 = call <16 x float> @llvm.fma.v16f32(<16 x float> %165, <16 x float> %160, <16 x float> %166)
  store <16 x float> %167, ptr %13, align 64
  %168 = add i64 %79, 5
  %169 = add i64 %80, %168
  %170 = getelementptr inbounds float, ptr %0, i64 %169
  %171 = load float, ptr %170, align 4
  %172 = load float, ptr %14, align 4
  %173 = fadd float %172, %171
  store float %173, ptr %14, align 4
  %174 = lshr <16 x i32> %75, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %175 = and <16 x i32> %174, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %176 = sitofp <16 x i32> %175 to <16 x float>
  %177 = insertelement <16 x float> poison, float %171, i32 0
  %178 = shufflevector <16 x float> %177, <16 x float> poison, <16 x i32> zeroinitializer
  %179 = load <16 x float>, ptr %12, align 64
  %180 = call <16 x float> @llvm.fma.v16f32(<16 x float> %176, <16 x float> %178, <16 x float> %179)
  store <16 x float> %180, ptr %12, align 64
  %181 = lshr <16 x i32> %78, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %182 = and <16 x i32> %181, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %183 = sitofp <16 x i32> %182 to <16 x float>
  %184 = load <16 x float>, ptr %13, align 64
  %185 = call <16 x float> @llvm.fma.v16f32(<16 x float> %183, <16 x float> %178, <16 x float> %184)
  store <16 x float> %185, ptr %13, align 64
  %186 = add i64 %79, 6
  %187 = add i64 %80, %186
  %188 = getelementptr inbounds float, ptr %0, i64 %187
  %189 = load float, ptr %188, align 4
  %190 = load float, ptr %14, align 4
  %191 = fadd float %190, %189
  store float %191, ptr %14, align 4
  %192 = lshr <16 x i32> %75, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %193 = and <16 x i32> %192, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %194 = sitofp <16 x i32> %193 to <16 x float>
  %195 = insertelement <16 x float> poison, float %189, i32 0
  %196 = shufflevector <16 x float> %195, <16 x float> poison, <16 x i32> zeroinitializer
  %197 = load <16 x float>, ptr %12, align 64
  %198 = call <16 x float> @llvm.fma.v16f32(<16 x float> %194, <16 x float> %196, <16 x float> %197)
  store <16 x float> %198, ptr %12, align 64
  %199 = lshr <16 x i32> %78, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %200 = and <16 x i32> %199, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %201 = sitofp <16 x i32> %200 to <16 x float>
  %202 = load <16 x float>, ptr %13, align 64
  %203 = call <16 x float> @llvm.fma.v16f32(<16 x float> %201, <16 x float> %196, <16 x float> %202)
  store <16 x float> %203, ptr %13, align 64
  %204 = add i64 %79, 7
  %205 = add i64 %80, %204
  %206 = getelementptr inbounds float, ptr %0, i64 %205
  %207 = load float, ptr %206, align 4
  %208 = load float, ptr %14, align 4
  %209 = fadd float %208, %207
  store float %209, ptr %14, align 4
  %210 = lshr <16 x i32> %75, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %211 = sitofp <16 x i32> %210 to <16 x float>
  %212 = insertelement <16 x float> poison, float %207, i32 0
  %213 = shufflevector <16 x float> %212, <16 x float> poison, <16 x i32> zeroinitializer
  %214 = load <16 x float>, ptr %12, align 64
  %215 = call <16 x float> @llvm.fma.v16f32(<16 x float> %211, <16 x float> %213, <16 x float> %214)
  store <16 x float> %215, ptr %12, align 64
  %216 = lshr <16 x i32> %78, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %217 = sitofp <16 x i32> %216 to <16 x float>
  %218 = load <16 x float>, ptr %13, align 64
  %219 = call <16 x float> @llvm.fma.v16f32(<16 x float> %217, <16 x float> %213, <16 x float> %218)
  store <16 x float> %219, ptr %13, align 64
  %220 = add nsw i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %221 = load <16 x float>, ptr %12, align 64
  %222 = load float, ptr %14, align 4
  %223 = insertelement <16 x float> poison, float %222, i32 0
  %224 = shufflevector <16 x float> %223, <16 x float> poison, <16 x i32> zeroinitializer
  %225 = fmul <16 x float> %50, %224
  %226 = fsub <16 x float> %221, %225
  %227 = load <16 x float>, ptr %10, align 64
  %228 = call <16 x float> @llvm.fma.v16f32(<16 x float> %32, <16 x float> %226, <16 x float> %227)
  store <16 x float> %228, ptr %10, align 64
  %229 = load <16 x float>, ptr %13, align 64
  %230 = load float, ptr %14, align 4
  %231 = insertelement <16 x float> poison, float %230, i32 0
  %232 = shufflevector <16 x float> %231, <16 x float> poison, <16 x i32> zeroinitializer
  %233 = fmul <16 x float> %60, %232
  %234 = fsub <16 x float> %229, %233
  %235 = load <16 x float>, ptr %11, align 64
  %236 = call <16 x float> @llvm.fma.v16f32(<16 x float> %36, <16 x float> %234, <16 x float> %235)
  store <16 x float> %236, ptr %11, align 64
  %237 = add nsw i64 %i, 1
  br label %loop

loop5:                                            ; preds = %after11, %else
  %i8 = phi i64 [ %22, %else ], [ %268, %after11 ]
  %238 = icmp slt i64 %i8, %7
  br i1 %238, label %body6, label %after7

body6:                                            ; preds = %loop5
  store float 0.000000e+00, ptr %15, align 4
  %239 = sdiv i64 %8, 128
  br label %loop9

after7:                                           ; preds = %loop5
  br label %endif

loop9:                                            ; preds = %after15, %body6
  %i12 = phi i64 [ 0, %body6 ], [ %368, %after15 ]
  %240 = icmp slt i64 %i12, %239
  br i1 %240, label %body10, label %after11

body10:                                           ; preds = %loop9
  %241 = mul i64 %i12, %7
  %242 = add i64 %241, %i8
  %243 = getelementptr inbounds half, ptr %3, i64 %242
  %244 = load half, ptr %243, align 2
  %245 = fpext half %244 to float
  %246 = mul i64 %7, 4
  %247 = add i64 %246, 31
  %248 = lshr i64 %247, 5
  %249 = mul i64 %i12, %248
  %250 = mul i64 %i8, 4
  %251 = lshr i64 %250, 5
  %252 = and i64 %250, 31
  %253 = trunc i64 %252 to i32
  %254 = add i64 %249, %251
  %255 = getelementptr inbounds i32, ptr %2, i64 %254
  %256 = load i32, ptr %255, align 4
  %257 = lshr i32 %256, %253
  %258 = and i32 %257, 15
  %259 = add i32 %258, 1
  %260 = sitofp i32 %259 to float
  store float 0.000000e+00, ptr %16, align 4
  store float 0.000000e+00, ptr %17, align 4
  %261 = mul i64 %i12, 16
  %262 = add i64 %i12, 1
  %263 = mul i64 %262, 16
  br label %loop13

after11:                                          ; preds = %loop9
  %264 = load float, ptr %15, align 4
  %265 = mul i64 %20, %7
  %266 = add i64 %265, %i8
  %267 = getelementptr inbounds float, ptr %5, i64 %266
  store float %264, ptr %267, align 4
  %268 = add nsw i64 %i8, 1
  br label %loop5

loop13:                                           ; preds = %body14, %body10
  %i16 = phi i64 [ %261, %body10 ], [ %361, %body14 ]
  %269 = icmp slt i64 %i16, %263
  br i1 %269, label %body14, label %after15

body14:                                           ; preds = %loop13
  %270 = mul i64 %i16, %7
  %271 = add i64 %270, %i8
  %272 = getelementptr inbounds i32, ptr %1, i64 %271
  %273 = load i32, ptr %272, align 4
  %274 = mul i64 %i16, 8
  %275 = mul i64 %20, %8
  %276 = add i64 %275, %274
  %277 = getelementptr inbounds float, ptr %0, i64 %276
  %278 = load float, ptr %277, align 4
  %279 = load float, ptr %17, align 4
  %280 = fadd float %279, %278
  store float %280, ptr %17, align 4
  %281 = and i32 %273, 15
  %282 = sitofp i32 %281 to float
  %283 = load float, ptr %16, align 4
  %284 = call float @llvm.fma.f32(float %282, float %278, float %283)
  store float %284, ptr %16, align 4
  %285 = add i64 %274, 1
  %286 = add i64 %275, %285
  %287 = getelementptr inbounds float, ptr %0, i64 %286
  %288 = load float, ptr %287, align 4
  %289 = load float, ptr %17, align 4
  %290 = fadd float %289, %288
  store float %290, ptr %17, align 4
  %291 = lshr i32 %273, 4
  %292 = and i32 %291, 15
  %293 = sitofp i32 %292 to float
  %294 = load float, ptr %16, align 4
  %295 = call float @llvm.fma.f32(float %293, float %288, float %294)
  store float %295, ptr %16, align 4
  %296 = add i64 %274, 2
  %297 = add i64 %275, %296
  %298 = getelementptr inbounds float, ptr %0, i64 %297
  %299 = load float, ptr %298, align 4
  %300 = load float, ptr %17, align 4
  %301 = fadd float %300, %299
  store float %301, ptr %17, align 4
  %302 = lshr i32 %273, 8
  %303 = and i32 %302, 15
  %304 = sitofp i32 %303 to float
  %305 = load float, ptr %16, align 4
  %306 = call float @llvm.fma.f32(float %304, float %299, float %305)
  store float %306, ptr %16, align 4
  %307 = add i64 %274, 3
  %308 = add i64 %275, %307
  %309 = getelementptr inbounds float, ptr %0, i64 %308
  %310 = load float, ptr %309, align 4
  %311 = load float, ptr %17, align 4
  %312 = fadd float %311, %310
  store float %312, ptr %17, align 4
  %313 = lshr i32 %273, 12
  %314 = and i32 %313, 15
  %315 = sitofp i32 %314 to float
  %316 = load float, ptr %16, align 4
  %317 = call float @llvm.fma.f32(float %315, float %310, float %316)
  store float %317, ptr %16, align 4
  %318 = add i64 %274, 4
  %319 = add i64 %275, %318
  %320 = getelementptr inbounds float, ptr %0, i64 %319
  %321 = load float, ptr %320, align 4
  %322 = load float, ptr %17, align 4
  %323 = fadd float %322, %321
  store float %323, ptr %17, align 4
  %324 = lshr i32 %273, 16
  %325 = and i32 %324, 15
  %326 = sitofp i32 %325 to float
  %327 = load float, ptr %16, align 4
  %328 = call float @llvm.fma.f32(float %326, float %321, float %327)
  store float %328, ptr %16, align 4
  %329 = add i64 %274, 5
  %330 = add i64 %275, %329
  %331 = getelementptr inbounds float, ptr %0, i64 %330
  %332 = load float, ptr %331, align 4
  %333 = load float, ptr %17, align 4
  %334 = fadd float %333, %332
  store float %334, ptr %17, align 4
  %335 = lshr i32 %273, 20
  %336 = and i32 %335, 15
  %337 = sitofp i32 %336 to float
  %338 = load float, ptr %16, align 4
  %339 = call float @llvm.fma.f32(float %337, float %332, float %338)
  store float %339, ptr %16, align 4
  %340 = add i64 %274, 6
  %341 = add i64 %275, %340
  %342 = getelementptr inbounds float, ptr %0, i64 %341
  %343 = load float, ptr %342, align 4
  %344 = load float, ptr %17, align 4
  %345 = fadd float %344, %343
  store float %345, ptr %17, align 4
  %346 = lshr i32 %273, 24
  %347 = and i32 %346, 15
  %348 = sitofp i32 %347 to float
  %349 = load float, ptr %16, align 4
  %350 = call float @llvm.fma.f32(float %348, float %343, float %349)
  store float %350, ptr %16, align 4
  %351 = add i64 %274, 7
  %352 = add i64 %275, %351
  %353 = getelementptr inbounds float, ptr %0, i64 %352
  %354 = load float, ptr %353, align 4
  %355 = load float, ptr %17, align 4
  %356 = fadd float %355, %354
  store float %356, ptr %17, align 4
  %357 = lshr i32 %273, 28
  %358 = sitofp i32 %357 to float
  %359 = load float, ptr %16, align 4
  %360 = call float @llvm.fma.f32(float %358, float %354, float %359)
  store float %360, ptr %16, align 4
  %361 = add nsw i64 %i16, 1
  br label %loop13, !llvm.loop !2

after15:                                          ; preds = %loop13
  %362 = load float, ptr %16, align 4
  %363 = load float, ptr %17, align 4
  %364 = fmul float %260, %363
  %365 = fsub float %362, %364
  %366 = load float, ptr %15, align 4
  %367 = call float @llvm.fma.f32(float %245, float %365, float %366)
  store float %367, ptr %15, align 4
  %368 = add nsw i64 %i12, 1
  br label %loop9
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <16 x float> @llvm.fma.v16f32(<16 x float>, <16 x float>, <16 x float>) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #1

define void @gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2(ptr %0, i64 %1, i64 %2) {
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
  call void @gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2.body(ptr %x, ptr %qweight, ptr %qzeros, ptr %scales, ptr %g_idx, ptr %y, i64 %10, i64 %12, i64 %14, i64 %pid)
  %16 = add nsw i64 %pid, 1
  br label %grid

done:                                             ; preds = %grid
  ret void
}

attributes #0 = { alwaysinline }
attributes #1 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 2}
!2 = distinct !{!2, !1}
