; EXPECT: semantic_error source_more_defined
; WHY: src special-cases y == -1 as 0 - x; tgt's sdiv INT_MIN / -1 overflows, which is UB

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp eq i32 %y, -1
  br i1 %c, label %neg, label %div

neg:
  %n = sub i32 0, %x
  ret i32 %n

div:
  %d = sdiv i32 %x, %y
  ret i32 %d
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %d = sdiv i32 %x, %y
  ret i32 %d
}
