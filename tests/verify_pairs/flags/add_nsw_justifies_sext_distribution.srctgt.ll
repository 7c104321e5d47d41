; EXPECT: correct
; WHY: sext(x +nsw 1) == sext(x) + 1: no signed overflow means the wide sum is exact

define i64 @src(i32 noundef %x) {
  %a = add nsw i32 %x, 1
  %r = sext i32 %a to i64
  ret i64 %r
}

define i64 @tgt(i32 noundef %x) {
  %s = sext i32 %x to i64
  %r = add nsw i64 %s, 1
  ret i64 %r
}
