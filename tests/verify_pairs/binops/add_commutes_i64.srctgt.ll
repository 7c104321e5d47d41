; EXPECT: correct
; WHY: add is commutative (LangRef: two's complement wrapping sum)

define i64 @src(i64 noundef %x, i64 noundef %y) {
  %r = add i64 %x, %y
  ret i64 %r
}

define i64 @tgt(i64 noundef %x, i64 noundef %y) {
  %r = add i64 %y, %x
  ret i64 %r
}
