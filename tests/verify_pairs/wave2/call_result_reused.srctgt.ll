; EXPECT: correct
; WHY: calls to declared functions are outside the first wave (later: the same call, extra add x, 0 dropped)

declare i32 @g(i32)

define i32 @src(i32 noundef %x) {
  %r = call i32 @g(i32 %x)
  %s = add i32 %r, 0
  ret i32 %s
}

define i32 @tgt(i32 noundef %x) {
  %r = call i32 @g(i32 %x)
  ret i32 %r
}
