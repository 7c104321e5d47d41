; EXPECT: semantic_error value_mismatch
; WHY: +0.0 == -0.0 compares equal but the bits differ

define i1 @src(float noundef %x, float noundef %y) {
  %r = fcmp oeq float %x, %y
  ret i1 %r
}

define i1 @tgt(float noundef %x, float noundef %y) {
  %a = bitcast float %x to i32
  %b = bitcast float %y to i32
  %r = icmp eq i32 %a, %b
  ret i1 %r
}
