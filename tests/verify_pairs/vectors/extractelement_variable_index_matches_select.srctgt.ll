; EXPECT: correct
; WHY: extractelement with an index in range picks that lane; out of range is poison

define i8 @src(<2 x i8> noundef %v, i32 noundef %i) {
  %e = extractelement <2 x i8> %v, i32 %i
  ret i8 %e
}

define i8 @tgt(<2 x i8> noundef %v, i32 noundef %i) {
  %a = extractelement <2 x i8> %v, i32 0
  %b = extractelement <2 x i8> %v, i32 1
  %c = icmp eq i32 %i, 0
  %r = select i1 %c, i8 %a, i8 %b
  ret i8 %r
}
