; EXPECT: correct
; WHY: cttz(1 << n) = n for n < 32; for n >= 32 the shl is poison, so anything refines

declare i32 @llvm.cttz.i32(i32, i1)

define i32 @src(i32 noundef %n) {
  %p = shl i32 1, %n
  %r = call i32 @llvm.cttz.i32(i32 %p, i1 true)
  ret i32 %r
}

define i32 @tgt(i32 noundef %n) {
  ret i32 %n
}
