; EXPECT: semantic_error source_more_defined
; WHY: hoisting a division out of a loop that may run zero times speculates it: for n = 0 and d = 0 tgt divides by zero (UB), src never divides
define i32 @src(i32 noundef %n, i32 noundef %d) {
entry:
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %q = udiv i32 100, %d
  %s.next = add i32 %s, %q
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %s
}

define i32 @tgt(i32 noundef %n, i32 noundef %d) {
entry:
  %q = udiv i32 100, %d
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %s.next = add i32 %s, %q
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %s
}
