; EXPECT: correct
; WHY: src branch on poison/undef c is UB; on defined c select computes the same value

define i32 @src(i1 %c, i32 %x, i32 %y) {
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 %y
}

define i32 @tgt(i1 %c, i32 %x, i32 %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
