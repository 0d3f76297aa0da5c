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
  %i = phi i64 [ 0, %then ], [ %398, %after3 ]
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
  %i4 = phi i64 [ %77, %body ], [ %397, %body2 ]
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
  %96 = mul i64 %25, %8
  %97 = mul i64 %i4, 8
  %98 = add i64 %96, %97
  %99 = getelementptr inbounds float, ptr %0, i64 %98
  %100 = load <8 x float>, ptr %99, align 4
  %101 = mul i64 %33, %8
  %102 = add i64 %101, %97
  %103 = getelementptr inbounds float, ptr %0, i64 %102
  %104 = load <8 x float>, ptr %103, align 4
  %105 = mul i64 %35, %8
  %106 = add i64 %105, %97
  %107 = getelementptr inbounds float, ptr %0, i64 %106
  %108 = load <8 x float>, ptr %107, align 4
  %109 = mul i64 %37, %8
  %110 = add i64 %109, %97
  %111 = getelementptr inbounds float, ptr %0, i64 %110
  %112 = load <8 x float>, ptr %111, align 4
  %113 = extractelement <8 x float> %100, i32 0
  %114 = extractelement <8 x float> %104, i32 0
  %115 = extractelement <8 x float> %108, i32 0
  %116 = extractelement <8 x float> %112, i32 0
  %117 = and <16 x i32> %92, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %118 = sitofp <16 x i32> %117 to <16 x float>
  %119 = call <16 x float> @llvm.fma.v16f32(<16 x float> %118, <16 x float> %44, <16 x float> %74)
  %120 = insertelement <16 x float> poison, float %113, i32 0
  %121 = shufflevector <16 x float> %120, <16 x float> poison, <16 x i32> zeroinitializer
  %122 = load <16 x float>, ptr %10, align 64
  %123 = call <16 x float> @llvm.fma.v16f32(<16 x float> %121, <16 x float> %119, <16 x float> %122)
  store <16 x float> %123, ptr %10, align 64
  %124 = insertelement <16 x float> poison, float %114, i32 0
  %125 = shufflevector <16 x float> %124, <16 x float> poison, <16 x i32> zeroinitializer
  %126 = load <16 x float>, ptr %12, align 64
  %127 = call <16 x float> @llvm.fma.v16f32(<16 x float> %125, <16 x float> %119, <16 x float> %126)
  store <16 x float> %127, ptr %12, align 64
  %128 = insertelement <16 x float> poison, float %115, i32 0
  %129 = shufflevector <16 x float> %128, <16 x float> poison, <16 x i32> zeroinitializer
  %130 = load <16 x float>, ptr %14, align 64
  %131 = call <16 x float> @llvm.fma.v16f32(<16 x float> %129, <16 x float> %119, <16 x float> %130)
  store <16 x float> %131, ptr %14, align 64
  %132 = insertelement <16 x float> poison, float %116, i32 0
  %133 = shufflevector <16 x float> %132, <16 x float> poison, <16 x i32> zeroinitializer
  %134 = load <16 x float>, ptr %16, align 64
  %135 = call <16 x float> @llvm.fma.v16f32(<16 x float> %133, <16 x float> %119, <16 x float> %134)
  store <16 x float> %135, ptr %16, align 64
  %136 = and <16 x i32> %95, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %137 = sitofp <16 x i32> %136 to <16 x float>
  %138 = call <16 x float> @llvm.fma.v16f32(<16 x float> %137, <16 x float> %48, <16 x float> %76)
  %139 = load <16 x float>, ptr %11, align 64
  %140 = call <16 x float> @llvm.fma.v16f32(<16 x float> %121, <16 x float> %138, <16 x float> %139)
  store <16 x float> %140, ptr %11, align 64
  %141 = load <16 x float>, ptr %13, align 64
  %142 = call <16 x float> @llvm.fma.v16f32(<16 x float> %125, <16 x float> %138, <16 x float> %141)
  store <16 x float> %142, ptr %13, align 64
  %143 = load <16 x float>, ptr %15, align 64
  %144 = call <16 x float> @llvm.fma.v16f32(<16 x float> %129, <16 x float> %138, <16 x float> %143)
  store <16 x float> %144, ptr %15, align 64
  %145 = load <16 x float>, ptr %17, align 64
  %146 = call <16 x float> @llvm.fma.v16f32(<16 x float> %133, <16 x float> %138, <16 x float> %145)
  store <16 x float> %146, ptr %17, align 64
  %147 = extractelement <8 x float> %100, i32 1
  %148 = extractelement <8 x float> %104, i32 1
  %149 = extractelement <8 x float> %108, i32 1
  %150 = extractelement <8 x float> %112, i32 1
  %151 = lshr <16 x i32> %92, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %152 = and <16 x i32> %151, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %153 = sitofp <16 x i32> %152 to <16 x float>
  %154 = call <16 x float> @llvm.fma.v16f32(<16 x float> %153, <16 x float> %44, <16 x float> %74)
  %155 = insertelement <16 x float> poison, float %147, i32 0
  %156 = shufflevector <16 x float> %155, <16 x float> poison, <16 x i32> zeroinitializer
  %157 = load <16 x float>, ptr %10, align 64
  %158 = call <16 x float> @llvm.fma.v16f32(<16 x float> %156, <16 x float> %154, <16 x float> %157)
  store <16 x float> %158, ptr %10, align 64
  %159 = insertelement <16 x float> poison, float %148, i32 0
  %160 = shufflevector <16 x float> %159, <16 x float> poison, <16 x i32> zeroinitializer
  %161 = load <16 x float>, ptr %12, align 64
  %162 = call <16 x float> @llvm.fma.v16f32(<16 x float> %160, <16 x float> %154, <16 x float> %161)
  store <16 x float> %162, ptr %12, align 64
  %163 = insertelement <16 x float> poison, float %149, i32 0
  %164 = shufflevector <16 x float> %163, <16 x float> poison, <16 x i32> zeroinitializer
  %165 = load <16 x float>, ptr %14, align 64
  %166 = call <16 x float> @llvm.fma.v16f32(<16 x float> %164, <16 x float> %154, <16 x float> %165)
  store <16 x float> %166, ptr %14, align 64
  %167 = insertelement <16 x float> poison, float %150, i32 0
  %168 = shufflevector <16 x float> %167, <16 x float> poison, <16 x i32> zeroinitializer
  %169 = load <16 x float>, ptr %16, align 64
  %170 = call <16 x float> @llvm.fma.v16f32(<16 x float> %168, <16 x float> %154, <16 x float> %169)
  store <16 x float> %170, ptr %16, align 64
  %171 = lshr <16 x i32> %95, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %172 = and <16 x i32> %171, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %173 = sitofp <16 x i32> %172 to <16 x float>
  %174 = call <16 x float> @llvm.fma.v16f32(<16 x float> %173, <16 x float> %48, <16 x float> %76)
  %175 = load <16 x float>, ptr %11, align 64
  %176 = call <16 x float> @llvm.fma.v16f32(<16 x float> %156, <16 x float> %174, <16 x float> %175)
  store <16 x float> %176, ptr %11, align 64
  %177 = load <16 x float>, ptr %13, align 64
  %178 = call <16 x float> @llvm.fma.v16f32(<16 x float> %160, <16 x float> %174, <16 x float> %177)
  store <16 x float> %178, ptr %13, align 64
  %179 = load <16 x float>, ptr %15, align 64
  %180 = call <16 x float> @llvm.fma.v16f32(<16 x float> %164, <16 x float> %174, <16 x float> %179)
  store <16 x float> %180, ptr %15, align 64
  %181 = load <16 x float>, ptr %17, align 64
  %182 = call <16 x float> @llvm.fma.v16f32(<16 x float> %168, <16 x float> %174, <16 x float> %181)
  store <16 x float> %182, ptr %17, align 64
  %183 = extractelement <8 x float> %100, i32 2
  %184 = extractelement <8 x float> %104, i32 2
  %185 = extractelement <8 x float> %108, i32 2
  %186 = extractelement <8 x float> %112, i32 2
  %187 = lshr <16 x i32> %92, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %188 = and <16 x i32> %187, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %189 = sitofp <16 x i32> %188 to <16 x float>
  %190 = call <16 x float> @llvm.fma.v16f32(<16 x float> %189, <16 x float> %44, <16 x float> %74)
  %191 = insertelement <16 x float> poison, float %183, i32 0
  %192 = shufflevector <16 x float> %191, <16 x float> poison, <16 x i32> zeroinitializer
  %193 = load <16 x float>, ptr %10, align 64
  %194 = call <16 x float> @llvm.fma.v16f32(<16 x float> %192, <16 x float> %190, <16 x float> %193)
  store <16 x float> %194, ptr %10, align 64
  %195 = insertelement <16 x float> poison, float %184, i32 0
  %196 = shufflevector <16 x float> %195, <16 x float> poison, <16 x i32> zeroinitializer
  %197 = load <16 x float>, ptr %12, align 64
  %198 = call <16 x float> @llvm.fma.v16f32(<16 x float> %196, <16 x float> %190, <16 x float> %197)
  store <16 x float> %198, ptr %12, align 64
  %199 = insertelement <16 x float> poison, float %185, i32 0
  %200 = shufflevector <16 x float> %199, <16 x float> poison, <16 x i32> zeroinitializer
  %201 = load <16 x float>, ptr %14, align 64
  %202 = call <16 x float> @llvm.fma.v16f32(<16 x float> %200, <16 x float> %190, <16 x float> %201)
  store <16 x float> %202, ptr %14, align 64
  %203 = insertelement <16 x float> poison, float %186, i32 0
  %204 = shufflevector <16 x float> %203, <16 x float> poison, <16 x i32> zeroinitializer
  %205 = load <16 x float>, ptr %16, align 64
  %206 = call <16 x float> @llvm.fma.v16f32(<16 x float> %204, <16 x float> %190, <16 x float> %205)
  store <16 x float> %206, ptr %16, align 64
  %207 = lshr <16 x i32> %95, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %208 = and <16 x i32> %207, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %209 = sitofp <16 x i32> %208 to <16 x float>
  %210 = call <16 x float> @llvm.fma.v16f32(<16 x float> %209, <16 x float> %48, <16 x float> %76)
  %211 = load <16 x float>, ptr %11, align 64
  %212 = call <16 x float> @llvm.fma.v16f32(<16 x float> %192, <16 x float> %210, <16 x float> %211)
  store <16 x float> %212, ptr %11, align 64
  %213 = load <16 x float>, ptr %13, align 64
  %214 = call <16 x float> @llvm.fma.v16f32(<16 x float> %196, <16 x float> %210, <16 x float> %213)
  store <16 x float> %214, ptr %13, align 64
  %215 = load <16 x float>, ptr %15, align 64
  %216 = call <16 x float> @llvm.fma.v16f32(<16 x float> %200, <16 x float> %210, <16 x float> %215)
  store <16 x float> %216, ptr %15, align 64
  %217 = load <16 x float>, ptr %17, align 64
  %218 = call <16 x float> @llvm.fma.v16f32(<16 x float> %204, <16 x float> %210, <16 x float> %217)
  store <16 x float> %218, ptr %17, align 64
  %219 = extractelement <8 x float> %100, i32 3
  %220 = extractelement <8 x float> %104, i32 3
  %221 = extractelement <8 x float> %108, i32 3
  %222 = extractelement <8 x float> %112, i32 3
  %223 = lshr <16 x i32> %92, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %224 = and <16 x i32> %223, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %225 = sitofp <16 x i32> %224 to <16 x float>
  %226 = call <16 x float> @llvm.fma.v16f32(<16 x float> %225, <16 x float> %44, <16 x float> %74)
  %227 = insertelement <16 x float> poison, float %219, i32 0
  %228 = shufflevector <16 x float> %227, <16 x float> poison, <16 x i32> zeroinitializer
  %229 = load <16 x float>, ptr %10, align 64
  %230 = call <16 x float> @llvm.fma.v16f32(<16 x float> %228, <16 x float> %226, <16 x float> %229)
  store <16 x float> %230, ptr %10, align 64
  %231 = insertelement <16 x float> poison, float %220, i32 0
  %232 = shufflevector <16 x float> %231, <16 x float> poison, <16 x i32> zeroinitializer
  %233 = load <16 x float>, ptr %12, align 64
  %234 = call <16 x float> @llvm.fma.v16f32(<16 x float> %232, <16 x float> %226, <16 x float> %233)
  store <16 x float> %234, ptr %12, align 64
  %235 = insertelement <16 x float> poison, float %221, i32 0
  %236 = shufflevector <16 x float> %235, <16 x float> poison, <16 x i32> zeroinitializer
  %237 = load <16 x float>, ptr %14, align 64
  %238 = call <16 x float> @llvm.fma.v16f32(<16 x float> %236, <16 x float> %226, <16 x float> %237)
  store <16 x float> %238, ptr %14, align 64
  %239 = insertelement <16 x float> poison, float %222, i32 0
  %240 = shufflevector <16 x float> %239, <16 x float> poison, <16 x i32> zeroinitializer
  %241 = load <16 x float>, ptr %16, align 64
  %242 = call <16 x float> @llvm.fma.v16f32(<16 x float> %240, <16 x float> %226, <16 x float> %241)
  store <16 x float> %242, ptr %16, align 64
  %243 = lshr <16 x i32> %95, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %244 = and <16 x i32> %243, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %245 = sitofp <16 x i32> %244 to <16 x float>
  %246 = call <16 x float> @llvm.fma.v16f32(<16 x float> %245, <16 x float> %48, <16 x float> %76)
  %247 = load <16 x float>, ptr %11, align 64
  %248 = call <16 x float> @llvm.fma.v16f32(<16 x float> %228, <16 x float> %246, <16 x float> %247)
  store <16 x float> %248, ptr %11, align 64
  %249 = load <16 x float>, ptr %13, align 64
  %250 = call <16 x float> @llvm.fma.v16f32(<16 x float> %232, <16 x float> %246, <16 x float> %249)
  store <16 x float> %250, ptr %13, align 64
  %251 = load <16 x float>, ptr %15, align 64
  %252 = call <16 x float> @llvm.fma.v16f32(<16 x float> %236, <16 x float> %246, <16 x float> %251)
  store <16 x float> %252, ptr %15, align 64
  %253 = load <16 x float>, ptr %17, align 64
  %254 = call <16 x float> @llvm.fma.v16f32(<16 x float> %240, <16 x float> %246, <16 x float> %253)
  store <16 x float> %254, ptr %17, align 64
  %255 = extractelement <8 x float> %100, i32 4
  %256 = extractelement <8 x float> %104, i32 4
  %257 = extractelement <8 x float> %108, i32 4
  %258 = extractelement <8 x float> %112, i32 4
  %259 = lshr <16 x i32> %92, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %260 = and <16 x i32> %259, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %261 = sitofp <16 x i32> %260 to <16 x float>
  %262 = call <16 x float> @llvm.fma.v16f32(<16 x float> %261, <16 x float> %44, <16 x float> %74)
  %263 = insertelement <16 x float> poison, float %255, i32 0
  %264 = shufflevector <16 x float> %263, <16 x float> poison, <16 x i32> zeroinitializer
  %265 = load <16 x float>, ptr %10, align 64
  %266 = call <16 x float> @llvm.fma.v16f32(<16 x float> %264, <16 x float> %262, <16 x float> %265)
  store <16 x float> %266, ptr %10, align 64
  %267 = insertelement <16 x float> poison, float %256, i32 0
  %268 = shufflevector <16 x float> %267, <16 x float> poison, <16 x i32> zeroinitializer
  %269 = load <16 x float>, ptr %12, align 64
  %270 = call <16 x float> @llvm.fma.v16f32(<16 x float> %268, <16 x float> %262, <16 x float> %269)
  store <16 x float> %270, ptr %12, align 64
  %271 = insertelement <16 x float> poison, float %257, i32 0
  %272 = shufflevector <16 x float> %271, <16 x float> poison, <16 x i32> zeroinitializer
  %273 = load <16 x float>, ptr %14, align 64
  %274 = call <16 x float> @llvm.fma.v16f32(<16 x float> %272, <16 x float> %262, <16 x float> %273)
  store <16 x float> %274, ptr %14, align 64
  %275 = insertelement <16 x float> poison, float %258, i32 0
  %276 = shufflevector <16 x float> %275, <16 x float> poison, <16 x i32> zeroinitializer
  %277 = load <16 x float>, ptr %16, align 64
  %278 = call <16 x float> @llvm.fma.v16f32(<16 x float> %276, <16 x float> %262, <16 x float> %277)
  store <16 x float> %278, ptr %16, align 64
  %279 = lshr <16 x i32> %95, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %280 = and <16 x i32> %279, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %281 = sitofp <16 x i32> %280 to <16 x float>
  %282 = call <16 x float> @llvm.fma.v16f32(<16 x float> %281, <16 x float> %48, <16 x float> %76)
  %283 = load <16 x float>, ptr %11, align 64
  %284 = call <16 x float> @llvm.fma.v16f32(<16 x float> %264, <16 x float> %282, <16 x float> %283)
  store <16 x float> %284, ptr %11, align 64
  %285 = load <16 x float>, ptr %13, align 64
  %286 = call <16 x float> @llvm.fma.v16f32(<16 x float> %268, <16 x float> %282, <16 x float> %285)
  store <16 x float> %286, ptr %13, align 64
  %287 = load <16 x float>, ptr %15, align 64
  %288 = call <16 x float> @llvm.fma.v16f32(<16 x float> %272, <16 x float> %282, <16 x float> %287)
  store <16 x float> %288, ptr %15, align 64
  %289 = load <16 x float>, ptr %17, align 64
  %290 = call <16 x float> @llvm.fma.v16f32(<16 x float> %276, <16 x float> %282, <16 x float> %289)
  store <16 x float> %290, ptr %17, align 64
  %291 = extractelement <8 x float> %100, i32 5
  %292 = extractelement <8 x float> %104, i32 5
  %293 = extractelement <8 x float> %108, i32 5
  %294 = extractelement <8 x float> %112, i32 5
  %295 = lshr <16 x i32> %92, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %296 = and <16 x i32> %295, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %297 = sitofp <16 x i32> %296 to <16 x float>
  %298 = call <16 x float> @llvm.fma.v16f32(<16 x float> %297, <16 x float> %44, <16 x float> %74)
  %299 = insertelement <16 x float> poison, float %291, i32 0
  %300 = shufflevector <16 x float> %299, <16 x float> poison, <16 x i32> zeroinitializer
  %301 = load <16 x float>, ptr %10, align 64
  %302 = call <16 x float> @llvm.fma.v16f32(<16 x float> %300, <16 x float> %298, <16 x float> %301)
  store <16 x float> %302, ptr %10, align 64
  %303 = insertelement <16 x float> poison, float %292, i32 0
  %304 = shufflevector <16 x float> %303, <16 x float> poison, <16 x i32> zeroinitializer
  %305 = load <16 x float>, ptr %12, align 64
  %306 = call <16 x float> @llvm.fma.v16f32(<16 x float> %304, <16 x float> %298, <16 x float> %305)
  store <16 x float> %306, ptr %12, align 64
  %307 = insertelement <16 x float> poison, float %293, i32 0
  %308 = shufflevector <16 x float> %307, <16 x float> poison, <16 x i32> zeroinitializer
  %309 = load <16 x float>, ptr %14, align 64
  %310 = call <16 x float> @llvm.fma.v16f32(<16 x float> %308, <16 x float> %298, <16 x float> %309)
  store <16 x float> %310, ptr %14, align 64
  %311 = insertelement <16 x float> poison, float %294, i32 0
  %312 = shufflevector <16 x float> %311, <16 x float> poison, <16 x i32> zeroinitializer
  %313 = load <16 x float>, ptr %16, align 64
  %314 = call <16 x float> @llvm.fma.v16f32(<16 x float> %312, <16 x float> %298, <16 x float> %313)
  store <16 x float> %314, ptr %16, align 64
  %315 = lshr <16 x i32> %95, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %316 = and <16 x i32> %315, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %317 = sitofp <16 x i32> %316 to <16 x float>
  %318 = call <16 x float> @llvm.fma.v16f32(<16 x float> %317, <16 x float> %48, <16 x float> %76)
  %319 = load <16 x float>, ptr %11, align 64
  %320 = call <16 x float> @llvm.fma.v16f32(<16 x float> %300, <16 x float> %318, <16 x float> %319)
  store <16 x float> %320, ptr %11, align 64
  %321 = load <16 x float>, ptr %13, align 64
  %322 = call <16 x float> @llvm.fma.v16f32(<16 x float> %304, <16 x float> %318, <16 x float> %321)
  store <16 x float> %322, ptr %13, align 64
  %323 = load <16 x float>, ptr %15, align 64
  %324 = call <16 x float> @llvm.fma.v16f32(<16 x float> %308, <16 x float> %318, <16 x float> %323)
  store <16 x float> %324, ptr %15, align 64
  %325 = load <16 x float>, ptr %17, align 64
  %326 = call <16 x float> @llvm.fma.v16f32(<16 x float> %312, <16 x float> %318, <16 x float> %325)
  store <16 x float> %326, ptr %17, align 64
  %327 = extractelement <8 x float> %100, i32 6
  %328 = extractelement <8 x float> %104, i32 6
  %329 = extractelement <8 x float> %108, i32 6
  %330 = extractelement <8 x float> %112, i32 6
  %331 = lshr <16 x i32> %92, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %332 = and <16 x i32> %331, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %333 = sitofp <16 x i32> %332 to <16 x float>
  %334 = call <16 x float> @llvm.fma.v16f32(<16 x float> %333, <16 x float> %44, <16 x float> %74)
  %335 = insertelement <16 x float> poison, float %327, i32 0
  %336 = shufflevector <16 x float> %335, <16 x float> poison, <16 x i32> zeroinitializer
  %337 = load <16 x float>, ptr %10, align 64
  %338 = call <16 x float> @llvm.fma.v16f32(<16 x float> %336, <16 x float> %334, <16 x float> %337)
  store <16 x float> %338, ptr %10, align 64
  %339 = insertelement <16 x float> poison, float %328, i32 0
  %340 = shufflevector <16 x float> %339, <16 x float> poison, <16 x i32> zeroinitializer
  %341 = load <16 x float>, ptr %12, align 64
  %342 = call <16 x float> @llvm.fma.v16f32(<16 x float> %340, <16 x float> %334, <16 x float> %341)
  store <16 x float> %342, ptr %12, align 64
  %343 = insertelement <16 x float> poison, float %329, i32 0
  %344 = shufflevector <16 x float> %343, <16 x float> poison, <16 x i32> zeroinitializer
  %345 = load <16 x float>, ptr %14, align 64
  %346 = call <16 x float> @llvm.fma.v16f32(<16 x float> %344, <16 x float> %334, <16 x float> %345)
  store <16 x float> %346, ptr %14, align 64
  %347 = insertelement <16 x float> poison, float %330, i32 0
  %348 = shufflevector <16 x float> %347, <16 x float> poison, <16 x i32> zeroinitializer
  %349 = load <16 x float>, ptr %16, align 64
  %350 = call <16 x float> @llvm.fma.v16f32(<16 x float> %348, <16 x float> %334, <16 x float> %349)
  store <16 x float> %350, ptr %16, align 64
  %351 = lshr <16 x i32> %95, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %352 = and <16 x i32> %351, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %353 = sitofp <16 x i32> %352 to <16 x float>
  %354 = call <16 x float> @llvm.fma.v16f32(<16 x float> %353, <16 x float> %48, <16 x float> %76)
  %355 = load <16 x float>, ptr %11, align 64
  %356 = call <16 x float> @llvm.fma.v16f32(<16 x float> %336, <16 x float> %354, <16 x float> %355)
  store <16 x float> %356, ptr %11, align 64
  %357 = load <16 x float>, ptr %13, align 64
  %358 = call <16 x float> @llvm.fma.v16f32(<16 x float> %340, <16 x float> %354, <16 x float> %357)
  store <16 x float> %358, ptr %13, align 64
  %359 = load <16 x float>, ptr %15, align 64
  %360 = call <16 x float> @llvm.fma.v16f32(<16 x float> %344, <16 x float> %354, <16 x float> %359)
  store <16 x float> %360, ptr %15, align 64
  %361 = load <16 x float>, ptr %17, align 64
  %362 = call <16 x float> @llvm.fma.v16f32(<16 x float> %348, <16 x float> %354, <16 x float> %361)
  store <16 x float> %362, ptr %17, align 64
  %363 = extractelement <8 x float> %100, i32 7
  %364 = extractelement <8 x float> %104, i32 7
  %365 = extractelement <8 x float> %108, i32 7
  %366 = extractelement <8 x float> %112, i32 7
  %367 = lshr <16 x i32> %92, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %368 = sitofp <16 x i32> %367 to <16 x float>
  %369 = call <16 x float> @llvm.fma.v16f32(<16 x float> %368, <16 x float> %44, <16 x float> %74)
  %370 = insertelement <16 x float> poison, float %363, i32 0
  %371 = shufflevector <16 x float> %370, <16 x float> poison, <16 x i32> zeroinitializer
  %372 = load <16 x float>, ptr %10, align 64
  %373 = call <16 x float> @llvm.fma.v16f32(<16 x float> %371, <16 x float> %369, <16 x float> %372)
  store <16 x float> %373, ptr %10, align 64
  %374 = insertelement <16 x float> poison, float %364, i32 0
  %375 = shufflevector <16 x float> %374, <16 x float> poison, <16 x i32> zeroinitializer
  %376 = load <16 x float>, ptr %12, align 64
  %377 = call <16 x float> @llvm.fma.v16f32(<16 x float> %375, <16 x float> %369, <16 x float> %376)
  store <16 x float> %377, ptr %12, align 64
  %378 = insertelement <16 x float> poison, float %365, i32 0
  %379 = shufflevector <16 x float> %378, <16 x float> poison, <16 x i32> zeroinitializer
  %380 = load <16 x float>, ptr %14, align 64
  %381 = call <16 x float> @llvm.fma.v16f32(<16 x float> %379, <16 x float> %369, <16 x float> %380)
  store <16 x float> %381, ptr %14, align 64
  %382 = insertelement <16 x float> poison, float %366, i32 0
  %383 = shufflevector <16 x float> %382, <16 x float> poison, <16 x i32> zeroinitializer
  %384 = load <16 x float>, ptr %16, align 64
  %385 = call <16 x float> @llvm.fma.v16f32(<16 x float> %383, <16 x float> %369, <16 x float> %384)
  store <16 x float> %385, ptr %16, align 64
  %386 = lshr <16 x i32> %95, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %387 = sitofp <16 x i32> %386 to <16 x float>
  %388 = call <16 x float> @llvm.fma.v16f32(<16 x float> %387, <16 x float> %48, <16 x float> %76)
  %389 = load <16 x float>, ptr %11, align 64
  %390 = call <16 x float> @llvm.fma.v16f32(<16 x float> %371, <16 x float> %388, <16 x float> %389)
  store <16 x float> %390, ptr %11, align 64
  %391 = load <16 x float>, ptr %13, align 64
  %392 = call <16 x float> @llvm.fma.v16f32(<16 x float> %375, <16 x float> %388, <16 x float> %391)
  store <16 x float> %392, ptr %13, align 64
  %393 = load <16 x float>, ptr %15, align 64
  %394 = call <16 x float> @llvm.fma.v16f32(<16 x float> %379, <16 x float> %388, <16 x float> %393)
  store <16 x float> %394, ptr %15, align 64
  %395 = load <16 x float>, ptr %17, align 64
  %396 = call <16 x float> @llvm.fma.v16f32(<16 x float> %383, <16 x float> %388, <16 x float> %395)
  store <16 x float> %396, ptr %17, align 64
  %397 = add i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %398 = add i64 %i, 1
  br label %loop

then5:                                            ; preds = %after
  %399 = load <16 x float>, ptr %12, align 64
  %400 = mul i64 %33, %7
  %401 = add i64 %400, %27
  %402 = getelementptr inbounds float, ptr %5, i64 %401
  store <16 x float> %399, ptr %402, align 4
  %403 = load <16 x float>, ptr %13, align 64
  %404 = add i64 %400, %30
  %405 = getelementptr inbounds float, ptr %5, i64 %404
  store <16 x float> %403, ptr %405, align 4
  br label %endif7

else6:                                            ; preds = %after
  br label %endif7

endif7:                                           ; preds = %else6, %then5
  %406 = icmp slt i64 %34, %6
  br i1 %406, label %then8, label %else9

then8:                                            ; preds = %endif7
  %407 = load <16 x float>, ptr %14, align 64
  %408 = mul i64 %35, %7
  %409 = add i64 %408, %27
  %410 = getelementptr inbounds float, ptr %5, i64 %409
  store <16 x float> %407, ptr %410, align 4
  %411 = load <16 x float>, ptr %15, align 64
  %412 = add i64 %408, %30
  %413 = getelementptr inbounds float, ptr %5, i64 %412
  store <16 x float> %411, ptr %413, align 4
  br label %endif10

else9:                                            ; preds = %endif7
  br label %endif10

endif10:                                          ; preds = %else9, %then8
  %414 = icmp slt i64 %36, %6
  br i1 %414, label %then11, label %else12

then11:                                           ; preds = %endif10
  %415 = load <16 x float>, ptr %16, align 64
  %416 = mul i64 %37, %7
  %417 = add i64 %416, %27
  %418 = getelementptr inbounds float, ptr %5, i64 %417
  store <16 x float> %415, ptr %418, align 4
  %419 = load <16 x float>, ptr %17, align 64
  %420 = add i64 %416, %30
  %421 = getelementptr inbounds float, ptr %5, i64 %420
  store <16 x float> %419, ptr %421, align 4
  br label %endif13

else12:                                           ; preds = %endif10
  br label %endif13

endif13:                                          ; preds = %else12, %then11
  br label %endif

loop14:                                           ; preds = %endif34, %else
  %i17 = phi i64 [ %27, %else ], [ %626, %endif34 ]
  %422 = icmp slt i64 %i17, %7
  br i1 %422, label %body15, label %after16

body15:                                           ; preds = %loop14
  %423 = add i64 %25, 1
  %424 = sub i64 %6, 1
  %425 = call i64 @llvm.smin.i64(i64 %423, i64 %424)
  %426 = add i64 %25, 2
  %427 = call i64 @llvm.smin.i64(i64 %426, i64 %424)
  %428 = add i64 %25, 3
  %429 = call i64 @llvm.smin.i64(i64 %428, i64 %424)
  store float 0.000000e+00, ptr %18, align 4
  store float 0.000000e+00, ptr %19, align 4
  store float 0.000000e+00, ptr %20, align 4
  store float 0.000000e+00, ptr %21, align 4
  %430 = sdiv i64 %8, 128
  br label %loop18

after16:                                          ; preds = %loop14
  br label %endif

loop18:                                           ; preds = %after24, %body15
  %i21 = phi i64 [ 0, %body15 ], [ %611, %after24 ]
  %431 = icmp slt i64 %i21, %430
  br i1 %431, label %body19, label %after20

body19:                                           ; preds = %loop18
  %432 = mul i64 %i21, %7
  %433 = add i64 %432, %i17
  %434 = getelementptr inbounds half, ptr %3, i64 %433
  %435 = load half, ptr %434, align 2
  %436 = fpext half %435 to float
  %437 = mul i64 %7, 4
  %438 = add i64 %437, 31
  %439 = lshr i64 %438, 5
  %440 = mul i64 %i21, %439
  %441 = mul i64 %i17, 4
  %442 = lshr i64 %441, 5
  %443 = and i64 %441, 31
  %444 = trunc i64 %443 to i32
  %445 = add i64 %440, %442
  %446 = getelementptr inbounds i32, ptr %2, i64 %445
  %447 = load i32, ptr %446, align 4
  %448 = lshr i32 %447, %444
  %449 = and i32 %448, 15
  %450 = add i32 %449, 1
  %451 = sitofp i32 %450 to float
  %452 = fmul float %436, %451
  %453 = fneg float %452
  %454 = mul i64 %i21, 16
  %455 = add i64 %i21, 1
  %456 = mul i64 %455, 16
  br label %loop22

after20:                                          ; preds = %loop18
  %457 = load float, ptr %18, align 4
  %458 = mul i64 %25, %7
  %459 = add i64 %458, %i17
  %460 = getelementptr inbounds float, ptr %5, i64 %459
  store float %457, ptr %460, align 4
  %461 = icmp slt i64 %423, %6
  br i1 %461, label %then26, label %else27

loop22:                                           ; preds = %body23, %body19
  %i25 = phi i64 [ %454, %body19 ], [ %610, %body23 ]
  %462 = icmp slt i64 %i25, %456
  br i1 %462, label %body23, label %after24

body23:                                           ; preds = %loop22
  %463 = mul i64 %i25, %7
  %464 = add i64 %463, %i17
  %465 = getelementptr inbounds i32, ptr %1, i64 %464
  %466 = load i32, ptr %465, align 4
  %467 = mul i64 %25, %8
  %468 = mul i64 %i25, 8
  %469 = add i64 %467, %468
  %470 = getelementptr inbounds float, ptr %0, i64 %469
  %471 = load <8 x float>, ptr %470, align 4
  %472 = mul i64 %425, %8
  %473 = add i64 %472, %468
  %474 = getelementptr inbounds float, ptr %0, i64 %473
  %475 = load <8 x float>, ptr %474, align 4
  %476 = mul i64 %427, %8
  %477 = add i64 %476, %468
  %478 = getelementptr inbounds float, ptr %0, i64 %477
  %479 = load <8 x float>, ptr %478, align 4
  %480 = mul i64 %429, %8
  %481 = add i64 %480, %468
  %482 = getelementptr inbounds float, ptr %0, i64 %481
  %483 = load <8 x float>, ptr %482, align 4
  %484 = extractelement <8 x float> %471, i32 0
  %485 = extractelement <8 x float> %475, i32 0
  %486 = extractelement <8 x float> %479, i32 0
  %487 = extractelement <8 x float> %483, i32 0
  %488 = and i32 %466, 15
  %489 = sitofp i32 %488 to float
  %490 = call float @llvm.fma.f32(float %489, float %436, float %453)
  %491 = load float, ptr %18, align 4
  %492 = call float @llvm.fma.f32(float %484, float %490, float %491)
  store float %492, ptr %18, align 4
  %493 = load float, ptr %19, align 4
  %494 = call float @llvm.fma.f32(float %485, float %490, float %493)
  store float %494, ptr %19, align 4
  %495 = load float, ptr %20, align 4
  %496 = call float @llvm.fma.f32(float %486, float %490, float %495)
  store float %496, ptr %20, align 4
  %497 = load float, ptr %21, align 4
  %498 = call float @llvm.fma.f32(float %487, float %490, float %497)
  store float %498, ptr %21, align 4
  %499 = extractelement <8 x float> %471, i32 1
  %500 = extractelement <8 x float> %475, i32 1
  %501 = extractelement <8 x float> %479, i32 1
  %502 = extractelement <8 x float> %483, i32 1
  %503 = lshr i32 %466, 4
  %504 = and i32 %503, 15
  %505 = sitofp i32 %504 to float
  %506 = call float @llvm.fma.f32(float %505, float %436, float %453)
  %507 = load float, ptr %18, align 4
  %508 = call float @llvm.fma.f32(float %499, float %506, float %507)
  store float %508, ptr %18, align 4
  %509 = load float, ptr %19, align 4
  %510 = call float @llvm.fma.f32(float %500, float %506, float %509)
  store float %510, ptr %19, align 4
  %511 = load float, ptr %20, align 4
  %512 = call float @llvm.fma.f32(float %501, float %506, float %511)
  store float %512, ptr %20, align 4
  %513 = load float, ptr %21, align 4
  %514 = call float @llvm.fma.f32(float %502, float %506, float %513)
  store float %514, ptr %21, align 4
  %515 = extractelement <8 x float> %471, i32 2
  %516 = extractelement <8 x float> %475, i32 2
  %517 = extractelement <8 x float> %479, i32 2
  %518 = extractelement <8 x float> %483, i32 2
  %519 = lshr i32 %466, 8
  %520 = and i32 %519, 15
  %521 = sitofp i32 %520 to float
  %522 = call float @llvm.fma.f32(float %521, float %436, float %453)
  %523 = load float, ptr %18, align 4
  %524 = call float @llvm.fma.f32(float %515, float %522, float %523)
  store float %524, ptr %18, align 4
  %525 = load float, ptr %19, align 4
  %526 = call float @llvm.fma.f32(float %516, float %522, float %525)
  store float %526, ptr %19, align 4
  %527 = load float, ptr %20, align 4
  %528 = call float @llvm.fma.f32(float %517, float %522, float %527)
  store float %528, ptr %20, align 4
  %529 = load float, ptr %21, align 4
  %530 = call float @llvm.fma.f32(float %518, float %522, float %529)
  store float %530, ptr %21, align 4
  %531 = extractelement <8 x float> %471, i32 3
  %532 = extractelement <8 x float> %475, i32 3
  %533 = extractelement <8 x float> %479, i32 3
  %534 = extractelement <8 x float> %483, i32 3
  %535 = lshr i32 %466, 12
  %536 = and i32 %535, 15
  %537 = sitofp i32 %536 to float
  %538 = call float @llvm.fma.f32(float %537, float %436, float %453)
  %539 = load float, ptr %18, align 4
  %540 = call float @llvm.fma.f32(float %531, float %538, float %539)
  store float %540, ptr %18, align 4
  %541 = load float, ptr %19, align 4
  %542 = call float @llvm.fma.f32(float %532, float %538, float %541)
  store float %542, ptr %19, align 4
  %543 = load float, ptr %20, align 4
  %544 = call float @llvm.fma.f32(float %533, float %538, float %543)
  store float %544, ptr %20, align 4
  %545 = load float, ptr %21, align 4
  %546 = call float @llvm.fma.f32(float %534, float %538, float %545)
  store float %546, ptr %21, align 4
  %547 = extractelement <8 x float> %471, i32 4
  %548 = extractelement <8 x float> %475, i32 4
  %549 = extractelement <8 x float> %479, i32 4
  %550 = extractelement <8 x float> %483, i32 4
  %551 = lshr i32 %466, 16
  %552 = and i32 %551, 15
  %553 = sitofp i32 %552 to float
  %554 = call float @llvm.fma.f32(float %553, float %436, float %453)
  %555 = load float, ptr %18, align 4
  %556 = call float @llvm.fma.f32(float %547, float %554, float %555)
  store float %556, ptr %18, align 4
  %557 = load float, ptr %19, align 4
  %558 = call float @llvm.fma.f32(float %548, float %554, float %557)
  store float %558, ptr %19, align 4
  %559 = load float, ptr %20, align 4
  %560 = call float @llvm.fma.f32(float %549, float %554, float %559)
  store float %560, ptr %20, align 4
  %561 = load float, ptr %21, align 4
  %562 = call float @llvm.fma.f32(float %550, float %554, float %561)
  store float %562, ptr %21, align 4
  %563 = extractelement <8 x float> %471, i32 5
  %564 = extractelement <8 x float> %475, i32 5
  %565 = extractelement <8 x float> %479, i32 5
  %566 = extractelement <8 x float> %483, i32 5
  %567 = lshr i32 %466, 20
  %568 = and i32 %567, 15
  %569 = sitofp i32 %568 to float
  %570 = call float @llvm.fma.f32(float %569, float %436, float %453)
  %571 = load float, ptr %18, align 4
  %572 = call float @llvm.fma.f32(float %563, float %570, float %571)
  store float %572, ptr %18, align 4
  %573 = load float, ptr %19, align 4
  %574 = call float @llvm.fma.f32(float %564, float %570, float %573)
  store float %574, ptr %19, align 4
  %575 = load float, ptr %20, align 4
  %576 = call float @llvm.fma.f32(float %565, float %570, float %575)
  store float %576, ptr %20, align 4
  %577 = load float, ptr %21, align 4
  %578 = call float @llvm.fma.f32(float %566, float %570, float %577)
  store float %578, ptr %21, align 4
  %579 = extractelement <8 x float> %471, i32 6
  %580 = extractelement <8 x float> %475, i32 6
  %581 = extractelement <8 x float> %479, i32 6
  %582 = extractelement <8 x float> %483, i32 6
  %583 = lshr i32 %466, 24
  %584 = and i32 %583, 15
  %585 = sitofp i32 %584 to float
  %586 = call float @llvm.fma.f32(float %585, float %436, float %453)
  %587 = load float, ptr %18, align 4
  %588 = call float @llvm.fma.f32(float %579, float %586, float %587)
  store float %588, ptr %18, align 4
  %589 = load float, ptr %19, align 4
  %590 = call float @llvm.fma.f32(float %580, float %586, float %589)
  store float %590, ptr %19, align 4
  %591 = load float, ptr %20, align 4
  %592 = call float @llvm.fma.f32(float %581, float %586, float %591)
  store float %592, ptr %20, align 4
  %593 = load float, ptr %21, align 4
  %594 = call float @llvm.fma.f32(float %582, float %586, float %593)
  store float %594, ptr %21, align 4
  %595 = extractelement <8 x float> %471, i32 7
  %596 = extractelement <8 x float> %475, i32 7
  %597 = extractelement <8 x float> %479, i32 7
  %598 = extractelement <8 x float> %483, i32 7
  %599 = lshr i32 %466, 28
  %600 = sitofp i32 %599 to float
  %601 = call float @llvm.fma.f32(float %600, float %436, float %453)
  %602 = load float, ptr %18, align 4
  %603 = call float @llvm.fma.f32(float %595, float %601, float %602)
  store float %603, ptr %18, align 4
  %604 = load float, ptr %19, align 4
  %605 = call float @llvm.fma.f32(float %596, float %601, float %604)
  store float %605, ptr %19, align 4
  %606 = load float, ptr %20, align 4
  %607 = call float @llvm.fma.f32(float %597, float %601, float %606)
  store float %607, ptr %20, align 4
  %608 = load float, ptr %21, align 4
  %609 = call float @llvm.fma.f32(float %598, float %601, float %608)
  store float %609, ptr %21, align 4
  %610 = add i64 %i25, 1
  br label %loop22, !llvm.loop !2

after24:                                          ; preds = %loop22
  %611 = add i64 %i21, 1
  br label %loop18

then26:                                           ; preds = %after20
  %612 = load float, ptr %19, align 4
  %613 = mul i64 %425, %7
  %614 = add i64 %613, %i17
  %615 = getelementptr inbounds float, ptr %5, i64 %614
  store float %612, ptr %615, align 4
  br label %endif28

else27:                                           ; preds = %after20
  br label %endif28

endif28:                                          ; preds = %else27, %then26
  %616 = icmp slt i64 %426, %6
  br i1 %616, label %then29, label %else30

then29:                                           ; preds = %endif28
  %617 = load float, ptr %20, align 4
  %618 = mul i64 %427, %7
  %619 = add i64 %618, %i17
  %620 = getelementptr inbounds float, ptr %5, i64 %619
  store float %617, ptr %620, align 4
  br label %endif31

else30:                                           ; preds = %endif28
  br label %endif31

endif31:                                          ; preds = %else30, %then29
  %621 = icmp slt i64 %428, %6
  br i1 %621, label %then32, label %else33

then32:                                           ; preds = %endif31
  %622 = load float, ptr %21, align 4
  %623 = mul i64 %429, %7
  %624 = add i64 %623, %i17
  %625 = getelementptr inbounds float, ptr %5, i64 %624
  store float %622, ptr %625, align 4
  br label %endif34

else33:                                           ; preds = %endif31
  br label %endif34

endif34:                                          ; preds = %else33, %then32
  %626 = add i64 %i17, 1
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
