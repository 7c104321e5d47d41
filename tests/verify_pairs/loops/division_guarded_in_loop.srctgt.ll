; EXPECT: correct
; WHY: the divisor i - 2 is only used when it is not zero; the quotients 10/-2, 10/-1, 10/1 (i = 0, 1, 3) sum to -5
define i32 @src() {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %latch ]
  %d = sub i32 %i, 2
  %zero = icmp eq i32 %d, 0
  br i1 %zero, label %latch, label %divide

divide:
  %q = sdiv i32 10, %d
  br label %latch

latch:
  %add = phi i32 [ 0, %loop ], [ %q, %divide ]
  %s.next = add i32 %s, %add
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, 4
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %s.next
}

define i32 @tgt() {
  ret i32 -5
}
