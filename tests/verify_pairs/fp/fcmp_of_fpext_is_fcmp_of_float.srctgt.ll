; EXPECT: correct
; WHY: fpext is exact, so comparing the widened values compares the floats

define i1 @src(float noundef %x, float noundef %y) {
  %a = fpext float %x to double
  %b = fpext float %y to double
  %r = fcmp olt double %a, %b
  ret i1 %r
}

define i1 @tgt(float noundef %x, float noundef %y) {
  %r = fcmp olt float %x, %y
  ret i1 %r
}
