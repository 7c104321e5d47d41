; EXPECT: correct
; WHY: an i8 counter from 100 stepped four times stays below 127, so adding nsw never makes it poison
define i8 @src() {
entry:
  br label %loop

loop:
  %k = phi i32 [ 0, %entry ], [ %k.next, %loop ]
  %c = phi i8 [ 100, %entry ], [ %c.next, %loop ]
  %c.next = add i8 %c, 1
  %k.next = add i32 %k, 1
  %done = icmp eq i32 %k.next, 4
  br i1 %done, label %exit, label %loop

exit:
  ret i8 %c.next
}

define i8 @tgt() {
entry:
  br label %loop

loop:
  %k = phi i32 [ 0, %entry ], [ %k.next, %loop ]
  %c = phi i8 [ 100, %entry ], [ %c.next, %loop ]
  %c.next = add nsw i8 %c, 1
  %k.next = add i32 %k, 1
  %done = icmp eq i32 %k.next, 4
  br i1 %done, label %exit, label %loop

exit:
  ret i8 %c.next
}
