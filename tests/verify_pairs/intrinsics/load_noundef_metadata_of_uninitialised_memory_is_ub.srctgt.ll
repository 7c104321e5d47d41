; EXPECT: semantic_error source_more_defined
; WHY: LangRef !noundef: loading poison (uninitialised stack memory) is UB

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i32 @src() {
  %p = alloca i32, align 4
  %v = load i32, ptr %p, align 4
  ret i32 0
}

define i32 @tgt() {
  %p = alloca i32, align 4
  %v = load i32, ptr %p, align 4, !noundef !0
  ret i32 0
}

!0 = !{}
