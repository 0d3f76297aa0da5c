; ModuleID = 'gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2'
source_filename = "gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2"

; Function Attrs: alwaysinline
define internal void @gptq_gemv_b4_g128_v1_f32_cpu_m1n2v16u2.body(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, ptr noalias %4, ptr noalias %5, i64 %6, i64 %7, i64 %8, i64 %9) #0 {
locals:
  %10 = alloca <16 x float>, align 64
  %11 = alloca <16 x float>, align 64
  %12 = alloca <16 x float>, align 64
  %13 = alloca <16 x float>, align 64
  %14 = alloca <16 x float>, align 64
  %15 = alloca <16 x float>, align 64
  %16 = alloca <16 x float>, align 64
  %17 = alloca <16 x float>, align 64
  %18 = alloca <16 x float>, align 64
  %19 = alloca <16 x float>, align 64
  %20 = alloca <8 x float>, align 32
  %21 = alloca float, align 4
  %22 = alloca float, align 4
  %23 = alloca float, align 4
  %24 = alloca float, align 4
  %25 = alloca float, align 4
  %26 = alloca float, align 4
  %27 = alloca float, align 4
  %28 = alloca float, align 4
  %29 = alloca float, align 4
  %30 = alloca <8 x float>, align 32
  br label %entry

entry:                                            ; preds = %locals
  %31 = add i64 %7, 31
  %32 = sdiv i64 %31, 32
  %33 = sdiv i64 %9, %32
  %34 = srem i64 %9, %32
  %35 = mul i64 %34, 32
  %36 = sub i64 %7, 32
  %37 = icmp sle i64 %35, %36
  br i1 %37, label %then, label %else

then:                                             ; preds = %entry
  %38 = add i64 %35, 16
  store <16 x float> zeroinitializer, ptr %10, align 64
  store <16 x float> zeroinitializer, ptr %11, align 64
  %39 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %loop5

endif:                                            ; preds = %after7, %after
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %215, %after3 ]
  %40 = icmp slt i64 %i, %39
  br i1 %40, label %body, label %after

body:                                             ; preds = %loop
  %41 = mul i64 %i, %7
  %42 = add i64 %41, %35
  %43 = getelementptr inbounds half, ptr %3, i64 %42
  %44 = load <16 x half>, ptr %43, align 2
  %45 = fpext <16 x half> %44 to <16 x float>
  %46 = add i64 %41, %38
  %47 = getelementptr inbounds half, ptr %3, i64 %46
  %48 = load <16 x half>, ptr %47, align 2
  %49 = fpext <16 x half> %48 to <16 x float>
  %50 = mul i64 %7, 4
  %51 = add i64 %50, 31
  %52 = lshr i64 %51, 5
  %53 = mul i64 %i, %52
  %54 = mul i64 %35, 4
  %55 = lshr i64 %54, 5
  %56 = add i64 %53, %55
  %57 = getelementptr inbounds i32, ptr %2, i64 %56
  %58 = load <2 x i32>, ptr %57, align 4
  %59 = shufflevector <2 x i32> %58, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %60 = lshr <16 x i32> %59, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %61 = and <16 x i32> %60, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %62 = add <16 x i32> %61, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %63 = sitofp <16 x i32> %62 to <16 x float>
  %64 = mul i64 %38, 4
  %65 = lshr i64 %64, 5
  %66 = add i64 %53, %65
  %67 = getelementptr inbounds i32, ptr %2, i64 %66
  %68 = load <2 x i32>, ptr %67, align 4
  %69 = shufflevector <2 x i32> %68, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %70 = lshr <16 x i32> %69, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %71 = and <16 x i32> %70, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %72 = add <16 x i32> %71, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %73 = sitofp <16 x i32> %72 to <16 x float>
  store <16 x float> zeroinitializer, ptr %12, align 64
  store <16 x float> zeroinitializer, ptr %13, align 64
  store <16 x float> zeroinitializer, ptr %14, align 64
  store <16 x float> zeroinitializer, ptr %15, align 64
  store <16 x float> zeroinitializer, ptr %16, align 64
  store <16 x float> zeroinitializer, ptr %17, align 64
  store <16 x float> zeroinitializer, ptr %18, align 64
  store <16 x float> zeroinitializer, ptr %19, align 64
  store <8 x float> zeroinitializer, ptr %20, align 32
  %74 = mul i64 %i, 16
  %75 = add i64 %i, 1
  %76 = mul i64 %75, 16
  br label %loop1

after:                                            ; preds = %loop
  %77 = load <16 x float>, ptr %10, align 64
  %78 = mul i64 %33, %7
  %79 = add i64 %78, %35
  %80 = getelementptr inbounds float, ptr %5, i64 %79
  store <16 x float> %77, ptr %80, align 4
  %81 = load <16 x float>, ptr %11, align 64
  %82 = add i64 %78, %38
  %83 = getelementptr inbounds float, ptr %5, i64 %82
  store <16 x float> %81, ptr %83, align 4
  br label %endif

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %74, %body ], [ %188, %body2 ]
  %84 = icmp slt i64 %i4, %76
  br i1 %84, label %body2, label %after3

body2:                                            ; preds = %loop1
  %85 = mul i64 %i4, %7
  %86 = add i64 %85, %35
  %87 = getelementptr inbounds i32, ptr %1, i64 %86
  %88 = load <16 x i32>, ptr %87, align 4
  %89 = add i64 %85, %38
  %90 = getelementptr inbounds i32, ptr %1, i64 %89
  %91 = load <16 x i32>, ptr %90, align 4
  %92 = mul i64 %33, %8
  %93 = mul i64 %i4, 8
  %94 = add i64 %92, %93
  %95 = getelementptr inbounds float, ptr %0, i64 %94
  %96 = load <8 x float>, ptr %95, align 4
  %97 = and <16 x i32> %88, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %98 = uitofp <16 x i32> %97 to <16 x float>
  %99 = and <16 x i32> %88, <i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240>
  %100 = uitofp <16 x i32> %99 to <16 x float>
  %101 = and <16 x i32> %88, <i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840>
  %102 = uitofp <16 x i32> %101 to <16 x float>
  %103 = and <16 x i32> %88, <i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440>
  %104 = uitofp <16 x i32> %103 to <16 x float>
  %105 = and <16 x i32> %88, <i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040>
  %106 = uitofp <16 x i32> %105 to <16 x float>
  %107 = and <16 x i32> %88, <i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640>
  %108 = uitofp <16 x i32> %107 to <16 x float>
  %109 = and <16 x i32> %88, <i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240>
  %110 = uitofp <16 x i32> %109 to <16 x float>
  %111 = and <16 x i32> %88, <i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456>
  %112 = uitofp <16 x i32> %111 to <16 x float>
  %113 = load <8 x float>, ptr %20, align 32
  %114 = fadd <8 x float> %113, %96
  store <8 x float> %114, ptr %20, align 32
  %115 = fmul <8 x float> %96, <float 1.000000e+00, float 6.250000e-02, float 3.906250e-03, float 0x3F30000000000000, float 0x3EF0000000000000, float 0x3EB0000000000000, float 0x3E70000000000000, float 0x3E30000000000000>
  %116 = extractelement <8 x float> %115, i32 0
  %117 = insertelement <16 x float> poison, float %116, i32 0
  %118 = shufflevector <16 x float> %117, <16 x float> poison, <16 x i32> zeroinitializer
  %119 = load <16 x float>, ptr %12, align 64
  %120 = call <16 x float> @llvm.fma.v16f32(<16 x float> %98, <16 x float> %118, <16 x float> %119)
  store <16 x float> %120, ptr %12, align 64
  %121 = and <16 x i32> %91, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %122 = uitofp <16 x i32> %121 to <16 x float>
  %123 = load <16 x float>, ptr %16, align 64
  %124 = call <16 x float> @llvm.fma.v16f32(<16 x float> %122, <16 x float> %118, <16 x float> %123)
  store <16 x float> %124, ptr %16, align 64
  %125 = extractelement <8 x float> %115, i32 1
  %126 = insertelement <16 x float> poison, float %125, i32 0
  %127 = shufflevector <16 x float> %126, <16 x float> poison, <16 x i32> zeroinitializer
  %128 = load <16 x float>, ptr %13, align 64
  %129 = call <16 x float> @llvm.fma.v16f32(<16 x float> %100, <16 x float> %127, <16 x float> %128)
  store <16 x float> %129, ptr %13, align 64
  %130 = and <16 x i32> %91, <i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240>
  %131 = uitofp <16 x i32> %130 to <16 x float>
  %132 = load <16 x float>, ptr %17, align 64
  %133 = call <16 x float> @llvm.fma.v16f32(<16 x float> %131, <16 x float> %127, <16 x float> %132)
  store <16 x float> %133, ptr %17, align 64
  %134 = extractelement <8 x float> %115, i32 2
  %135 = insertelement <16 x float> poison, float %134, i32 0
  %136 = shufflevector <16 x float> %135, <16 x float> poison, <16 x i32> zeroinitializer
  %137 = load <16 x float>, ptr %14, align 64
  %138 = call <16 x float> @llvm.fma.v16f32(<16 x float> %102, <16 x float> %136, <16 x float> %137)
  store <16 x float> %138, ptr %14, align 64
  %139 = and <16 x i32> %91, <i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840>
  %140 = uitofp <16 x i32> %139 to <16 x float>
  %141 = load <16 x float>, ptr %18, align 64
  %142 = call <16 x float> @llvm.fma.v16f32(<16 x float> %140, <16 x float> %136, <16 x float> %141)
  store <16 x float> %142, ptr %18, align 64
  %143 = extractelement <8 x float> %115, i32 3
  %144 = insertelement <16 x float> poison, float %143, i32 0
  %145 = shufflevector <16 x float> %144, <16 x float> poison, <16 x i32> zeroinitializer
  %146 = load <16 x float>, ptr %15, align 64
  %147 = call <16 x float> @llvm.fma.v16f32(<16 x float> %104, <16 x float> %145, <16 x float> %146)
  store <16 x float> %147, ptr %15, align 64
  %148 = and <16 x i32> %91, <i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440>
  %149 = uitofp <16 x i32> %148 to <16 x float>
  %150 = load <16 x float>, ptr %19, align 64
  %151 = call <16 x float> @llvm.fma.v16f32(<16 x float> %149, <16 x float> %145, <16 x float> %150)
  store <16 x float> %151, ptr %19, align 64
  %152 = extractelement <8 x float> %115, i32 4
  %153 = insertelement <16 x float> poison, float %152, i32 0
  %154 = shufflevector <16 x float> %153, <16 x float> poison, <16 x i32> zeroinitializer
  %155 = load <16 x float>, ptr %12, align 64
  %156 = call <16 x float> @llvm.fma.v16f32(<16 x float> %106, <16 x float> %154, <16 x float> %155)
  store <16 x float> %156, ptr %12, align 64
  %157 = and <16 x i32> %91, <i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040>
  %158 = uitofp <16 x i32> %157 to <16 x float>
  %159 = load <16 x float>, ptr %16, align 64
  %160 = call <16 x float> @llvm.fma.v16f32(<16 x float> %158, <16 x float> %154, <16 x float> %159)
  store <16 x float> %160, ptr %16, align 64
  %161 = extractelement <8 x float> %115, i32 5
  %162 = insertelement <16 x float> poison, float %161, i32 0
  %163 = shufflevector <16 x float> %162, <16 x float> poison, <16 x i32> zeroinitializer
  %164 = load <16 x float>, ptr %13, align 64
  %165 = call <16 x float> @llvm.fma.v16f32(<16 x float> %108, <16 x float> %163, <16 x float> %164)
  store <16 x float> %165, ptr %13, align 64
  %166 = and <16 x i32> %91, <i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640>
  %167 = uitofp <16 x i32> %166 to <16 x float>
  %168 = load <16 x float>, ptr %17, align 64
  %169 = call <16 x float> @llvm.fma.v16f32(<16 x float> %167, <16 x float> %163, <16 x float> %168)
  store <16 x float> %169, ptr %17, align 64
  %170 = extractelement <8 x float> %115, i32 6
  %171 = insertelement <16 x float> poison, float %170, i32 0
  %172 = shufflevector <16 x float> %171, <16 x float> poison, <16 x i32> zeroinitializer
  %173 = load <16 x float>, ptr %14, align 64
  %174 = call <16 x float> @llvm.fma.v16f32(<16 x float> %110, <16 x float> %172, <16 x float> %173)
  store <16 x float> %174, ptr %14, align 64
  %175 = and <16 x i32> %91, <i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240>
  %176 = uitofp <16 x i32> %175 to <16 x float>
  %177 = load <16 x float>, ptr %18, align 64
  %178 = call <16 x float> @llvm.fma.v16f32(<16 x float> %176, <16 x float> %172, <16 x float> %177)
  store <16 x float> %178, ptr %18, align 64
  %179 = extractelement <8 x float> %115, i32 7
  %180 = insertelement <16 x float> poison, float %179, i32 0
  %181 = shufflevector <16 x float> %180, <16 x float> poison, <16 x i32> zeroinitializer
  %182 = load <16 x float>, ptr %15, align 64
  %183 = call <16 x float> @llvm.fma.v16f32(<16 x float> %112, <16 x float> %181, <16 x float> %182)
  store <16 x float> %183, ptr %15, align 64
  %184 = and <16 x i32> %91, <i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456>
  %185 = uitofp <16 x i32> %184 to <16 x float>
  %186 = load <16 x float>, ptr %19, align 64
  %187 = call <16 x float> @llvm.fma.v16f32(<16 x float> %185, <16 x float> %181, <16 x float> %186)
  store <16 x float> %187, ptr %19, align 64
  %188 = add nsw i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %189 = load <8 x float>, ptr %20, align 32
  %190 = call reassoc float @llvm.vector.reduce.fadd.v8f32(float -0.000000e+00, <8 x float> %189)
  %191 = insertelement <16 x float> poison, float %190, i32 0
  %192 = shufflevector <16 x float> %191, <16 x float> poison, <16 x i32> zeroinitializer
  %193 = load <16 x float>, ptr %12, align 64
  %194 = load <16 x float>, ptr %13, align 64
  %195 = fadd <16 x float> %193, %194
  %196 = load <16 x float>, ptr %14, align 64
  %197 = fadd <16 x float> %195, %196
  %198 = load <16 x float>, ptr %15, align 64
  %199 = fadd <16 x float> %197, %198
  %200 = fmul <16 x float> %63, %192
  %201 = fsub <16 x float> %199, %200
  %202 = load <16 x float>, ptr %10, align 64
  %203 = call <16 x float> @llvm.fma.v16f32(<16 x float> %45, <16 x float> %201, <16 x float> %202)
  store <16 x float> %203, ptr %10, align 64
  %204 = load <16 x float>, ptr %16, align 64
  %205 = load <16 x float>, ptr %17, align 64
  %206 = fadd <16 x float> %204, %205
  %207 = load <16 x float>, ptr %18, align 64
  %208 = fadd <16 x float> %206, %207
  %209 = load <16 x float>, ptr %19, align 64
  %210 = fadd <16 x float> %208, %209
  %211 = fmul <16 x float> %73, %192
  %212 = fsub <16 x float> %210, %211
  %213 = load <16 x float>, ptr %11, align 64
  %214 = call <16 x float> @llvm.fma.v16f32(<16 x float> %49, <16 x float> %212, <16 x float> %213)
  store <16 x float> %214, ptr %11, align 64
  %215 = add nsw i64 %i, 1
  br label %loop

loop5:                                            ; preds = %after11, %else
  %i8 = phi i64 [ %35, %else ], [ %246, %after11 ]
  %216 = icmp slt i64 %i8, %7
  br i1 %216, label %body6, label %after7

body6:                                            ; preds = %loop5
  store float 0.000000e+00, ptr %21, align 4
  %217 = sdiv i64 %8, 128
  br label %loop9

after7:                                           ; preds = %loop5
  br label %endif

loop9:                                            ; preds = %after15, %body6
  %i12 = phi i64 [ 0, %body6 ], [ %322, %after15 ]
  %218 = icmp slt i64 %i12, %217
  br i1 %218, label %body10, label %after11

body10:                                           ; preds = %loop9
  %219 = mul i64 %i12, %7
  %220 = add i64 %219, %i8
  %221 = getelementptr inbounds half, ptr %3, i64 %220
  %222 = load half, ptr %221, align 2
  %223 = fpext half %222 to float
  %224 = mul i64 %7, 4
  %225 = add i64 %224, 31
  %226 = lshr i64 %225, 5
  %227 = mul i64 %i12, %226
  %228 = mul i64 %i8, 4
  %229 = lshr i64 %228, 5
  %230 = and i64 %228, 31
  %231 = trunc i64 %230 to i32
  %232 = add i64 %227, %229
  %233 = getelementptr inbounds i32, ptr %2, i64 %232
  %234 = load i32, ptr %233, align 4
  %235 = lshr i32 %234, %231
  %236 = and i32 %235, 15
  %237 = add i32 %236, 1
  %238 = sitofp i32 %237 to float
  store float 0.000000e+00, ptr %22, align 4
  store float 0.000000e+00, ptr %23, align 4
  store float 0.000000e+00, ptr %24, align 4
  store float 0.000000e+00, ptr %25, align 4
  store float 0.000000e+00, ptr %26, align 4
  store float 0.000000e+00, ptr %27, align 4
  store float 0.000000e+00, ptr %28, align 4
  store float 0.000000e+00, ptr %29, align 4
  store <8 x float> zeroinitializer, ptr %30, align 32
  %239 = mul i64 %i12, 16
  %240 = add i64 %i12, 1
  %241 = mul i64 %240, 16
  br label %loop13

after11:                                          ; preds = %loop9
  %242 = load float, ptr %21, align 4
  %243 = mul i64 %33, %7
  %244 = add i64 %243, %i8
  %245 = getelementptr inbounds float, ptr %5, i64 %244
  store float %242, ptr %245, align 4
  %246 = add nsw i64 %i8, 1
  br label %loop5

loop13:                                           ; preds = %body14, %body10
  %i16 = phi i64 [ %239, %body10 ], [ %300, %body14 ]
  %247 = icmp slt i64 %i16, %241
  br i1 %247, label %body14, label %after15

body14:                                           ; preds = %loop13
  %248 = mul i64 %i16, %7
  %249 = add i64 %248, %i8
  %250 = getelementptr inbounds i32, ptr %1, i64 %249
  %251 = load i32, ptr %250, align 4
  %252 = mul i64 %33, %8
  %253 = mul i64 %i16, 8
  %254 = add i64 %252, %253
  %255 = getelementptr inbounds float, ptr %0, i64 %254
  %256 = load <8 x float>, ptr %255, align 4
  %257 = and i32 %251, 15
  %258 = uitofp i32 %257 to float
  %259 = and i32 %251, 240
  %260 = uitofp i32 %259 to float
  %261 = and i32 %251, 3840
  %262 = uitofp i32 %261 to float
  %263 = and i32 %251, 61440
  %264 = uitofp i32 %263 to float
  %265 = and i32 %251, 983040
  %266 = uitofp i32 %265 to float
  %267 = and i32 %251, 15728640
  %268 = uitofp i32 %267 to float
  %269 = and i32 %251, 251658240
  %270 = uitofp i32 %269 to float
  %271 = and i32 %251, -268435456
  %272 = uitofp i32 %271 to float
  %273 = load <8 x float>, ptr %30, align 32
  %274 = fadd <8 x float> %273, %256
  store <8 x float> %274, ptr %30, align 32
  %275 = fmul <8 x float> %256, <float 1.000000e+00, float 6.250000e-02, float 3.906250e-03, float 0x3F30000000000000, float 0x3EF0000000000000, float 0x3EB0000000000000, float 0x3E70000000000000, float 0x3E30000000000000>
  %276 = extractelement <8 x float> %275, i32 0
  %277 = load float, ptr %22, align 4
  %278 = call float @llvm.fma.f32(float %258, float %276, float %277)
  store float %278, ptr %22, align 4
  %279 = extractelement <8 x float> %275, i32 1
  %280 = load float, ptr %23, align 4
  %281 = call float @llvm.fma.f32(float %260, float %279, float %280)
  store float %281, ptr %23, align 4
  %282 = extractelement <8 x float> %275, i32 2
  %283 = load float, ptr %24, align 4
  %284 = call float @llvm.fma.f32(float %262, float %282, float %283)
  store float %284, ptr %24, align 4
  %285 = extractelement <8 x float> %275, i32 3
  %286 = load float, ptr %25, align 4
  %287 = call float @llvm.fma.f32(float %264, float %285, float %286)
  store float %287, ptr %25, align 4
  %288 = extractelement <8 x float> %275, i32 4
  %289 = load float, ptr %26, align 4
  %290 = call float @llvm.fma.f32(float %266, float %288, float %289)
  store float %290, ptr %26, align 4
  %291 = extractelement <8 x float> %275, i32 5
  %292 = load float, ptr %27, align 4
  %293 = call float @llvm.fma.f32(float %268, float %291, float %292)
  store float %293, ptr %27, align 4
  %294 = extractelement <8 x float> %275, i32 6
  %295 = load float, ptr %28, align 4
  %296 = call float @llvm.fma.f32(float %270, float %294, float %295)
  store float %296, ptr %28, align 4
  %297 = extractelement <8 x float> %275, i32 7
  %298 = load float, ptr %29, align 4
  %299 = call float @llvm.fma.f32(float %272, float %297, float %298)
  store float %299, ptr %29, align 4
  %300 = add nsw i64 %i16, 1
  br label %loop13, !llvm.loop !2

after15:                                          ; preds = %loop13
  %301 = load <8 x float>, ptr %30, align 32
  %302 = call reassoc float @llvm.vector.reduce.fadd.v8f32(float -0.000000e+00, <8 x float> %301)
  %303 = load float, ptr %22, align 4
  %304 = load float, ptr %23, align 4
  %305 = fadd float %303, %304
  %306 = load float, ptr %24, align 4
  %307 = fadd float %305, %306
  %308 = load float, ptr %25, align 4
  %309 = fadd float %307, %308
  %310 = load float, ptr %26, align 4
  %311 = fadd float %309, %310
  %312 = load float, ptr %27, align 4
  %313 = fadd float %311, %312
  %314 = load float, ptr %28, align 4
  %315 = fadd float %313, %314
  %316 = load float, ptr %29, align 4
  %317 = fadd float %315, %316
  %318 = fmul float %238, %302
  %319 = fsub float %317, %318
  %320 = load float, ptr %21, align 4
  %321 = call float @llvm.fma.f32(float %223, float %319, float %320)
  store float %321, ptr %21, align 4
  %322 = add nsw i64 %i12, 1
  br label %loop9
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <16 x float> @llvm.fma.v16f32(<16 x float>, <16 x float>, <16 x float>) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.vector.reduce.fadd.v8f32(float, <8 x float>) #1

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
