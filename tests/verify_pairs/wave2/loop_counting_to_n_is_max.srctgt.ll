; EXPECT: correct
; WHY: the loop returns max(n, 1) (a bounded proof: executions with more iterations than the unroll bound are not covered)

define i32 @src(i32 noundef %n) {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %i1 = add nuw i32 %i, 1
  %c = icmp ult i32 %i1, %n
  br i1 %c, label %loop, label %exit

exit:
  ret i32 %i1
}

define i32 @tgt(i32 noundef %n) {
  %c = icmp ugt i32 %n, 1
  %r = select i1 %c, i32 %n, i32 1
  ret i32 %r
}
