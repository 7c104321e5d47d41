; EXPECT: correct
; WHY: intrinsics propagate poison: smax(x, poison) is poison, which any value refines

declare i32 @llvm.smax.i32(i32, i32)

define i32 @src(i32 %x) {
  %r = call i32 @llvm.smax.i32(i32 %x, i32 poison)
  ret i32 %r
}

define i32 @tgt(i32 %x) {
  ret i32 42
}
