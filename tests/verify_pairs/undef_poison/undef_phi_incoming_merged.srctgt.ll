; EXPECT: correct
; WHY: an undef incoming value may be chosen equal to the other incoming value

define i32 @src(i1 noundef %c, i32 noundef %x) {
  br i1 %c, label %a, label %b

a:
  br label %m

b:
  br label %m

m:
  %p = phi i32 [ undef, %a ], [ %x, %b ]
  ret i32 %p
}

define i32 @tgt(i1 noundef %c, i32 noundef %x) {
  ret i32 %x
}
