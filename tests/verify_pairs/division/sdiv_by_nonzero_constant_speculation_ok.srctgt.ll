; EXPECT: correct
; WHY: sdiv by 7 can neither divide by zero nor overflow, so hoisting it is fine

define i32 @src(i1 noundef %c, i32 noundef %x) {
  br i1 %c, label %div, label %done

div:
  %d = sdiv i32 %x, 7
  ret i32 %d

done:
  ret i32 0
}

define i32 @tgt(i1 noundef %c, i32 noundef %x) {
  %d = sdiv i32 %x, 7
  %r = select i1 %c, i32 %d, i32 0
  ret i32 %r
}
