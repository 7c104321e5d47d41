; EXPECT: correct
; WHY: the vector form of llvm.fabs applies fabs to each lane (LangRef: element-wise)

declare <2 x double> @llvm.fabs.v2f64(<2 x double>)
define <2 x double> @src(<2 x double> %x) {
  %r = call <2 x double> @llvm.fabs.v2f64(<2 x double> %x)
  ret <2 x double> %r
}
define <2 x double> @tgt(<2 x double> %x) {
  %a = extractelement <2 x double> %x, i64 0
  %b = extractelement <2 x double> %x, i64 1
  %fa = call double @llvm.fabs.f64(double %a)
  %fb = call double @llvm.fabs.f64(double %b)
  %r0 = insertelement <2 x double> poison, double %fa, i64 0
  %r1 = insertelement <2 x double> %r0, double %fb, i64 1
  ret <2 x double> %r1
}
declare double @llvm.fabs.f64(double)
