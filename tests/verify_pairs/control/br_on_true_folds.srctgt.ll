; EXPECT: correct
; WHY: br true always takes the first successor

define i32 @src(i32 %x) {
  br i1 true, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 0
}

define i32 @tgt(i32 %x) {
  ret i32 %x
}
