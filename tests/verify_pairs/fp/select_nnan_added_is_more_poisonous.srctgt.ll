; EXPECT: semantic_error target_more_poisonous
; WHY: select nnan is poison when the chosen value is NaN

define double @src(i1 noundef %c, double noundef %x, double noundef %y) {
  %r = select i1 %c, double %x, double %y
  ret double %r
}

define double @tgt(i1 noundef %c, double noundef %x, double noundef %y) {
  %r = select nnan i1 %c, double %x, double %y
  ret double %r
}
