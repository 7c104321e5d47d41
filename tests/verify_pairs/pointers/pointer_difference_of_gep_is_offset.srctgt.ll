; EXPECT: correct
; WHY: ptrtoint of p+8 minus ptrtoint of p is 8 (addresses inside one object)

target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"
target triple = "aarch64-unknown-linux-gnu"

define i64 @src(ptr noundef %p) {
  %q = getelementptr inbounds i8, ptr %p, i64 8
  %a = ptrtoint ptr %q to i64
  %b = ptrtoint ptr %p to i64
  %d = sub i64 %a, %b
  ret i64 %d
}

define i64 @tgt(ptr noundef %p) {
  ret i64 8
}
