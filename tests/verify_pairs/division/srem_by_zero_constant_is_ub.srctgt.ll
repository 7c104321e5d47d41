; EXPECT: correct
; WHY: srem by zero is UB like sdiv

define i8 @src(i8 noundef %x) {
  %r = srem i8 %x, 0
  ret i8 %r
}

define i8 @tgt(i8 noundef %x) {
  ret i8 0
}
