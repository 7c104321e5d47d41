; EXPECT: semantic_error value_mismatch
; WHY: a 2 x 3 loop nest increments the counter six times, not five
define i32 @src() {
entry:
  br label %outer

outer:
  %i = phi i32 [ 0, %entry ], [ %i.next, %outer.latch ]
  %c.outer = phi i32 [ 0, %entry ], [ %c.inner.out, %outer.latch ]
  br label %inner

inner:
  %j = phi i32 [ 0, %outer ], [ %j.next, %inner ]
  %c = phi i32 [ %c.outer, %outer ], [ %c.next, %inner ]
  %c.next = add i32 %c, 1
  %j.next = add i32 %j, 1
  %inner.done = icmp eq i32 %j.next, 3
  br i1 %inner.done, label %outer.latch, label %inner

outer.latch:
  %c.inner.out = phi i32 [ %c.next, %inner ]
  %i.next = add i32 %i, 1
  %outer.done = icmp eq i32 %i.next, 2
  br i1 %outer.done, label %exit, label %outer

exit:
  ret i32 %c.inner.out
}

define i32 @tgt() {
  ret i32 5
}
