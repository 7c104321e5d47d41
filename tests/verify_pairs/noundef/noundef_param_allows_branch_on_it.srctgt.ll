; EXPECT: correct
; WHY: a noundef i1 parameter is never poison or undef, so branching on it is never UB

define i32 @src(i1 noundef %c, i32 %x, i32 %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 noundef %c, i32 %x, i32 %y) {
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 %y
}
