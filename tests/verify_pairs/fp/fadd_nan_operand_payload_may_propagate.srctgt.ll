; EXPECT: correct
; WHY: when x is a NaN, x + y may return x's quiet bit and payload unchanged (LangRef NaN rules)

define double @src(double noundef %x, double noundef %y) {
  %r = fadd double %x, %y
  ret double %r
}

define double @tgt(double noundef %x, double noundef %y) {
  %n = fcmp uno double %x, 0.0
  %s = fadd double %x, %y
  %r = select i1 %n, double %x, double %s
  ret double %r
}
