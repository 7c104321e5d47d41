; EXPECT: correct
; WHY: bitcasting <4 x i8> to <2 x i16> and back gives the same lanes

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"

define <4 x i8> @src(<4 x i8> %v) {
  %w = bitcast <4 x i8> %v to <2 x i16>
  %r = bitcast <2 x i16> %w to <4 x i8>
  ret <4 x i8> %r
}

define <4 x i8> @tgt(<4 x i8> %v) {
  ret <4 x i8> %v
}
