; EXPECT: semantic_error source_more_defined
; WHY: br on poison is UB while select on poison is only poison

define i32 @src(i1 %c, i32 noundef %x, i32 noundef %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 %c, i32 noundef %x, i32 noundef %y) {
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  ret i32 %y
}
