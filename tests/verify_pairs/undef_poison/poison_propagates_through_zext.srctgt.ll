; EXPECT: correct
; WHY: casts propagate poison

define i32 @src() {
  %r = zext i8 poison to i32
  ret i32 %r
}

define i32 @tgt() {
  ret i32 0
}
