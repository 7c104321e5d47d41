; EXPECT: semantic_error value_mismatch
; WHY: ucmp(-1, 0) = 1 but scmp(-1, 0) = -1

declare i8 @llvm.ucmp.i8.i32(i32, i32)
declare i8 @llvm.scmp.i8.i32(i32, i32)

define i8 @src(i32 noundef %x, i32 noundef %y) {
  %r = call i8 @llvm.ucmp.i8.i32(i32 %x, i32 %y)
  ret i8 %r
}

define i8 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = call i8 @llvm.scmp.i8.i32(i32 %x, i32 %y)
  ret i8 %r
}
