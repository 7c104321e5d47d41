; EXPECT: correct
; WHY: extractvalue with a path {1, 0} reaches the first element of the nested array

define i8 @src(i8 %x) {
  %s = insertvalue { i32, [2 x i8] } zeroinitializer, i8 %x, 1, 0
  %e = extractvalue { i32, [2 x i8] } %s, 1, 0
  ret i8 %e
}

define i8 @tgt(i8 %x) {
  ret i8 %x
}
