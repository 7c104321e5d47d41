; EXPECT: semantic_error source_more_defined
; WHY: src only divides when y != 0; hoisting the udiv above the guard traps for y == 0

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %c = icmp eq i32 %y, 0
  br i1 %c, label %zero, label %div

zero:
  ret i32 0

div:
  %d = udiv i32 %x, %y
  ret i32 %d
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %d = udiv i32 %x, %y
  %c = icmp eq i32 %y, 0
  %r = select i1 %c, i32 0, i32 %d
  ret i32 %r
}
