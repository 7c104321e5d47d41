; EXPECT: correct
; WHY: branching on freeze(c) is never UB; tgt select on the same frozen c agrees

define i32 @src(i1 %c, i32 noundef %x, i32 noundef %y) {
  %f = freeze i1 %c
  br i1 %f, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 %y
}

define i32 @tgt(i1 %c, i32 noundef %x, i32 noundef %y) {
  %f = freeze i1 %c
  %r = select i1 %f, i32 %x, i32 %y
  ret i32 %r
}
