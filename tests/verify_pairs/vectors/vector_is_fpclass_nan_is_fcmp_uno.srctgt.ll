; EXPECT: correct
; WHY: is.fpclass with mask 3 (snan|qnan) is true exactly for NaN lanes, like fcmp uno with 0.0

declare <2 x i1> @llvm.is.fpclass.v2f32(<2 x float>, i32)
define <2 x i1> @src(<2 x float> %x) {
  %r = call <2 x i1> @llvm.is.fpclass.v2f32(<2 x float> %x, i32 3)
  ret <2 x i1> %r
}
define <2 x i1> @tgt(<2 x float> %x) {
  %r = fcmp uno <2 x float> %x, zeroinitializer
  ret <2 x i1> %r
}
