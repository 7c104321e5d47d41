; EXPECT: correct
; WHY: phi [1, true edge], [0, false edge] == zext c

define i32 @src(i1 noundef %c) {
  br i1 %c, label %a, label %b

a:
  br label %m

b:
  br label %m

m:
  %p = phi i32 [ 1, %a ], [ 0, %b ]
  ret i32 %p
}

define i32 @tgt(i1 noundef %c) {
  %r = zext i1 %c to i32
  ret i32 %r
}
