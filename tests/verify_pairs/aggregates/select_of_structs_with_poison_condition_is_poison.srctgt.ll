; EXPECT: semantic_error target_more_poisonous
; WHY: select on a poison condition is poison in every element, even when both arms agree there

define i32 @src(i1 %c, i32 noundef %a) {
  ret i32 %a
}

define i32 @tgt(i1 %c, i32 noundef %a) {
  %s = insertvalue { i32, i32 } poison, i32 %a, 0
  %t = insertvalue { i32, i32 } zeroinitializer, i32 %a, 0
  %r = select i1 %c, { i32, i32 } %s, { i32, i32 } %t
  %e = extractvalue { i32, i32 } %r, 0
  ret i32 %e
}
