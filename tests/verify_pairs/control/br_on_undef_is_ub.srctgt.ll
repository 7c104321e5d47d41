; EXPECT: correct
; WHY: br on undef is UB (LangRef), so any tgt refines src

define i8 @src() {
  br i1 undef, label %a, label %b

a:
  ret i8 1

b:
  ret i8 2
}

define i8 @tgt() {
  ret i8 3
}
