; EXPECT: correct
; WHY: and x, undef may pick undef = 0

define i16 @src(i16 noundef %x) {
  %r = and i16 %x, undef
  ret i16 %r
}

define i16 @tgt(i16 noundef %x) {
  ret i16 0
}
