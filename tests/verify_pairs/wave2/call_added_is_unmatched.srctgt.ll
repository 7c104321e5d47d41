; EXPECT: semantic_error source_more_defined
; WHY: calls are outside the first wave (later: a tgt call with no matching src call is UB in tgt)

declare i32 @g(i32)

define i32 @src(i32 noundef %x) {
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
  %r = call i32 @g(i32 %x)
  %z = and i32 %r, 0
  %s = or i32 %x, %z
  ret i32 %s
}
