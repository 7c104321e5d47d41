; EXPECT: semantic_error source_more_defined
; WHY: br on freeze(undef) is defined; tgt unreachable is UB (Alive2 br-undef3)

define i8 @src() {
  %f = freeze i1 undef
  br i1 %f, label %a, label %b

a:
  ret i8 1

b:
  ret i8 2
}

define i8 @tgt() {
  unreachable
}
