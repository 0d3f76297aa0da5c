; ModuleID = 'gptq_gemv_b4_g128_v1_f32_cpu_m1n4v16u1'
source_filename = "gptq_gemv_b4_g128_v1_f32_cpu_m1n4v16u1"

; Function Attrs: alwaysinline
define internal void @gptq_gemv_b4_g128_v1_f32_cpu_m1n4v16u1.body(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, ptr noalias %4, ptr noalias %5, i64 %6, i64 %7, i64 %8, i64 %9) #0 {
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
  %20 = alloca <16 x float>, align 64
  %21 = alloca <16 x float>, align 64
  %22 = alloca <8 x float>, align 32
  %23 = alloca float, align 4
  %24 = alloca float, align 4
  %25 = alloca float, align 4
  %26 = alloca float, align 4
  %27 = alloca float, align 4
  %28 = alloca float, align 4
  %29 = alloca float, align 4
  %30 = alloca float, align 4
  %31 = alloca float, align 4
  %32 = alloca <8 x float>, align 32
  br label %entry

entry:                                            ; preds = %locals
  %33 = add i64 %7, 63
  %34 = sdiv i64 %33, 64
  %35 = sdiv i64 %9, %34
  %36 = srem i64 %9, %34
  %37 = mul i64 %36, 64
  %38 = sub i64 %7, 64
  %39 = icmp sle i64 %37, %38
  br i1 %39, label %then, label %else

then:                                             ; preds = %entry
  %40 = add i64 %37, 16
  %41 = add i64 %37, 32
  %42 = add i64 %37, 48
  store <16 x float> zeroinitializer, ptr %10, align 64
  store <16 x float> zeroinitializer, ptr %11, align 64
  store <16 x float> zeroinitializer, ptr %12, align 64
  store <16 x float> zeroinitializer, ptr %13, align 64
  %43 = sdiv i64 %8, 128
  br label %loop

else:                                             ; preds = %entry
  br label %loop5

endif:                                            ; preds = %after7, %after
  ret void

loop:                                             ; preds = %after3, %then
  %i = phi i64 [ 0, %then ], [ %329, %after3 ]
  %44 = icmp slt i64 %i, %43
  br i1 %44, label %body, label %after

body:                                             ; preds = %loop
  %45 = mul i64 %i, %7
  %46 = add i64 %45, %37
  %47 = getelementptr inbounds half, ptr %3, i64 %46
  %48 = load <16 x half>, ptr %47, align 2
  %49 = fpext <16 x half> %48 to <16 x float>
  %50 = add i64 %45, %40
  %51 = getelementptr inbounds half, ptr %3, i64 %50
  %52 = load <16 x half>, ptr %51, align 2
  %53 = fpext <16 x half> %52 to <16 x float>
  %54 = add i64 %45, %41
  %55 = getelementptr inbounds half, ptr %3, i64 %54
  %56 = load <16 x half>, ptr %55, align 2
  %57 = fpext <16 x half> %56 to <16 x float>
  %58 = add i64 %45, %42
  %59 = getelementptr inbounds half, ptr %3, i64 %58
  %60 = load <16 x half>, ptr %59, align 2
  %61 = fpext <16 x half> %60 to <16 x float>
  %62 = mul i64 %7, 4
  %63 = add i64 %62, 31
  %64 = lshr i64 %63, 5
  %65 = mul i64 %i, %64
  %66 = mul i64 %37, 4
  %67 = lshr i64 %66, 5
  %68 = add i64 %65, %67
  %69 = getelementptr inbounds i32, ptr %2, i64 %68
  %70 = load <2 x i32>, ptr %69, align 4
  %71 = shufflevector <2 x i32> %70, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %72 = lshr <16 x i32> %71, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %73 = and <16 x i32> %72, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %74 = add <16 x i32> %73, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %75 = sitofp <16 x i32> %74 to <16 x float>
  %76 = mul i64 %40, 4
  %77 = lshr i64 %76, 5
  %78 = add i64 %65, %77
  %79 = getelementptr inbounds i32, ptr %2, i64 %78
  %80 = load <2 x i32>, ptr %79, align 4
  %81 = shufflevector <2 x i32> %80, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %82 = lshr <16 x i32> %81, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %83 = and <16 x i32> %82, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %84 = add <16 x i32> %83, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %85 = sitofp <16 x i32> %84 to <16 x float>
  %86 = mul i64 %41, 4
  %87 = lshr i64 %86, 5
  %88 = add i64 %65, %87
  %89 = getelementptr inbounds i32, ptr %2, i64 %88
  %90 = load <2 x i32>, ptr %89, align 4
  %91 = shufflevector <2 x i32> %90, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %92 = lshr <16 x i32> %91, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %93 = and <16 x i32> %92, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %94 = add <16 x i32> %93, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %95 = sitofp <16 x i32> %94 to <16 x float>
  %96 = mul i64 %42, 4
  %97 = lshr i64 %96, 5
  %98 = add i64 %65, %97
  %99 = getelementptr inbounds i32, ptr %2, i64 %98
  %100 = load <2 x i32>, ptr %99, align 4
  %101 = shufflevector <2 x i32> %100, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %102 = lshr <16 x i32> %101, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %103 = and <16 x i32> %102, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %104 = add <16 x i32> %103, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %105 = sitofp <16 x i32> %104 to <16 x float>
  store <16 x float> zeroinitializer, ptr %14, align 64
  store <16 x float> zeroinitializer, ptr %15, align 64
  store <16 x float> zeroinitializer, ptr %16, align 64
  store <16 x float> zeroinitializer, ptr %17, align 64
  store <16 x float> zeroinitializer, ptr %18, align 64
  store <16 x float> zeroinitializer, ptr %19, align 64
  store <16 x float> zeroinitializer, ptr %20, align 64
  store <16 x float> zeroinitializer, ptr %21, align 64
  store <8 x float> zeroinitializer, ptr %22, align 32
  %106 = mul i64 %i, 16
  %107 = add i64 %i, 1
  %108 = mul i64 %107, 16
  br label %loop1

after:                                            ; preds = %loop
  %109 = load <16 x float>, ptr %10, align 64
  %110 = mul i64 %35, %7
  %111 = add i64 %110, %37
  %112 = getelementptr inbounds float, ptr %5, i64 %111
  store <16 x float> %109, ptr %112, align 4
  %113 = load <16 x float>, ptr %11, align 64
  %114 = add i64 %110, %40
  %115 = getelementptr inbounds float, ptr %5, i64 %114
  store <16 x float> %113, ptr %115, align 4
  %116 = load <16 x float>, ptr %12, align 64
  %117 = add i64 %110, %41
  %118 = getelementptr inbounds float, ptr %5, i64 %117
  store <16 x float> %116, ptr %118, align 4
  %119 = load <16 x float>, ptr %13, align 64
  %120 = add i64 %110, %42
  %121 = getelementptr inbounds float, ptr %5, i64 %120
  store <16 x float> %119, ptr %121, align 4
  br label %endif

loop1:                                            ; preds = %body2, %body
  %i4 = phi i64 [ %106, %body ], [ %296, %body2 ]
  %122 = icmp slt i64 %i4, %108
  br i1 %122, label %body2, label %after3

body2:                                            ; preds = %loop1
  %123 = mul i64 %i4, %7
  %124 = add i64 %123, %37
  %125 = getelementptr inbounds i32, ptr %1, i64 %124
  %126 = load <16 x i32>, ptr %125, align 4
  %127 = add i64 %123, %40
  %128 = getelementptr inbounds i32, ptr %1, i64 %127
  %129 = load <16 x i32>, ptr %128, align 4
  %130 = add i64 %123, %41
  %131 = getelementptr inbounds i32, ptr %1, i64 %130
  %132 = load <16 x i32>, ptr %131, align 4
  %133 = add i64 %123, %42
  %134 = getelementptr inbounds i32, ptr %1, i64 %133
  %135 = load <16 x i32>, ptr %134, align 4
  %136 = mul i64 %35, %8
  %137 = mul i64 %i4, 8
  %138 = add i64 %136, %137
  %139 = getelementptr inbounds float, ptr %0, i64 %138
  %140 = load <8 x float>, ptr %139, align 4
  %141 = and <16 x i32> %126, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %142 = uitofp <16 x i32> %141 to <16 x float>
  %143 = and <16 x i32> %126, <i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240>
  %144 = uitofp <16 x i32> %143 to <16 x float>
  %145 = and <16 x i32> %126, <i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840>
  %146 = uitofp <16 x i32> %145 to <16 x float>
  %147 = and <16 x i32> %126, <i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440>
  %148 = uitofp <16 x i32> %147 to <16 x float>
  %149 = and <16 x i32> %126, <i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040>
  %150 = uitofp <16 x i32> %149 to <16 x float>
  %151 = and <16 x i32> %126, <i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640>
  %152 = uitofp <16 x i32> %151 to <16 x float>
  %153 = and <16 x i32> %126, <i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240>
  %154 = uitofp <16 x i32> %153 to <16 x float>
  %155 = and <16 x i32> %126, <i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456>
  %156 = uitofp <16 x i32> %155 to <16 x float>
  %157 = load <8 x float>, ptr %22, align 32
  %158 = fadd <8 x float> %157, %140
  store <8 x float> %158, ptr %22, align 32
  %159 = fmul <8 x float> %140, <float 1.000000e+00, float 6.250000e-02, float 3.906250e-03, float 0x3F30000000000000, float 0x3EF0000000000000, float 0x3EB0000000000000, float 0x3E70000000000000, float 0x3E30000000000000>
  %160 = extractelement <8 x float> %159, i32 0
  %161 = insertelement <16 x float> poison, float %160, i32 0
  %162 = shufflevector <16 x float> %161, <16 x float> poison, <16 x i32> zeroinitializer
  %163 = load <16 x float>, ptr %14, align 64
  %164 = call <16 x float> @llvm.fma.v16f32(<16 x float> %142, <16 x float> %162, <16 x float> %163)
  store <16 x float> %164, ptr %14, align 64
  %165 = and <16 x i32> %129, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %166 = uitofp <16 x i32> %165 to <16 x float>
  %167 = load <16 x float>, ptr %16, align 64
  %168 = call <16 x float> @llvm.fma.v16f32(<16 x float> %166, <16 x float> %162, <16 x float> %167)
  store <16 x float> %168, ptr %16, align 64
  %169 = and <16 x i32> %132, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %170 = uitofp <16 x i32> %169 to <16 x float>
  %171 = load <16 x float>, ptr %18, align 64
  %172 = call <16 x float> @llvm.fma.v16f32(<16 x float> %170, <16 x float> %162, <16 x float> %171)
  store <16 x float> %172, ptr %18, align 64
  %173 = and <16 x i32> %135, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %174 = uitofp <16 x i32> %173 to <16 x float>
  %175 = load <16 x float>, ptr %20, align 64
  %176 = call <16 x float> @llvm.fma.v16f32(<16 x float> %174, <16 x float> %162, <16 x float> %175)
  store <16 x float> %176, ptr %20, align 64
  %177 = extractelement <8 x float> %159, i32 1
  %178 = insertelement <16 x float> poison, float %177, i32 0
  %179 = shufflevector <16 x float> %178, <16 x float> poison, <16 x i32> zeroinitializer
  %180 = load <16 x float>, ptr %15, align 64
  %181 = call <16 x float> @llvm.fma.v16f32(<16 x float> %144, <16 x float> %179, <16 x float> %180)
  store <16 x float> %181, ptr %15, align 64
  %182 = and <16 x i32> %129, <i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240>
  %183 = uitofp <16 x i32> %182 to <16 x float>
  %184 = load <16 x float>, ptr %17, align 64
  %185 = call <16 x float> @llvm.fma.v16f32(<16 x float> %183, <16 x float> %179, <16 x float> %184)
  store <16 x float> %185, ptr %17, align 64
  %186 = and <16 x i32> %132, <i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240>
  %187 = uitofp <16 x i32> %186 to <16 x float>
  %188 = load <16 x float>, ptr %19, align 64
  %189 = call <16 x float> @llvm.fma.v16f32(<16 x float> %187, <16 x float> %179, <16 x float> %188)
  store <16 x float> %189, ptr %19, align 64
  %190 = and <16 x i32> %135, <i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240, i32 240>
  %191 = uitofp <16 x i32> %190 to <16 x float>
  %192 = load <16 x float>, ptr %21, align 64
  %193 = call <16 x float> @llvm.fma.v16f32(<16 x float> %191, <16 x float> %179, <16 x float> %192)
  store <16 x float> %193, ptr %21, align 64
  %194 = extractelement <8 x float> %159, i32 2
  %195 = insertelement <16 x float> poison, float %194, i32 0
  %196 = shufflevector <16 x float> %195, <16 x float> poison, <16 x i32> zeroinitializer
  %197 = load <16 x float>, ptr %14, align 64
  %198 = call <16 x float> @llvm.fma.v16f32(<16 x float> %146, <16 x float> %196, <16 x float> %197)
  store <16 x float> %198, ptr %14, align 64
  %199 = and <16 x i32> %129, <i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840>
  %200 = uitofp <16 x i32> %199 to <16 x float>
  %201 = load <16 x float>, ptr %16, align 64
  %202 = call <16 x float> @llvm.fma.v16f32(<16 x float> %200, <16 x float> %196, <16 x float> %201)
  store <16 x float> %202, ptr %16, align 64
  %203 = and <16 x i32> %132, <i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840>
  %204 = uitofp <16 x i32> %203 to <16 x float>
  %205 = load <16 x float>, ptr %18, align 64
  %206 = call <16 x float> @llvm.fma.v16f32(<16 x float> %204, <16 x float> %196, <16 x float> %205)
  store <16 x float> %206, ptr %18, align 64
  %207 = and <16 x i32> %135, <i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840, i32 3840>
  %208 = uitofp <16 x i32> %207 to <16 x float>
  %209 = load <16 x float>, ptr %20, align 64
  %210 = call <16 x float> @llvm.fma.v16f32(<16 x float> %208, <16 x float> %196, <16 x float> %209)
  store <16 x float> %210, ptr %20, align 64
  %211 = extractelement <8 x float> %159, i32 3
  %212 = insertelement <16 x float> poison, float %211, i32 0
  %213 = shufflevector <16 x float> %212, <16 x float> poison, <16 x i32> zeroinitializer
  %214 = load <16 x float>, ptr %15, align 64
  %215 = call <16 x float> @llvm.fma.v16f32(<16 x float> %148, <16 x float> %213, <16 x float> %214)
  store <16 x float> %215, ptr %15, align 64
  %216 = and <16 x i32> %129, <i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440>
  %217 = uitofp <16 x i32> %216 to <16 x float>
  %218 = load <16 x float>, ptr %17, align 64
  %219 = call <16 x float> @llvm.fma.v16f32(<16 x float> %217, <16 x float> %213, <16 x float> %218)
  store <16 x float> %219, ptr %17, align 64
  %220 = and <16 x i32> %132, <i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440>
  %221 = uitofp <16 x i32> %220 to <16 x float>
  %222 = load <16 x float>, ptr %19, align 64
  %223 = call <16 x float> @llvm.fma.v16f32(<16 x float> %221, <16 x float> %213, <16 x float> %222)
  store <16 x float> %223, ptr %19, align 64
  %224 = and <16 x i32> %135, <i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440, i32 61440>
  %225 = uitofp <16 x i32> %224 to <16 x float>
  %226 = load <16 x float>, ptr %21, align 64
  %227 = call <16 x float> @llvm.fma.v16f32(<16 x float> %225, <16 x float> %213, <16 x float> %226)
  store <16 x float> %227, ptr %21, align 64
  %228 = extractelement <8 x float> %159, i32 4
  %229 = insertelement <16 x float> poison, float %228, i32 0
  %230 = shufflevector <16 x float> %229, <16 x float> poison, <16 x i32> zeroinitializer
  %231 = load <16 x float>, ptr %14, align 64
  %232 = call <16 x float> @llvm.fma.v16f32(<16 x float> %150, <16 x float> %230, <16 x float> %231)
  store <16 x float> %232, ptr %14, align 64
  %233 = and <16 x i32> %129, <i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040>
  %234 = uitofp <16 x i32> %233 to <16 x float>
  %235 = load <16 x float>, ptr %16, align 64
  %236 = call <16 x float> @llvm.fma.v16f32(<16 x float> %234, <16 x float> %230, <16 x float> %235)
  store <16 x float> %236, ptr %16, align 64
  %237 = and <16 x i32> %132, <i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040>
  %238 = uitofp <16 x i32> %237 to <16 x float>
  %239 = load <16 x float>, ptr %18, align 64
  %240 = call <16 x float> @llvm.fma.v16f32(<16 x float> %238, <16 x float> %230, <16 x float> %239)
  store <16 x float> %240, ptr %18, align 64
  %241 = and <16 x i32> %135, <i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040, i32 983040>
  %242 = uitofp <16 x i32> %241 to <16 x float>
  %243 = load <16 x float>, ptr %20, align 64
  %244 = call <16 x float> @llvm.fma.v16f32(<16 x float> %242, <16 x float> %230, <16 x float> %243)
  store <16 x float> %244, ptr %20, align 64
  %245 = extractelement <8 x float> %159, i32 5
  %246 = insertelement <16 x float> poison, float %245, i32 0
  %247 = shufflevector <16 x float> %246, <16 x float> poison, <16 x i32> zeroinitializer
  %248 = load <16 x float>, ptr %15, align 64
  %249 = call <16 x float> @llvm.fma.v16f32(<16 x float> %152, <16 x float> %247, <16 x float> %248)
  store <16 x float> %249, ptr %15, align 64
  %250 = and <16 x i32> %129, <i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640>
  %251 = uitofp <16 x i32> %250 to <16 x float>
  %252 = load <16 x float>, ptr %17, align 64
  %253 = call <16 x float> @llvm.fma.v16f32(<16 x float> %251, <16 x float> %247, <16 x float> %252)
  store <16 x float> %253, ptr %17, align 64
  %254 = and <16 x i32> %132, <i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640>
  %255 = uitofp <16 x i32> %254 to <16 x float>
  %256 = load <16 x float>, ptr %19, align 64
  %257 = call <16 x float> @llvm.fma.v16f32(<16 x float> %255, <16 x float> %247, <16 x float> %256)
  store <16 x float> %257, ptr %19, align 64
  %258 = and <16 x i32> %135, <i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640, i32 15728640>
  %259 = uitofp <16 x i32> %258 to <16 x float>
  %260 = load <16 x float>, ptr %21, align 64
  %261 = call <16 x float> @llvm.fma.v16f32(<16 x float> %259, <16 x float> %247, <16 x float> %260)
  store <16 x float> %261, ptr %21, align 64
  %262 = extractelement <8 x float> %159, i32 6
  %263 = insertelement <16 x float> poison, float %262, i32 0
  %264 = shufflevector <16 x float> %263, <16 x float> poison, <16 x i32> zeroinitializer
  %265 = load <16 x float>, ptr %14, align 64
  %266 = call <16 x float> @llvm.fma.v16f32(<16 x float> %154, <16 x float> %264, <16 x float> %265)
  store <16 x float> %266, ptr %14, align 64
  %267 = and <16 x i32> %129, <i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240>
  %268 = uitofp <16 x i32> %267 to <16 x float>
  %269 = load <16 x float>, ptr %16, align 64
  %270 = call <16 x float> @llvm.fma.v16f32(<16 x float> %268, <16 x float> %264, <16 x float> %269)
  store <16 x float> %270, ptr %16, align 64
  %271 = and <16 x i32> %132, <i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240>
  %272 = uitofp <16 x i32> %271 to <16 x float>
  %273 = load <16 x float>, ptr %18, align 64
  %274 = call <16 x float> @llvm.fma.v16f32(<16 x float> %272, <16 x float> %264, <16 x float> %273)
  store <16 x float> %274, ptr %18, align 64
  %275 = and <16 x i32> %135, <i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240, i32 251658240>
  %276 = uitofp <16 x i32> %275 to <16 x float>
  %277 = load <16 x float>, ptr %20, align 64
  %278 = call <16 x float> @llvm.fma.v16f32(<16 x float> %276, <16 x float> %264, <16 x float> %277)
  store <16 x float> %278, ptr %20, align 64
  %279 = extractelement <8 x float> %159, i32 7
  %280 = insertelement <16 x float> poison, float %279, i32 0
  %281 = shufflevector <16 x float> %280, <16 x float> poison, <16 x i32> zeroinitializer
  %282 = load <16 x float>, ptr %15, align 64
  %283 = call <16 x float> @llvm.fma.v16f32(<16 x float> %156, <16 x float> %281, <16 x float> %282)
  store <16 x float> %283, ptr %15, align 64
  %284 = and <16 x i32> %129, <i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456>
  %285 = uitofp <16 x i32> %284 to <16 x float>
  %286 = load <16 x float>, ptr %17, align 64
  %287 = call <16 x float> @llvm.fma.v16f32(<16 x float> %285, <16 x float> %281, <16 x float> %286)
  store <16 x float> %287, ptr %17, align 64
  %288 = and <16 x i32> %132, <i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456>
  %289 = uitofp <16 x i32> %288 to <16 x float>
  %290 = load <16 x float>, ptr %19, align 64
  %291 = call <16 x float> @llvm.fma.v16f32(<16 x float> %289, <16 x float> %281, <16 x float> %290)
  store <16 x float> %291, ptr %19, align 64
  %292 = and <16 x i32> %135, <i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456, i32 -268435456>
  %293 = uitofp <16 x i32> %292 to <16 x float>
  %294 = load <16 x float>, ptr %21, align 64
  %295 = call <16 x float> @llvm.fma.v16f32(<16 x float> %293, <16 x float> %281, <16 x float> %294)
  store <16 x float> %295, ptr %21, align 64
  %296 = add i64 %i4, 1
  br label %loop1, !llvm.loop !0

after3:                                           ; preds = %loop1
  %297 = load <8 x float>, ptr %22, align 32
  %298 = call reassoc float @llvm.vector.reduce.fadd.v8f32(float -0.000000e+00, <8 x float> %297)
  %299 = insertelement <16 x float> poison, float %298, i32 0
  %300 = shufflevector <16 x float> %299, <16 x float> poison, <16 x i32> zeroinitializer
  %301 = load <16 x float>, ptr %14, align 64
  %302 = load <16 x float>, ptr %15, align 64
  %303 = fadd <16 x float> %301, %302
  %304 = fmul <16 x float> %75, %300
  %305 = fsub <16 x float> %303, %304
  %306 = load <16 x float>, ptr %10, align 64
  %307 = call <16 x float> @llvm.fma.v16f32(<16 x float> %49, <16 x float> %305, <16 x float> %306)
  store <16 x float> %307, ptr %10, align 64
  %308 = load <16 x float>, ptr %16, align 64
  %309 = load <16 x float>, ptr %17, align 64
  %310 = fadd <16 x float> %308, %309
  %311 = fmul <16 x float> %85, %300
  %312 = fsub <16 x float> %310, %311
  %313 = load <16 x float>, ptr %11, align 64
  %314 = call <16 x float> @llvm.fma.v16f32(<16 x float> %53, <16 x float> %312, <16 x float> %313)
  store <16 x float> %314, ptr %11, align 64
  %315 = load <16 x float>, ptr %18, align 64
  %316 = load <16 x float>, ptr %19, align 64
  %317 = fadd <16 x float> %315, %316
  %318 = fmul <16 x float> %95, %300
  %319 = fsub <16 x float> %317, %318
  %320 = load <16 x float>, ptr %12, align 64
  %321 = call <16 x float> @llvm.fma.v16f32(<16 x float> %57, <16 x float> %319, <16 x float> %320)
  store <16 x float> %321, ptr %12, align 64
  %322 = load <16 x float>, ptr %20, align 64
  %323 = load <16 x float>, ptr %21, align 64
  %324 = fadd <16 x float> %322, %323
  %325 = fmul <16 x float> %105, %300
  %326 = fsub <16 x float> %324, %325
  %327 = load <16 x float>, ptr %13, align 64
  %328 = call <16 x float> @llvm.fma.v16f32(<16 x float> %61, <16 x float> %326, <16 x float> %327)
  store <16 x float> %328, ptr %13, align 64
  %329 = add i64 %i, 1
  br label %loop

loop5:                                            ; preds = %after11, %else
  %i8 = phi i64 [ %37, %else ], [ %360, %after11 ]
  %330 = icmp slt i64 %i8, %7
  br i1 %330, label %body6, label %after7

body6:                                            ; preds = %loop5
  store float 0.000000e+00, ptr %23, align 4
  %331 = sdiv i64 %8, 128
  br label %loop9

after7:                                           ; preds = %loop5
  br label %endif

loop9:                                            ; preds = %after15, %body6
  %i12 = phi i64 [ 0, %body6 ], [ %436, %after15 ]
  %332 = icmp slt i64 %i12, %331
  br i1 %332, label %body10, label %after11

body10:                                           ; preds = %loop9
  %333 = mul i64 %i12, %7
  %334 = add i64 %333, %i8
  %335 = getelementptr inbounds half, ptr %3, i64 %334
  %336 = load half, ptr %335, align 2
  %337 = fpext half %336 to float
  %338 = mul i64 %7, 4
  %339 = add i64 %338, 31
  %340 = lshr i64 %339, 5
  %341 = mul i64 %i12, %340
  %342 = mul i64 %i8, 4
  %343 = lshr i64 %342, 5
  %344 = and i64 %342, 31
  %345 = trunc i64 %344 to i32
  %346 = add i64 %341, %343
  %347 = getelementptr inbounds i32, ptr %2, i64 %346
  %348 = load i32, ptr %347, align 4
  %349 = lshr i32 %348, %345
  %350 = and i32 %349, 15
  %351 = add i32 %350, 1
  %352 = sitofp i32 %351 to float
  store float 0.000000e+00, ptr %24, align 4
  store float 0.000000e+00, ptr %25, align 4
  store float 0.000000e+00, ptr %26, align 4
  store float 0.000000e+00, ptr %27, align 4
  store float 0.000000e+00, ptr %28, align 4
  store float 0.000000e+00, ptr %29, align 4
  store float 0.000000e+00, ptr %30, align 4
  store float 0.000000e+00, ptr %31, align 4
  store <8 x float> zeroinitializer, ptr %32, align 32
  %353 = mul i64 %i12, 16
  %354 = add i64 %i12, 1
  %355 = mul i64 %354, 16
  br label %loop13

after11:                                          ; preds = %loop9
  %356 = load float, ptr %23, align 4
  %357 = mul i64 %35, %7
  %358 = add i64 %357, %i8
  %359 = getelementptr inbounds float, ptr %5, i64 %358
  store float %356, ptr %359, align 4
  %360 = add i64 %i8, 1
  br label %loop5

loop13:                                           ; preds = %body14, %body10
  %i16 = phi i64 [ %353, %body10 ], [ %414, %body14 ]
  %361 = icmp slt i64 %i16, %355
  br i1 %361, label %body14, label %after15

body14:                                           ; preds = %loop13
  %362 = mul i64 %i16, %7
  %363 = add i64 %362, %i8
  %364 = getelementptr inbounds i32, ptr %1, i64 %363
  %365 = load i32, ptr %364, align 4
  %366 = mul i64 %35, %8
  %367 = mul i64 %i16, 8
  %368 = add i64 %366, %367
  %369 = getelementptr inbounds float, ptr %0, i64 %368
  %370 = load <8 x float>, ptr %369, align 4
  %371 = and i32 %365, 15
  %372 = uitofp i32 %371 to float
  %373 = and i32 %365, 240
  %374 = uitofp i32 %373 to float
  %375 = and i32 %365, 3840
  %376 = uitofp i32 %375 to float
  %377 = and i32 %365, 61440
  %378 = uitofp i32 %377 to float
  %379 = and i32 %365, 983040
  %380 = uitofp i32 %379 to float
  %381 = and i32 %365, 15728640
  %382 = uitofp i32 %381 to float
  %383 = and i32 %365, 251658240
  %384 = uitofp i32 %383 to float
  %385 = and i32 %365, -268435456
  %386 = uitofp i32 %385 to float
  %387 = load <8 x float>, ptr %32, align 32
  %388 = fadd <8 x float> %387, %370
  store <8 x float> %388, ptr %32, align 32
  %389 = fmul <8 x float> %370, <float 1.000000e+00, float 6.250000e-02, float 3.906250e-03, float 0x3F30000000000000, float 0x3EF0000000000000, float 0x3EB0000000000000, float 0x3E70000000000000, float 0x3E30000000000000>
  %390 = extractelement <8 x float> %389, i32 0
  %391 = load float, ptr %24, align 4
  %392 = call float @llvm.fma.f32(float %372, float %390, float %391)
  store float %392, ptr %24, align 4
  %393 = extractelement <8 x float> %389, i32 1
  %394 = load float, ptr %25, align 4
  %395 = call float @llvm.fma.f32(float %374, float %393, float %394)
  store float %395, ptr %25, align 4
  %396 = extractelement <8 x float> %389, i32 2
  %397 = load float, ptr %26, align 4
  %398 = call float @llvm.fma.f32(float %376, float %396, float %397)
  store float %398, ptr %26, align 4
  %399 = extractelement <8 x float> %389, i32 3
  %400 = load float, ptr %27, align 4
  %401 = call float @llvm.fma.f32(float %378, float %399, float %400)
  store float %401, ptr %27, align 4
  %402 = extractelement <8 x float> %389, i32 4
  %403 = load float, ptr %28, align 4
  %404 = call float @llvm.fma.f32(float %380, float %402, float %403)
  store float %404, ptr %28, align 4
  %405 = extractelement <8 x float> %389, i32 5
  %406 = load float, ptr %29, align 4
  %407 = call float @llvm.fma.f32(float %382, float %405, float %406)
  store float %407, ptr %29, align 4
  %408 = extractelement <8 x float> %389, i32 6
  %409 = load float, ptr %30, align 4
  %410 = call float @llvm.fma.f32(float %384, float %408, float %409)
  store float %410, ptr %30, align 4
  %411 = extractelement <8 x float> %389, i32 7
  %412 = load float, ptr %31, align 4
  %413 = call float @llvm.fma.f32(float %386, float %411, float %412)
  store float %413, ptr %31, align 4
  %414 = add i64 %i16, 1
  br label %loop13, !llvm.loop !2

after15:                                          ; preds = %loop13
  %415 = load <8 x float>, ptr %32, align 32
  %416 = call reassoc float @llvm.vector.reduce.fadd.v8f32(float -0.000000e+00, <8 x float> %415)
  %417 = load float, ptr %24, align 4
  %418 = load float, ptr %25, align 4
  %419 = fadd float %417, %418
  %420 = load float, ptr %26, align 4
  %421 = fadd float %419, %420
  %422 = load float, ptr %27, align 4
  %423 = fadd float %421, %422
  %424 = load float, ptr %28, align 4
  %425 = fadd float %423, %424
  %426 = load float, ptr %29, align 4
  %427 = fadd float %425, %426
  %428 = load float, ptr %30, align 4
  %429 = fadd float %427, %428
  %430 = load float, ptr %31, align 4
  %431 = fadd float %429, %430
  %432 = fmul float %352, %416
  %433 = fsub float %431, %432
  %434 = load float, ptr %23, align 4
  %435 = call float @llvm.fma.f32(float %337, float %433, float %434)
  store float %435, ptr %23, align 4
  %436 = add i64 %i12, 1
  br label %loop9
}

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare <16 x float> @llvm.fma.v16f32(<16 x float>, <16 x float>, <16 x float>) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.vector.reduce.fadd.v8f32(float, <8 x float>) #1

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare float @llvm.fma.f32(float, float, float) #1

define void @gptq_gemv_b4_g128_v1_f32_cpu_m1n4v16u1(ptr %0, i64 %1, i64 %2) {
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
  call void @gptq_gemv_b4_g128_v1_f32_cpu_m1n4v16u1.body(ptr %x, ptr %qweight, ptr %qzeros, ptr %scales, ptr %g_idx, ptr %y, i64 %10, i64 %12, i64 %14, i64 %pid)
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
