; EXPECT: correct
; WHY: a call result outside its range(...) attribute is poison: umin(x, 20) outside [0, 10) may become anything

declare i32 @llvm.umin.i32(i32, i32)

define i32 @src(i32 noundef %x) {
  %r = call range(i32 0, 10) i32 @llvm.umin.i32(i32 %x, i32 20)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  %r = call i32 @llvm.umin.i32(i32 %x, i32 9)
  ret i32 %r
}
