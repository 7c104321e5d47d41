; EXPECT: correct
; WHY: two global variables occupy disjoint memory, so their addresses differ

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

@a = global i32 0, align 4
@b = global i32 0, align 4

define i1 @src() {
  %c = icmp eq ptr @a, @b
  ret i1 %c
}

define i1 @tgt() {
  ret i1 false
}
