; EXPECT: correct
; WHY: src sdiv may be UB (y == 0, INT_MIN / -1); tgt is more defined on y == -1

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %d = sdiv i32 %x, %y
  ret i32 %d
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %c = icmp eq i32 %y, -1
  br i1 %c, label %neg, label %div

neg:
  %n = sub i32 0, %x
  ret i32 %n

div:
  %d = sdiv i32 %x, %y
  ret i32 %d
}
