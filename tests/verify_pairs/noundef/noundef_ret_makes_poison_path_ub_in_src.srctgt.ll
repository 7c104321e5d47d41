; EXPECT: correct
; WHY: src returns shl x, y from a noundef function: y >= 32 returns poison, which is UB, so tgt may trap there

define noundef i32 @src(i32 noundef %x, i32 noundef %y) {
  %s = shl i32 %x, %y
  ret i32 %s
}

define noundef i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %y, 32
  br i1 %c, label %ok, label %bad

ok:
  %s = shl i32 %x, %y
  ret i32 %s

bad:
  unreachable
}
