; EXPECT: correct
; WHY: scmp(x, x) is 0 (neither less nor greater)

declare i8 @llvm.scmp.i8.i32(i32, i32)

define i8 @src(i32 noundef %x) {
  %r = call i8 @llvm.scmp.i8.i32(i32 %x, i32 %x)
  ret i8 %r
}

define i8 @tgt(i32 noundef %x) {
  ret i8 0
}
