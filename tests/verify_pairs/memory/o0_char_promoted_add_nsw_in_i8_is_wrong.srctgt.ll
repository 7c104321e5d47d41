; EXPECT: semantic_error target_more_poisonous
; WHY: c = 127 wraps to -128 after truncation in src; add nsw in i8 makes it poison

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i8 @src(i8 noundef %c) {
entry:
  %c.addr = alloca i8, align 1
  store i8 %c, ptr %c.addr, align 1
  %0 = load i8, ptr %c.addr, align 1
  %conv = zext i8 %0 to i32
  %add = add nsw i32 %conv, 1
  %conv1 = trunc i32 %add to i8
  ret i8 %conv1
}

define i8 @tgt(i8 noundef %c) {
  %add = add nsw i8 %c, 1
  ret i8 %add
}
