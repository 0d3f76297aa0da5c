; ModuleID = 'gptq_dequantize_b4_g128_v1_f32_cpu_m1n1v16u1'
source_filename = "gptq_dequantize_b4_g128_v1_f32_cpu_m1n1v16u1"

; Function Attrs: alwaysinline
define internal void @gptq_dequantize_b4_g128_v1_f32_cpu_m1n1v16u1.body(ptr noalias %0, ptr noalias %1, ptr noalias %2, ptr noalias %3, ptr noalias %4, ptr noalias %5, i64 %6, i64 %7, i64 %8, i64 %9) #0 {
locals:
  br label %entry

entry:                                            ; preds = %locals
  %10 = mul i64 %9, 16
  %11 = sub i64 %7, 16
  %12 = icmp sle i64 %10, %11
  br i1 %12, label %then, label %else

then:                                             ; preds = %entry
  %13 = sdiv i64 %8, 8
  br label %loop

else:                                             ; preds = %entry
  br label %loop1

endif:                                            ; preds = %after3, %after
  ret void

loop:                                             ; preds = %body, %then
  %i = phi i64 [ 0, %then ], [ %165, %body ]
  %14 = icmp slt i64 %i, %13
  br i1 %14, label %body, label %after

body:                                             ; preds = %loop
  %15 = mul i64 %i, %7
  %16 = add i64 %15, %10
  %17 = getelementptr inbounds i32, ptr %1, i64 %16
  %18 = load <16 x i32>, ptr %17, align 4
  %19 = mul i64 %i, 8
  %20 = sdiv i64 %19, 128
  %21 = mul i64 %20, %7
  %22 = add i64 %21, %10
  %23 = getelementptr inbounds half, ptr %3, i64 %22
  %24 = load <16 x half>, ptr %23, align 2
  %25 = fpext <16 x half> %24 to <16 x float>
  %26 = mul i64 %7, 4
  %27 = add i64 %26, 31
  %28 = lshr i64 %27, 5
  %29 = mul i64 %20, %28
  %30 = mul i64 %10, 4
  %31 = lshr i64 %30, 5
  %32 = add i64 %29, %31
  %33 = getelementptr inbounds i32, ptr %2, i64 %32
  %34 = load <2 x i32>, ptr %33, align 4
  %35 = shufflevector <2 x i32> %34, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %36 = lshr <16 x i32> %35, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %37 = and <16 x i32> %36, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %38 = add <16 x i32> %37, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %39 = sitofp <16 x i32> %38 to <16 x float>
  %40 = and <16 x i32> %18, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %41 = sitofp <16 x i32> %40 to <16 x float>
  %42 = fsub <16 x float> %41, %39
  %43 = fmul <16 x float> %42, %25
  %44 = mul i64 %19, %7
  %45 = add i64 %44, %10
  %46 = getelementptr inbounds float, ptr %5, i64 %45
  store <16 x float> %43, ptr %46, align 4
  %47 = add i64 %19, 1
  %48 = load <16 x half>, ptr %23, align 2
  %49 = fpext <16 x half> %48 to <16 x float>
  %50 = load <2 x i32>, ptr %33, align 4
  %51 = shufflevector <2 x i32> %50, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %52 = lshr <16 x i32> %51, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %53 = and <16 x i32> %52, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %54 = add <16 x i32> %53, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %55 = sitofp <16 x i32> %54 to <16 x float>
  %56 = lshr <16 x i32> %18, <i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4, i32 4>
  %57 = and <16 x i32> %56, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %58 = sitofp <16 x i32> %57 to <16 x float>
  %59 = fsub <16 x float> %58, %55
  %60 = fmul <16 x float> %59, %49
  %61 = mul i64 %47, %7
  %62 = add i64 %61, %10
  %63 = getelementptr inbounds float, ptr %5, i64 %62
  store <16 x float> %60, ptr %63, align 4
  %64 = add i64 %19, 2
  %65 = load <16 x half>, ptr %23, align 2
  %66 = fpext <16 x half> %65 to <16 x float>
  %67 = load <2 x i32>, ptr %33, align 4
  %68 = shufflevector <2 x i32> %67, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %69 = lshr <16 x i32> %68, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %70 = and <16 x i32> %69, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %71 = add <16 x i32> %70, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %72 = sitofp <16 x i32> %71 to <16 x float>
  %73 = lshr <16 x i32> %18, <i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8, i32 8>
  %74 = and <16 x i32> %73, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %75 = sitofp <16 x i32> %74 to <16 x float>
  %76 = fsub <16 x float> %75, %72
  %77 = fmul <16 x float> %76, %66
  %78 = mul i64 %64, %7
  %79 = add i64 %78, %10
  %80 = getelementptr inbounds float, ptr %5, i64 %79
  store <16 x float> %77, ptr %80, align 4
  %81 = add i64 %19, 3
  %82 = load <16 x half>, ptr %23, align 2
  %83 = fpext <16 x half> %82 to <16 x float>
  %84 = load <2 x i32>, ptr %33, align 4
  %85 = shufflevector <2 x i32> %84, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %86 = lshr <16 x i32> %85, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %87 = and <16 x i32> %86, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %88 = add <16 x i32> %87, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %89 = sitofp <16 x i32> %88 to <16 x float>
  %90 = lshr <16 x i32> %18, <i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12, i32 12>
  %91 = and <16 x i32> %90, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %92 = sitofp <16 x i32> %91 to <16 x float>
  %93 = fsub <16 x float> %92, %89
  %94 = fmul <16 x float> %93, %83
  %95 = mul i64 %81, %7
  %96 = add i64 %95, %10
  %97 = getelementptr inbounds float, ptr %5, i64 %96
  store <16 x float> %94, ptr %97, align 4
  %98 = add i64 %19, 4
  %99 = load <16 x half>, ptr %23, align 2
  %100 = fpext <16 x half> %99 to <16 x float>
  %101 = load <2 x i32>, ptr %33, align 4
  %102 = shufflevector <2 x i32> %101, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %103 = lshr <16 x i32> %102, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %104 = and <16 x i32> %103, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %105 = add <16 x i32> %104, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %106 = sitofp <16 x i32> %105 to <16 x float>
  %107 = lshr <16 x i32> %18, <i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16, i32 16>
  %108 = and <16 x i32> %107, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %109 = sitofp <16 x i32> %108 to <16 x float>
  %110 = fsub <16 x float> %109, %106
  %111 = fmul <16 x float> %110, %100
  %112 = mul i64 %98, %7
  %113 = add i64 %112, %10
  %114 = getelementptr inbounds float, ptr %5, i64 %113
  store <16 x float> %111, ptr %114, align 4
  %115 = add i64 %19, 5
  %116 = load <16 x half>, ptr %23, align 2
  %117 = fpext <16 x half> %116 to <16 x float>
  %118 = load <2 x i32>, ptr %33, align 4
  %119 = shufflevector <2 x i32> %118, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %120 = lshr <16 x i32> %119, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %121 = and <16 x i32> %120, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %122 = add <16 x i32> %121, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %123 = sitofp <16 x i32> %122 to <16 x float>
  %124 = lshr <16 x i32> %18, <i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20, i32 20>
  %125 = and <16 x i32> %124, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %126 = sitofp <16 x i32> %125 to <16 x float>
  %127 = fsub <16 x float> %126, %123
  %128 = fmul <16 x float> %127, %117
  %129 = mul i64 %115, %7
  %130 = add i64 %129, %10
  %131 = getelementptr inbounds float, ptr %5, i64 %130
  store <16 x float> %128, ptr %131, align 4
  %132 = add i64 %19, 6
  %133 = load <16 x half>, ptr %23, align 2
  %134 = fpext <16 x half> %133 to <16 x float>
  %135 = load <2 x i32>, ptr %33, align 4
  %136 = shufflevector <2 x i32> %135, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %137 = lshr <16 x i32> %136, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %138 = and <16 x i32> %137, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %139 = add <16 x i32> %138, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %140 = sitofp <16 x i32> %139 to <16 x float>
  %141 = lshr <16 x i32> %18, <i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24, i32 24>
  %142 = and <16 x i32> %141, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %143 = sitofp <16 x i32> %142 to <16 x float>
  %144 = fsub <16 x float> %143, %140
  %145 = fmul <16 x float> %144, %134
  %146 = mul i64 %132, %7
  %147 = add i64 %146, %10
  %148 = getelementptr inbounds float, ptr %5, i64 %147
  store <16 x float> %145, ptr %148, align 4
  %149 = add i64 %19, 7
  %150 = load <16 x half>, ptr %23, align 2
  %151 = fpext <16 x half> %150 to <16 x float>
  %152 = load <2 x i32>, ptr %33, align 4
  %153 = shufflevector <2 x i32> %152, <2 x i32> poison, <16 x i32> <i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 0, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %154 = lshr <16 x i32> %153, <i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28, i32 0, i32 4, i32 8, i32 12, i32 16, i32 20, i32 24, i32 28>
  %155 = and <16 x i32> %154, <i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15, i32 15>
  %156 = add <16 x i32> %155, <i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1, i32 1>
  %157 = sitofp <16 x i32> %156 to <16 x float>
  %158 = lshr <16 x i32> %18, <i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28, i32 28>
  %159 = sitofp <16 x i32> %158 to <16 x float>
  %160 = fsub <16 x float> %159, %157
  %161 = fmul <16 x float> %160, %151
  %162 = mul i64 %149, %7
  %163 = add i64 %162, %10
  %164 = getelementptr inbounds float, ptr %5, i64 %163
  store <16 x float> %161, ptr %164, align 4
  %165 = add i64 %i, 1
  br label %loop, !llvm.loop !0

after:                                            ; preds = %loop
  br label %endif

loop1:                                            ; preds = %after7, %else
  %i4 = phi i64 [ %10, %else ], [ %314, %after7 ]
  %166 = icmp slt i64 %i4, %7
  br i1 %166, label %body2, label %after3

body2:                                            ; preds = %loop1
  %167 = sdiv i64 %8, 8
  br label %loop5

after3:                                           ; preds = %loop1
  br label %endif

loop5:                                            ; preds = %body6, %body2
  %i8 = phi i64 [ 0, %body2 ], [ %313, %body6 ]
  %168 = icmp slt i64 %i8, %167
  br i1 %168, label %body6, label %after7

body6:                                            ; preds = %loop5
  %169 = mul i64 %i8, %7
  %170 = add i64 %169, %i4
  %171 = getelementptr inbounds i32, ptr %1, i64 %170
  %172 = load i32, ptr %171, align 4
  %173 = mul i64 %i8, 8
  %174 = sdiv i64 %173, 128
  %175 = mul i64 %174, %7
  %176 = add i64 %175, %i4
  %177 = getelementptr inbounds half, ptr %3, i64 %176
  %178 = load half, ptr %177, align 2
  %179 = fpext half %178 to float
  %180 = mul i64 %7, 4
  %181 = add i64 %180, 31
  %182 = lshr i64 %181, 5
  %183 = mul i64 %174, %182
  %184 = mul i64 %i4, 4
  %185 = lshr i64 %184, 5
  %186 = and i64 %184, 31
  %187 = trunc i64 %186 to i32
  %188 = add i64 %183, %185
  %189 = getelementptr inbounds i32, ptr %2, i64 %188
  %190 = load i32, ptr %189, align 4
  %191 = lshr i32 %190, %187
  %192 = and i32 %191, 15
  %193 = add i32 %192, 1
  %194 = sitofp i32 %193 to float
  %195 = and i32 %172, 15
  %196 = sitofp i32 %195 to float
  %197 = fsub float %196, %194
  %198 = fmul float %197, %179
  %199 = mul i64 %173, %7
  %200 = add i64 %199, %i4
  %201 = getelementptr inbounds float, ptr %5, i64 %200
  store float %198, ptr %201, align 4
  %202 = add i64 %173, 1
  %203 = load half, ptr %177, align 2
  %204 = fpext half %203 to float
  %205 = load i32, ptr %189, align 4
  %206 = lshr i32 %205, %187
  %207 = and i32 %206, 15
  %208 = add i32 %207, 1
  %209 = sitofp i32 %208 to float
  %210 = lshr i32 %172, 4
  %211 = and i32 %210, 15
  %212 = sitofp i32 %211 to float
  %213 = fsub float %212, %209
  %214 = fmul float %213, %204
  %215 = mul i64 %202, %7
  %216 = add i64 %215, %i4
  %217 = getelementptr inbounds float, ptr %5, i64 %216
  store float %214, ptr %217, align 4
  %218 = add i64 %173, 2
  %219 = load half, ptr %177, align 2
  %220 = fpext half %219 to float
  %221 = load i32, ptr %189, align 4
  %222 = lshr i32 %221, %187
  %223 = and i32 %222, 15
  %224 = add i32 %223, 1
  %225 = sitofp i32 %224 to float
  %226 = lshr i32 %172, 8
  %227 = and i32 %226, 15
  %228 = sitofp i32 %227 to float
  %229 = fsub float %228, %225
  %230 = fmul float %229, %220
  %231 = mul i64 %218, %7
  %232 = add i64 %231, %i4
  %233 = getelementptr inbounds float, ptr %5, i64 %232
  store float %230, ptr %233, align 4
  %234 = add i64 %173, 3
  %235 = load half, ptr %177, align 2
  %236 = fpext half %235 to float
  %237 = load i32, ptr %189, align 4
  %238 = lshr i32 %237, %187
  %239 = and i32 %238, 15
  %240 = add i32 %239, 1
  %241 = sitofp i32 %240 to float
  %242 = lshr i32 %172, 12
  %243 = and i32 %242, 15
  %244 = sitofp i32 %243 to float
  %245 = fsub float %244, %241
  %246 = fmul float %245, %236
  %247 = mul i64 %234, %7
  %248 = add i64 %247, %i4
  %249 = getelementptr inbounds float, ptr %5, i64 %248
  store float %246, ptr %249, align 4
  %250 = add i64 %173, 4
  %251 = load half, ptr %177, align 2
  %252 = fpext half %251 to float
  %253 = load i32, ptr %189, align 4
  %254 = lshr i32 %253, %187
  %255 = and i32 %254, 15
  %256 = add i32 %255, 1
  %257 = sitofp i32 %256 to float
  %258 = lshr i32 %172, 16
  %259 = and i32 %258, 15
  %260 = sitofp i32 %259 to float
  %261 = fsub float %260, %257
  %262 = fmul float %261, %252
  %263 = mul i64 %250, %7
  %264 = add i64 %263, %i4
  %265 = getelementptr inbounds float, ptr %5, i64 %264
  store float %262, ptr %265, align 4
  %266 = add i64 %173, 5
  %267 = load half, ptr %177, align 2
  %268 = fpext half %267 to float
  %269 = load i32, ptr %189, align 4
  %270 = lshr i32 %269, %187
  %271 = and i32 %270, 15
  %272 = add i32 %271, 1
  %273 = sitofp i32 %272 to float
  %274 = lshr i32 %172, 20
  %275 = and i32 %274, 15
  %276 = sitofp i32 %275 to float
  %277 = fsub float %276, %273
  %278 = fmul float %277, %268
  %279 = mul i64 %266, %7
  %280 = add i64 %279, %i4
  %281 = getelementptr inbounds float, ptr %5, i64 %280
  store float %278, ptr %281, align 4
  %282 = add i64 %173, 6
  %283 = load half, ptr %177, align 2
  %284 = fpext half %283 to float
  %285 = load i32, ptr %189, align 4
  %286 = lshr i32 %285, %187
  %287 = and i32 %286, 15
  %288 = add i32 %287, 1
  %289 = sitofp i32 %288 to float
  %290 = lshr i32 %172, 24
  %291 = and i32 %290, 15
  %292 = sitofp i32 %291 to float
  %293 = fsub float %292, %289
  %294 = fmul float %293, %284
  %295 = mul i64 %282, %7
  %296 = add i64 %295, %i4
  %297 = getelementptr inbounds float, ptr %5, i64 %296
  store float %294, ptr %297, align 4
  %298 = add i64 %173, 7
  %299 = load half, ptr %177, align 2
  %300 = fpext half %299 to float
  %301 = load i32, ptr %189, align 4
  %302 = lshr i32 %301, %187
  %303 = and i32 %302, 15
  %304 = add i32 %303, 1
  %305 = sitofp i32 %304 to float
  %306 = lshr i32 %172, 28
  %307 = sitofp i32 %306 to float
  %308 = fsub float %307, %305
  %309 = fmul float %308, %300
  %310 = mul i64 %298, %7
  %311 = add i64 %310, %i4
  %312 = getelementptr inbounds float, ptr %5, i64 %311
  store float %309, ptr %312, align 4
  %313 = add i64 %i8, 1
  br label %loop5, !llvm.loop !2

after7:                                           ; preds = %loop5
  %314 = add i64 %i4, 1
  br label %loop1
}

define void @gptq_dequantize_b4_g128_v1_f32_cpu_m1n1v16u1(ptr %0, i64 %1, i64 %2) {
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
  call void @gptq_dequantize_b4_g128_v1_f32_cpu_m1n1v16u1.body(ptr %x, ptr %qweight, ptr %qzeros, ptr %scales, ptr %g_idx, ptr %y, i64 %10, i64 %12, i64 %14, i64 %pid)
  %16 = add nsw i64 %pid, 1
  br label %grid

done:                                             ; preds = %grid
  ret void
}

attributes #0 = { alwaysinline }

!0 = distinct !{!0, !1}
!1 = !{!"llvm.loop.unroll.count", i32 1}
!2 = distinct !{!2, !1}
