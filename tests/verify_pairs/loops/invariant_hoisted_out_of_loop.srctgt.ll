; EXPECT: correct
; WHY: loop-invariant code motion: x * 3 does not change between iterations, so computing it once before the loop gives the same sum
define i32 @src(i32 noundef %n, i32 noundef %x) {
entry:
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %m = mul i32 %x, 3
  %s.next = add i32 %s, %m
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %s
}

define i32 @tgt(i32 noundef %n, i32 noundef %x) {
entry:
  %m = mul i32 %x, 3
  br label %cond

cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit

body:
  %s.next = add i32 %s, %m
  %i.next = add nuw i32 %i, 1
  br label %cond

exit:
  ret i32 %s
}
