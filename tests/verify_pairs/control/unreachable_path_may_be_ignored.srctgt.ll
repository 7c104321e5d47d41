; EXPECT: correct
; WHY: reaching unreachable is UB, so tgt may assume c is true

define i32 @src(i1 %c, i32 %x) {
  br i1 %c, label %a, label %b

a:
  ret i32 %x

b:
  unreachable
}

define i32 @tgt(i1 %c, i32 %x) {
  ret i32 %x
}
