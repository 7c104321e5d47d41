; EXPECT: correct
; WHY: constant arithmetic rounds like the instruction: 0.1f + 0.2f is the float 0x3E99999A

define float @src() {
  %r = fadd float 0x3FB99999A0000000, 0x3FC99999A0000000
  ret float %r
}

define float @tgt() {
  ret float 0x3FD3333340000000
}
