; EXPECT: correct
; WHY: a phi of struct values merges them per incoming edge, like a select

define { i32, i32 } @src(i1 noundef %c, i32 %a, i32 %b) {
entry:
  br i1 %c, label %then, label %else
then:
  %s0 = insertvalue { i32, i32 } poison, i32 %a, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 %b, 1
  br label %join
else:
  %t0 = insertvalue { i32, i32 } poison, i32 %b, 0
  %t1 = insertvalue { i32, i32 } %t0, i32 %a, 1
  br label %join
join:
  %p = phi { i32, i32 } [ %s1, %then ], [ %t1, %else ]
  ret { i32, i32 } %p
}

define { i32, i32 } @tgt(i1 noundef %c, i32 %a, i32 %b) {
  %x = select i1 %c, i32 %a, i32 %b
  %y = select i1 %c, i32 %b, i32 %a
  %s0 = insertvalue { i32, i32 } poison, i32 %x, 0
  %s1 = insertvalue { i32, i32 } %s0, i32 %y, 1
  ret { i32, i32 } %s1
}
