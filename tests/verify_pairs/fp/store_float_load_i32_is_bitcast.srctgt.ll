; EXPECT: correct
; WHY: loading the stored float's bytes as i32 gives its bit pattern

define i32 @src(float %x) {
  %p = alloca float, align 4
  store float %x, ptr %p, align 4
  %r = load i32, ptr %p, align 4
  ret i32 %r
}

define i32 @tgt(float %x) {
  %r = bitcast float %x to i32
  ret i32 %r
}
