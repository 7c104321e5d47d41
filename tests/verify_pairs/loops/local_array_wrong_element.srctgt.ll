; EXPECT: semantic_error value_mismatch
; WHY: the loop stores i*i into a[i] for i = 0..3; a[2] is 4, not 9 (that is a[3])
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src() {
entry:
  %a = alloca [4 x i32], align 4
  %i = alloca i32, align 4
  store i32 0, ptr %i, align 4
  br label %for.cond

for.cond:
  %0 = load i32, ptr %i, align 4
  %cmp = icmp slt i32 %0, 4
  br i1 %cmp, label %for.body, label %for.end

for.body:
  %1 = load i32, ptr %i, align 4
  %mul = mul nsw i32 %1, %1
  %idxprom = sext i32 %1 to i64
  %arrayidx = getelementptr inbounds [4 x i32], ptr %a, i64 0, i64 %idxprom
  store i32 %mul, ptr %arrayidx, align 4
  %inc = add nsw i32 %1, 1
  store i32 %inc, ptr %i, align 4
  br label %for.cond

for.end:
  %arrayidx1 = getelementptr inbounds [4 x i32], ptr %a, i64 0, i64 2
  %2 = load i32, ptr %arrayidx1, align 4
  ret i32 %2
}

define i32 @tgt() {
  ret i32 9
}
