; EXPECT: semantic_error value_mismatch
; WHY: UB on the c = true path says nothing about the c = false path, which returns x

define i32 @src(i1 %c, i32 noundef %x, i32 noundef %y) {
  br i1 %c, label %a, label %b

a:
  unreachable

b:
  ret i32 %x
}

define i32 @tgt(i1 %c, i32 noundef %x, i32 noundef %y) {
  ret i32 %y
}
