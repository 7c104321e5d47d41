; EXPECT: correct
; WHY: uitofp nneg is poison on negative operands; otherwise signed and unsigned readings agree

define double @src(i32 noundef %x) {
  %r = uitofp nneg i32 %x to double
  ret double %r
}

define double @tgt(i32 noundef %x) {
  %r = sitofp i32 %x to double
  ret double %r
}
