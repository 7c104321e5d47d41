; EXPECT: semantic_error source_more_defined
; WHY: noundef on an aggregate return forbids poison in any element: returning { x, poison } is UB

define { i32, i32 } @src(i32 noundef %x) {
  %s = insertvalue { i32, i32 } poison, i32 %x, 0
  ret { i32, i32 } %s
}

define noundef { i32, i32 } @tgt(i32 noundef %x) {
  %s = insertvalue { i32, i32 } poison, i32 %x, 0
  ret { i32, i32 } %s
}
