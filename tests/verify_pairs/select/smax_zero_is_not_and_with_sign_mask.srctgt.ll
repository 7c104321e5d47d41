; EXPECT: semantic_error value_mismatch
; WHY: max(x, 0) is x & ~(x >>s 31); x & (x >>s 31) is min(x, 0)

define i32 @src(i32 noundef %x) {
  %c = icmp slt i32 %x, 0
  %r = select i1 %c, i32 0, i32 %x
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %s = ashr i32 %x, 31
  %r = and i32 %x, %s
  ret i32 %r
}
