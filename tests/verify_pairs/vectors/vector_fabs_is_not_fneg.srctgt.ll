; EXPECT: semantic_error value_mismatch
; WHY: fabs clears the sign bit, fneg flips it: fabs(1.0) = 1.0 but fneg(1.0) = -1.0

declare <2 x double> @llvm.fabs.v2f64(<2 x double>)
define <2 x double> @src(<2 x double> noundef %x) {
  %r = call <2 x double> @llvm.fabs.v2f64(<2 x double> %x)
  ret <2 x double> %r
}
define <2 x double> @tgt(<2 x double> noundef %x) {
  %r = fneg <2 x double> %x
  ret <2 x double> %r
}
