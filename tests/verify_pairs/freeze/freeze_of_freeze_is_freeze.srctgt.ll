; EXPECT: correct
; WHY: freeze is idempotent

define i64 @src(i64 %x) {
  %a = freeze i64 %x
  %b = freeze i64 %a
  ret i64 %b
}

define i64 @tgt(i64 %x) {
  %a = freeze i64 %x
  ret i64 %a
}
