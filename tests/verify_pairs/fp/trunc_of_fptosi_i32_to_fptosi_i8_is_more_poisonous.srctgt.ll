; EXPECT: semantic_error target_more_poisonous
; WHY: fptosi 200.0 to i8 is poison, fptosi to i32 then trunc is not

define i8 @src(float noundef %x) {
  %w = fptosi float %x to i32
  %r = trunc i32 %w to i8
  ret i8 %r
}

define i8 @tgt(float noundef %x) {
  %r = fptosi float %x to i8
  ret i8 %r
}
