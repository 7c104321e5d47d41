; EXPECT: semantic_error source_more_defined
; WHY: range with noundef: an out-of-range argument is UB (poison where noundef forbids it)

define i8 @src(i8 noundef %x) {
  ret i8 %x
}

define i8 @tgt(i8 noundef range(i8 0, 10) %x) {
  ret i8 %x
}
