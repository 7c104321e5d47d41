; EXPECT: semantic_error target_more_poisonous
; WHY: fptoui -1.0 is poison (out of range for unsigned), fptosi -1.0 is -1

define i32 @src(double noundef %x) {
  %r = fptosi double %x to i32
  ret i32 %r
}

define i32 @tgt(double noundef %x) {
  %r = fptoui double %x to i32
  ret i32 %r
}
