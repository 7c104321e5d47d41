; EXPECT: correct
; WHY: a phi over a diamond picks the value of the taken edge: select c, x, y

define i32 @src(i1 noundef %c, i32 %x, i32 %y) {
  br i1 %c, label %a, label %b

a:
  br label %m

b:
  br label %m

m:
  %p = phi i32 [ %x, %a ], [ %y, %b ]
  ret i32 %p
}

define i32 @tgt(i1 noundef %c, i32 %x, i32 %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
