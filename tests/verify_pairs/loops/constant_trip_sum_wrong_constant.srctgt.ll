; EXPECT: semantic_error value_mismatch
; WHY: 0+1+2+3 = 6, not 10 (that would be 0+...+4): the loop runs exactly four times
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
  ret i32 10
}
