/* Small structs passed by value and built on the stack. */

struct point {
  int x;
  int y;
};

struct rect {
  struct point lo;
  struct point hi;
};

int manhattan(struct point a, struct point b) {
  int dx = a.x - b.x;
  int dy = a.y - b.y;
  if (dx < 0)
    dx = -dx;
  if (dy < 0)
    dy = -dy;
  return dx + dy;
}

int dot(struct point a, struct point b) { return a.x * b.x + a.y * b.y; }

int rect_area(int x0, int y0, int x1, int y1) {
  struct rect r;
  r.lo.x = x0;
  r.lo.y = y0;
  r.hi.x = x1;
  r.hi.y = y1;
  return (r.hi.x - r.lo.x) * (r.hi.y - r.lo.y);
}

int rect_contains(int x0, int y0, int x1, int y1, int px, int py) {
  struct rect r = {{x0, y0}, {x1, y1}};
  struct point p = {px, py};
  return p.x >= r.lo.x && p.x < r.hi.x && p.y >= r.lo.y && p.y < r.hi.y;
}

long cross(int ax, int ay, int bx, int by) {
  struct point a = {ax, ay}, b = {bx, by};
  return (long)a.x * b.y - (long)a.y * b.x;
}
