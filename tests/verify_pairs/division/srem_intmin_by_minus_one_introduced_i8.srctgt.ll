; EXPECT: semantic_error source_more_defined
; WHY: srem -128, -1 is UB (LangRef: overflow in the implied division); src avoids it

define i8 @src(i8 noundef %x, i8 noundef %y) {
  %c = icmp eq i8 %y, -1
  br i1 %c, label %m1, label %rem

m1:
  ret i8 0

rem:
  %r = srem i8 %x, %y
  ret i8 %r
}

define i8 @tgt(i8 noundef %x, i8 noundef %y) {
  %r = srem i8 %x, %y
  %c = icmp eq i8 %y, -1
  %s = select i1 %c, i8 0, i8 %r
  ret i8 %s
}
