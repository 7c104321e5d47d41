; EXPECT: semantic_error source_more_defined
; WHY: tgt divides by undef, which may be 0: UB where src is defined

define i32 @src(i32 noundef %x) {
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  %d = udiv i32 %x, undef
  %z = and i32 %d, 0
  %r = or i32 %x, %z
  ret i32 %r
}
