; EXPECT: correct
; WHY: a load of { i8, i32 } reads field 0 at offset 0 and ignores the 3 padding bytes (LangRef load: padding "may be accessed but [is] ignored"); the whole 8 bytes are dereferenceable

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i8 @src(i8 noundef %a) {
  %p = alloca { i8, i32 }, align 4
  store i8 %a, ptr %p, align 4
  %v = load { i8, i32 }, ptr %p, align 4
  %e = extractvalue { i8, i32 } %v, 0
  ret i8 %e
}

define i8 @tgt(i8 noundef %a) {
  ret i8 %a
}
