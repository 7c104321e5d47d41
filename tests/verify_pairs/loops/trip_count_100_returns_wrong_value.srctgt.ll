; EXPECT: semantic_error value_mismatch
; WHY: a loop with constant trip count 100 returns x, not 0; once the bound is raised to cover the 100 iterations the mismatch is found for every x != 0
define i32 @src(i32 noundef %x) {
entry:
  br label %loop

loop:
  %i = phi i32 [ 100, %entry ], [ %i.next, %loop ]
  %i.next = sub i32 %i, 1
  %done = icmp eq i32 %i.next, 0
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
