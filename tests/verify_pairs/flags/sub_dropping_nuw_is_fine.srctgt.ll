; EXPECT: correct
; WHY: dropping nuw on sub removes poison only

define i32 @src(i32 noundef %x, i32 noundef %y) {
  %r = sub nuw i32 %x, %y
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %y) {
  %r = sub i32 %x, %y
  ret i32 %r
}
