; EXPECT: correct
; WHY: a phi that selects poison is poison; merging it with x gives x

define i32 @src(i1 %c, i32 %x) {
  br i1 %c, label %a, label %b

a:
  br label %m

b:
  br label %m

m:
  %p = phi i32 [ poison, %a ], [ %x, %b ]
  ret i32 %p
}

define i32 @tgt(i1 %c, i32 %x) {
  ret i32 %x
}
