; EXPECT: correct
; WHY: br on poison is UB, so any tgt refines src

define i8 @src(i8 %x) {
  br i1 poison, label %a, label %b

a:
  ret i8 %x

b:
  ret i8 0
}

define i8 @tgt(i8 %x) {
  unreachable
}
