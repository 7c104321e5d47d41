; EXPECT: semantic_error
; WHY: adding noundef to a parameter makes a poison input UB in tgt but not in src

define i32 @src(i32 %x) {
  %a = add i32 %x, 1
  ret i32 %a
}

define i32 @tgt(i32 noundef %x) {
  %a = add i32 %x, 1
  ret i32 %a
}
