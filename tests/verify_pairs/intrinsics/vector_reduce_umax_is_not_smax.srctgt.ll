; EXPECT: semantic_error value_mismatch
; WHY: reduce.umax and reduce.smax disagree on lanes with the sign bit set

declare i8 @llvm.vector.reduce.umax.v2i8(<2 x i8>)
declare i8 @llvm.vector.reduce.smax.v2i8(<2 x i8>)

define i8 @src(<2 x i8> noundef %v) {
  %r = call i8 @llvm.vector.reduce.umax.v2i8(<2 x i8> %v)
  ret i8 %r
}

define i8 @tgt(<2 x i8> noundef %v) {
  %r = call i8 @llvm.vector.reduce.smax.v2i8(<2 x i8> %v)
  ret i8 %r
}
