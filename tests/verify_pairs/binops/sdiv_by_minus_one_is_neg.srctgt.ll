; EXPECT: correct
; WHY: x /s -1 == -x; INT_MIN /s -1 is UB in src so the wrap in tgt is allowed

define i32 @src(i32 noundef %x) {
  %r = sdiv i32 %x, -1
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = sub i32 0, %x
  ret i32 %r
}
