; EXPECT: correct
; WHY: two returns merged into one select on the same condition

define i64 @src(i64 noundef %x) {
  %c = icmp ult i64 %x, 100
  br i1 %c, label %small, label %big

small:
  %a = add i64 %x, 1
  ret i64 %a

big:
  ret i64 100
}

define i64 @tgt(i64 noundef %x) {
  %c = icmp ult i64 %x, 100
  %a = add i64 %x, 1
  %r = select i1 %c, i64 %a, i64 100
  ret i64 %r
}
