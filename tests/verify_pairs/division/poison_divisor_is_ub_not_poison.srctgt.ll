; EXPECT: correct
; WHY: a poison divisor (1 << y with y >= 32) is UB in src, so tgt may trap there too

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %p = shl i32 1, %y
  %r = udiv i32 %x, %p
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %y, 32
  br i1 %c, label %ok, label %bad

ok:
  %r = lshr i32 %x, %y
  ret i32 %r

bad:
  unreachable
}
