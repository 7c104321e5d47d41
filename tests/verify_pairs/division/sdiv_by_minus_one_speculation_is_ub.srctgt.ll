; EXPECT: semantic_error source_more_defined
; WHY: sdiv by -1 overflows (UB) for x == INT_MIN, so it cannot be hoisted above the guard

define i32 @src(i1 noundef %c, i32 noundef %x) {
  br i1 %c, label %div, label %done

div:
  %d = sdiv i32 %x, -1
  ret i32 %d

done:
  ret i32 0
}

define i32 @tgt(i1 noundef %c, i32 noundef %x) {
  %d = sdiv i32 %x, -1
  %r = select i1 %c, i32 %d, i32 0
  ret i32 %r
}
