; EXPECT: correct
; WHY: each incoming value is computed on its own edge: x + 1 on one path, x - 1 on the other

define i32 @src(i32 noundef %x) {
  %c = icmp sgt i32 %x, 0
  br i1 %c, label %pos, label %neg

pos:
  %a = add i32 %x, -1
  br label %m

neg:
  %b = add i32 %x, 1
  br label %m

m:
  %p = phi i32 [ %a, %pos ], [ %b, %neg ]
  ret i32 %p
}

define i32 @tgt(i32 noundef %x) {
  %c = icmp sgt i32 %x, 0
  %d = select i1 %c, i32 -1, i32 1
  %r = add i32 %x, %d
  ret i32 %r
}
