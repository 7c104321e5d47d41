; EXPECT: semantic_error value_mismatch
; WHY: the phi takes x from the true edge, not y

define i32 @src(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  br i1 %c, label %a, label %b

a:
  br label %m

b:
  br label %m

m:
  %p = phi i32 [ %x, %a ], [ %y, %b ]
  ret i32 %p
}

define i32 @tgt(i1 noundef %c, i32 noundef %x, i32 noundef %y) {
  %r = select i1 %c, i32 %y, i32 %x
  ret i32 %r
}
