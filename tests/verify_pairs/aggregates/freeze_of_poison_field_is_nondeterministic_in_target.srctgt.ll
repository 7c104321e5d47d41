; EXPECT: semantic_error value_mismatch
; WHY: freeze turns a poison field into an arbitrary value; tgt may pick one src does not return

define i32 @src(i32 noundef %x) {
  ret i32 0
}

define i32 @tgt(i32 noundef %x) {
  %s = insertvalue { i32, i32 } poison, i32 %x, 0
  %f = freeze { i32, i32 } %s
  %e = extractvalue { i32, i32 } %f, 1
  ret i32 %e
}
