; EXPECT: semantic_error value_mismatch
; WHY: -0.0 < 0.0 is false but -0.0 has its sign bit set

define i1 @src(float noundef %x) {
  %r = fcmp olt float %x, 0.0
  ret i1 %r
}

define i1 @tgt(float noundef %x) {
  %i = bitcast float %x to i32
  %r = icmp slt i32 %i, 0
  ret i1 %r
}
