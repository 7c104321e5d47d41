; EXPECT: correct
; WHY: every i16 is exact in float, so fptosi gives it back

define i16 @src(i16 noundef %x) {
  %f = sitofp i16 %x to float
  %r = fptosi float %f to i16
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  ret i16 %x
}
