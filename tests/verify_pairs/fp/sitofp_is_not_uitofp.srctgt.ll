; EXPECT: semantic_error value_mismatch
; WHY: i8 -1 is -1.0 signed but 255.0 unsigned

define float @src(i8 noundef %x) {
  %r = sitofp i8 %x to float
  ret float %r
}

define float @tgt(i8 noundef %x) {
  %r = uitofp i8 %x to float
  ret float %r
}
