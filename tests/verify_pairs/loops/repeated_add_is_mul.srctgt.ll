; EXPECT: correct
; WHY: adding n three times in an -O0 loop (s and i in allocas) is n*3 modulo 2^32
define i32 @src(i32 noundef %n) {
entry:
  %s = alloca i32, align 4
  %i = alloca i32, align 4
  store i32 0, ptr %s, align 4
  store i32 0, ptr %i, align 4
  br label %for.cond

for.cond:
  %0 = load i32, ptr %i, align 4
  %cmp = icmp slt i32 %0, 3
  br i1 %cmp, label %for.body, label %for.end

for.body:
  %1 = load i32, ptr %s, align 4
  %add = add i32 %1, %n
  store i32 %add, ptr %s, align 4
  %2 = load i32, ptr %i, align 4
  %inc = add nsw i32 %2, 1
  store i32 %inc, ptr %i, align 4
  br label %for.cond

for.end:
  %3 = load i32, ptr %s, align 4
  ret i32 %3
}

define i32 @tgt(i32 noundef %n) {
  %r = mul i32 %n, 3
  ret i32 %r
}
