; EXPECT: correct
; WHY: fshl(x, x, c) rotates x left by c mod 32: (x << (c & 31)) | (x >> (-c & 31))

declare i32 @llvm.fshl.i32(i32, i32, i32)

define i32 @src(i32 noundef %x, i32 noundef %c) {
  %r = call i32 @llvm.fshl.i32(i32 %x, i32 %x, i32 %c)
  ret i32 %r
}

define i32 @tgt(i32 noundef %x, i32 noundef %c) {
  %s = and i32 %c, 31
  %l = shl i32 %x, %s
  %n = sub i32 0, %c
  %t = and i32 %n, 31
  %h = lshr i32 %x, %t
  %r = or i32 %l, %h
  ret i32 %r
}
