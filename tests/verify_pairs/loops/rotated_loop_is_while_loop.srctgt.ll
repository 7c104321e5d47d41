; EXPECT: correct
; WHY: loop rotation: a guarded do-while loop takes the same iterations as the while loop it came from
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
  %any = icmp ne i32 %n, 0
  br i1 %any, label %body, label %exit

body:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %s.next = add i32 %s, %i
  %i.next = add nuw i32 %i, 1
  %more = icmp ult i32 %i.next, %n
  br i1 %more, label %body, label %exit

exit:
  %r = phi i32 [ 0, %entry ], [ %s.next, %body ]
  ret i32 %r
}
