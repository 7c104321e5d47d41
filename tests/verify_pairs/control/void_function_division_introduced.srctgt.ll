; EXPECT: semantic_error source_more_defined
; WHY: tgt's udiv by y traps for y == 0 where src just returns

define void @src(i32 noundef %x, i32 noundef %y) {
  ret void
}

define void @tgt(i32 noundef %x, i32 noundef %y) {
  %d = udiv i32 %x, %y
  ret void
}
