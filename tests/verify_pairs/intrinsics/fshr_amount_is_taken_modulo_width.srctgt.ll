; EXPECT: correct
; WHY: LangRef fshr: the shift amount is taken modulo the bit width, so 33 acts as 1 on i32

declare i32 @llvm.fshr.i32(i32, i32, i32)

define i32 @src(i32 %a, i32 %b) {
  %r = call i32 @llvm.fshr.i32(i32 %a, i32 %b, i32 33)
  ret i32 %r
}

define i32 @tgt(i32 %a, i32 %b) {
  %r = call i32 @llvm.fshr.i32(i32 %a, i32 %b, i32 1)
  ret i32 %r
}
