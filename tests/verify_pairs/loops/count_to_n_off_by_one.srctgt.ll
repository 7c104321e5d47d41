; EXPECT: semantic_error value_mismatch
; WHY: a loop that stops one iteration late returns n+1 instead of n for 0 < n (the first executions already differ, well within the bound)
define i32 @src(i32 noundef %n) {
entry:
  br label %for.cond

for.cond:
  %i = phi i32 [ 0, %entry ], [ %inc, %body ]
  %cmp = icmp slt i32 %i, %n
  br i1 %cmp, label %body, label %for.end

body:
  %inc = add nsw i32 %i, 1
  br label %for.cond

for.end:
  ret i32 %i
}

define i32 @tgt(i32 noundef %n) {
entry:
  br label %for.cond

for.cond:
  %i = phi i32 [ 0, %entry ], [ %inc, %body ]
  %cmp = icmp sle i32 %i, %n
  br i1 %cmp, label %body, label %for.end

body:
  %inc = add nsw i32 %i, 1
  br label %for.cond

for.end:
  ret i32 %i
}
