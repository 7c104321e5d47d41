; EXPECT: correct
; WHY: the -O0 counting loop (counter in an alloca) and its phi form compute the same trip count on every execution within the bound
define i32 @src(i32 noundef %n) {
entry:
  %n.addr = alloca i32, align 4
  %i = alloca i32, align 4
  store i32 %n, ptr %n.addr, align 4
  store i32 0, ptr %i, align 4
  br label %for.cond

for.cond:
  %0 = load i32, ptr %i, align 4
  %1 = load i32, ptr %n.addr, align 4
  %cmp = icmp slt i32 %0, %1
  br i1 %cmp, label %for.body, label %for.end

for.body:
  br label %for.inc

for.inc:
  %2 = load i32, ptr %i, align 4
  %inc = add nsw i32 %2, 1
  store i32 %inc, ptr %i, align 4
  br label %for.cond

for.end:
  %3 = load i32, ptr %i, align 4
  ret i32 %3
}

define i32 @tgt(i32 noundef %n) {
entry:
  br label %for.cond

for.cond:
  %i = phi i32 [ 0, %entry ], [ %inc, %for.cond.body ]
  %cmp = icmp slt i32 %i, %n
  br i1 %cmp, label %for.cond.body, label %for.end

for.cond.body:
  %inc = add nuw nsw i32 %i, 1
  br label %for.cond

for.end:
  ret i32 %i
}
