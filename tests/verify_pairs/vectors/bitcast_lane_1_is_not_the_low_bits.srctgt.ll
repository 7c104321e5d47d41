; EXPECT: semantic_error value_mismatch
; WHY: on a little-endian target the low half of the integer is lane 0, not lane 1

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"

define i16 @src(<2 x i16> noundef %v) {
  %i = bitcast <2 x i16> %v to i32
  %t = trunc i32 %i to i16
  ret i16 %t
}

define i16 @tgt(<2 x i16> noundef %v) {
  %e = extractelement <2 x i16> %v, i64 1
  ret i16 %e
}
