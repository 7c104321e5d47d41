; EXPECT: not_correct
; WHY: src counts down from 1000 before returning, past every unroll bound we try (8, 32, 128): no returning execution is seen, so nothing is claimed (Alive2: "The source program doesn't reach a return instruction")
define i32 @src(i32 noundef %x) {
entry:
  br label %loop

loop:
  %i = phi i32 [ 1000, %entry ], [ %i.next, %loop ]
  %i.next = sub i32 %i, 1
  %done = icmp eq i32 %i.next, 0
  br i1 %done, label %exit, label %loop

exit:
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
