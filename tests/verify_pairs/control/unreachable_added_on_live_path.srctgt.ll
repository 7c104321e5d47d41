; EXPECT: semantic_error source_more_defined
; WHY: tgt turns the false path into unreachable (UB) where src returned y

define i32 @src(i1 noundef %c, i32 %x, i32 %y) {
  %r = select i1 %c, i32 %x, i32 %y
  ret i32 %r
}

define i32 @tgt(i1 noundef %c, i32 %x, i32 %y) {
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  unreachable
}
