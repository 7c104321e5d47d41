; EXPECT: correct
; WHY: or disjoint guarantees no common bits, so it equals add

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = or disjoint i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = add i32 %x, %y
  ret i32 %r
}
