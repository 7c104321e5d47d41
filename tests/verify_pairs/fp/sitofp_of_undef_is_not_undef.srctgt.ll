; EXPECT: semantic_error value_mismatch
; WHY: sitofp i32 undef can only give integers, not e.g. 0.5 (Alive2 bugs/pr6940)

define double @src() {
  %r = sitofp i32 undef to double
  ret double %r
}

define double @tgt() {
  ret double undef
}
