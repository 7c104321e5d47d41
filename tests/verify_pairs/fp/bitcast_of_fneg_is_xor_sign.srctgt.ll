; EXPECT: correct
; WHY: fneg flips exactly the sign bit

define i32 @src(float noundef %x) {
  %n = fneg float %x
  %r = bitcast float %n to i32
  ret i32 %r
}

define i32 @tgt(float noundef %x) {
  %i = bitcast float %x to i32
  %r = xor i32 %i, -2147483648
  ret i32 %r
}
