; EXPECT: correct
; WHY: 0+1+2+3 = 6: a loop with constant trip count 4 (inside the bound) folds to a constant
define i32 @src() {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %loop ]
  %s.next = add i32 %s, %i
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, 4
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s.next
}

define i32 @tgt() {
  ret i32 6
}
