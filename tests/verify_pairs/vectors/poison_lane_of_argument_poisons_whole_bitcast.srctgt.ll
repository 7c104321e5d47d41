; EXPECT: semantic_error target_more_poisonous
; WHY: each lane of a vector argument may be poison on its own; lane 0 defined and lane 1 poison makes the bitcast integer poison (stricter than Alive2, whose inputs are poison as a whole)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"

define i32 @src(<2 x i32> %v) {
  %a = extractelement <2 x i32> %v, i64 0
  ret i32 %a
}

define i32 @tgt(<2 x i32> %v) {
  %i = bitcast <2 x i32> %v to i64
  %t = trunc i64 %i to i32
  ret i32 %t
}
