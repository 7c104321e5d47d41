; EXPECT: not_correct
; WHY: tgt loops forever where src returns: never claimed correct (Alive2: "The target program doesn't reach a return instruction")
define i32 @src(i32 noundef %x) {
  ret i32 %x
}

define i32 @tgt(i32 noundef %x) {
entry:
  br label %loop

loop:
  br label %loop
}
