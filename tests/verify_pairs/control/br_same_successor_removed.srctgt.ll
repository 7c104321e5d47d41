; EXPECT: correct
; WHY: br c, m, m is UB on poison c in src; removing it only removes UB

define i32 @src(i1 %c, i32 %x) {
  br i1 %c, label %m, label %m

m:
  ret i32 %x
}

define i32 @tgt(i1 %c, i32 %x) {
  ret i32 %x
}
