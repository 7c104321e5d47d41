; EXPECT: semantic_error
; WHY: two separate freezes of a poison x may pick different values, so their difference is not always 0

define i32 @src(i32 %x) {
  %f = freeze i32 %x
  %r = sub i32 %f, %f
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  %a = freeze i32 %x
  %b = freeze i32 %x
  %r = sub i32 %a, %b
  ret i32 %r
}
