; EXPECT: correct
; WHY: uadd.sat clamps to the unsigned maximum: sum <u a ? -1 : sum

declare i16 @llvm.uadd.sat.i16(i16, i16)

define i16 @src(i16 noundef %a, i16 noundef %b) {
  %r = call i16 @llvm.uadd.sat.i16(i16 %a, i16 %b)
  ret i16 %r
}

define i16 @tgt(i16 noundef %a, i16 noundef %b) {
  %s = add i16 %a, %b
  %c = icmp ult i16 %s, %a
  %r = select i1 %c, i16 -1, i16 %s
  ret i16 %r
}
