; EXPECT: semantic_error target_more_poisonous
; WHY: an integer built from a vector with a poison lane is poison (memory semantics: a poison byte poisons an integer load)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"

define i32 @src() {
  ret i32 1
}

define i32 @tgt() {
  %i = bitcast <2 x i16> <i16 1, i16 poison> to i32
  ret i32 %i
}
