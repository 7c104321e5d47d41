/* Integer geometry on structs: orientation, bounding boxes, triangle area. */

struct vec2 {
  long x, y;
};

struct box {
  long x0, y0, x1, y1;
};

int orientation(long ax, long ay, long bx, long by, long cx, long cy) {
  struct vec2 ab = {bx - ax, by - ay};
  struct vec2 ac = {cx - ax, cy - ay};
  long c = ab.x * ac.y - ab.y * ac.x;
  return (c > 0) - (c < 0);
}

long twice_triangle_area(long ax, long ay, long bx, long by, long cx, long cy) {
  long a = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return a < 0 ? -a : a;
}

long box_width(long x0, long y0, long x1, long y1) {
  struct box b = {x0, y0, x1, y1};
  (void)b.y0;
  (void)b.y1;
  return b.x1 - b.x0;
}

int boxes_touch(long ax0, long ax1, long bx0, long bx1) {
  struct box a = {ax0, 0, ax1, 0}, b = {bx0, 0, bx1, 0};
  return !(a.x1 < b.x0 || b.x1 < a.x0);
}

long squared_length(long x, long y) {
  struct vec2 v;
  v.x = x;
  v.y = y;
  return v.x * v.x + v.y * v.y;
}
