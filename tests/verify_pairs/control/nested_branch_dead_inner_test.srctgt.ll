; EXPECT: correct
; WHY: inside x >s 10 the test x >s 5 is always true

define i32 @src(i32 noundef %x) {
  %c1 = icmp sgt i32 %x, 10
  br i1 %c1, label %outer, label %other

outer:
  %c2 = icmp sgt i32 %x, 5
  br i1 %c2, label %one, label %two

one:
  ret i32 1

two:
  ret i32 2

other:
  ret i32 3
}

define i32 @tgt(i32 noundef %x) {
  %c1 = icmp sgt i32 %x, 10
  %r = select i1 %c1, i32 1, i32 3
  ret i32 %r
}
