; EXPECT: semantic_error value_mismatch
; WHY: (a + b) + c and a + (b + c) round differently

define half @src(half noundef %a, half noundef %b, half noundef %c) {
  %s = fadd half %a, %b
  %r = fadd half %s, %c
  ret half %r
}

define half @tgt(half noundef %a, half noundef %b, half noundef %c) {
  %s = fadd half %b, %c
  %r = fadd half %a, %s
  ret half %r
}
