; EXPECT: semantic_error value_mismatch
; WHY: tgt skips the term i = 5 of the sum 0+1+...+(n-1), so it differs for every n >= 6 (six iterations, inside the default bound of 8)
define i32 @src(i32 noundef %n) {
entry:
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %s.next = add i32 %s, %i
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %s
}

define i32 @tgt(i32 noundef %n) {
entry:
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %five = icmp eq i32 %i, 5
  %term = select i1 %five, i32 0, i32 %i
  %s.next = add i32 %s, %term
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %s
}
