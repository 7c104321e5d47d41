; EXPECT: correct
; WHY: the same addition on either path: the phi can move to the operand

define double @src(i1 noundef %c, double noundef %a, double noundef %b, double noundef %y) {
entry:
  br i1 %c, label %l, label %r
l:
  %x1 = fadd double %a, %y
  br label %j
r:
  %x2 = fadd double %b, %y
  br label %j
j:
  %p = phi double [ %x1, %l ], [ %x2, %r ]
  ret double %p
}

define double @tgt(i1 noundef %c, double noundef %a, double noundef %b, double noundef %y) {
  %s = select i1 %c, double %a, double %b
  %r = fadd double %s, %y
  ret double %r
}
