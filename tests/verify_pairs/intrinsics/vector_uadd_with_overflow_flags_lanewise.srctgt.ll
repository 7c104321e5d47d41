; EXPECT: correct
; WHY: the vector form of uadd.with.overflow returns one overflow bit per lane

declare { <2 x i8>, <2 x i1> } @llvm.uadd.with.overflow.v2i8(<2 x i8>, <2 x i8>)

define <2 x i1> @src(<2 x i8> noundef %a, <2 x i8> noundef %b) {
  %s = call { <2 x i8>, <2 x i1> } @llvm.uadd.with.overflow.v2i8(<2 x i8> %a, <2 x i8> %b)
  %o = extractvalue { <2 x i8>, <2 x i1> } %s, 1
  ret <2 x i1> %o
}

define <2 x i1> @tgt(<2 x i8> noundef %a, <2 x i8> noundef %b) {
  %x = add <2 x i8> %a, %b
  %o = icmp ult <2 x i8> %x, %a
  ret <2 x i1> %o
}
