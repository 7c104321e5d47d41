; EXPECT: correct
; WHY: unsigned add overflows exactly when the wrapped sum is below an operand

declare { i32, i1 } @llvm.uadd.with.overflow.i32(i32, i32)

define i1 @src(i32 noundef %a, i32 noundef %b) {
  %s = call { i32, i1 } @llvm.uadd.with.overflow.i32(i32 %a, i32 %b)
  %o = extractvalue { i32, i1 } %s, 1
  ret i1 %o
}

define i1 @tgt(i32 noundef %a, i32 noundef %b) {
  %x = add i32 %a, %b
  %o = icmp ult i32 %x, %a
  ret i1 %o
}
