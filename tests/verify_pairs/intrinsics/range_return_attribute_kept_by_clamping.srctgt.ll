; EXPECT: correct
; WHY: returning umin(x, 9) always stays inside range(i8 0, 10), so tgt with the attribute refines src

declare i8 @llvm.umin.i8(i8, i8)

define i8 @src(i8 noundef %x) {
  %m = call i8 @llvm.umin.i8(i8 %x, i8 9)
  ret i8 %m
}

define range(i8 0, 10) i8 @tgt(i8 noundef %x) {
  %c = icmp ult i8 %x, 9
  %m = select i1 %c, i8 %x, i8 9
  ret i8 %m
}
