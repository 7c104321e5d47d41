; EXPECT: correct
; WHY: a loop with two exits (found k, or i reaches 4) looking for the first i with i*i == k returns the index of a perfect square below 16, else -1
define i32 @src(i32 noundef %k) {
entry:
  br label %loop

loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
  %sq = mul i32 %i, %i
  %hit = icmp eq i32 %sq, %k
  br i1 %hit, label %found, label %latch

latch:
  %i.next = add i32 %i, 1
  %more = icmp ult i32 %i.next, 4
  br i1 %more, label %loop, label %notfound

found:
  ret i32 %i

notfound:
  ret i32 -1
}

define i32 @tgt(i32 noundef %k) {
  switch i32 %k, label %none [
    i32 0, label %r0
    i32 1, label %r1
    i32 4, label %r2
    i32 9, label %r3
  ]
r0:
  ret i32 0
r1:
  ret i32 1
r2:
  ret i32 2
r3:
  ret i32 3
none:
  ret i32 -1
}
