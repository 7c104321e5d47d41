; EXPECT: semantic_error source_more_defined
; WHY: urem by zero is UB; src guards it with a branch, tgt computes it unconditionally

define i64 @src(i64 noundef %x, i64 noundef %y) {
  %c = icmp ne i64 %y, 0
  br i1 %c, label %rem, label %done

rem:
  %m = urem i64 %x, %y
  ret i64 %m

done:
  ret i64 %x
}

define i64 @tgt(i64 noundef %x, i64 noundef %y) {
  %m = urem i64 %x, %y
  %c = icmp ne i64 %y, 0
  %r = select i1 %c, i64 %m, i64 %x
  ret i64 %r
}
