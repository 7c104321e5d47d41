; EXPECT: correct
; WHY: where fptosi to i8 is not poison the value fits i8 and both agree; elsewhere src is poison

define i8 @src(float noundef %x) {
  %r = fptosi float %x to i8
  ret i8 %r
}

define i8 @tgt(float noundef %x) {
  %w = fptosi float %x to i32
  %r = trunc i32 %w to i8
  ret i8 %r
}
