; EXPECT: correct
; WHY: shl nuw shifts out only zeros, so lshr by the same amount gives x back

define i32 @src(i32 noundef %x) {
  %s = shl nuw i32 %x, 3
  %r = lshr i32 %s, 3
  ret i32 %r
}

define i32 @tgt(i32 noundef %x) {
  ret i32 %x
}
