; EXPECT: semantic_error value_mismatch
; WHY: a do-while body runs at least once: without the n != 0 guard, n = 0 counts one iteration (returns 1) where the while loop returns 0
define i32 @src(i32 noundef %n) {
entry:
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %i
}

define i32 @tgt(i32 noundef %n) {
entry:
  br label %body

body:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %i.next = add nuw i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %body, label %exit

exit:
  ret i32 %i.next
}
