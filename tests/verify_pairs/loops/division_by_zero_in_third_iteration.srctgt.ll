; EXPECT: semantic_error source_more_defined
; WHY: tgt divides by i - 2 in every iteration, which is division by zero (UB) in the third; src never divides
define i32 @src() {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, 4
  br i1 %done, label %exit, label %loop

exit:
  ret i32 0
}

define i32 @tgt() {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %d = sub i32 %i, 2
  %q = sdiv i32 10, %d
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, 4
  br i1 %done, label %exit, label %loop

exit:
  ret i32 0
}
