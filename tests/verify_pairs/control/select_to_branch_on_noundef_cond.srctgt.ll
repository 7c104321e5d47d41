; EXPECT: correct
; WHY: a noundef condition cannot be poison, so turning select into br adds no UB

define i32 @src(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 %y
}
