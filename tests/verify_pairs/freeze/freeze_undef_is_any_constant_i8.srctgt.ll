; EXPECT: correct
; WHY: freeze undef returns an arbitrary fixed value; tgt may pick 0

define i8 @src() {
  %f = freeze i8 undef
  ret i8 %f
}

define i8 @tgt() {
  ret i8 0
}
