; EXPECT: correct
; WHY: x %s -1 == 0; INT_MIN %s -1 overflows, UB in src

define i32 @src(i32 noundef %x) {
  %r = srem i32 %x, -1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 0
}
