; EXPECT: semantic_error value_mismatch
; WHY: br true takes the first successor, not the second

define i32 @src(i32 noundef %x) {
  br i1 true, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 0
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
