; EXPECT: semantic_error value_mismatch
; WHY: the value flowing in from %b (the false edge) is y, not x

define i32 @src(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  br i1 %c, label %a, label %b

a:
  br label %m

b:
  br label %m

m:
  %p = phi i32 [ %y, %a ], [ %x, %b ]
  ret i32 %p
}

define i32 @tgt(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}
