; EXPECT: correct
; WHY: ctpop(x) == 1 exactly when x != 0 and x & (x - 1) == 0

declare i32 @llvm.ctpop.i32(i32)

define i1 @src(i32 noundef %x) {
  %p = call i32 @llvm.ctpop.i32(i32 %x)
  %r = icmp eq i32 %p, 1
  ret i1 %r
}

define i1 @tgt(i32 noundef %x) {
  %nz = icmp ne i32 %x, 0
  %m = add i32 %x, -1
  %a = and i32 %x, %m
  %z = icmp eq i32 %a, 0
  %r = and i1 %nz, %z
  ret i1 %r
}
