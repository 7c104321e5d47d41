; EXPECT: semantic_error source_more_defined
; WHY: without noundef on the return, src merely returns poison for y >= 32; tgt's unreachable is UB

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %s = shl i32 %x, %y
  ret i32 %s
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp ult i32 %y, 32
  br i1 %c, label %ok, label %bad

ok:
  %s = shl i32 %x, %y
  ret i32 %s

bad:
  unreachable
}
