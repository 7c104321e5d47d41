/* Floating point: arithmetic, comparisons, conversions and a libm call. */

#include <math.h>

double lerp(double a, double b, double t) { return a + (b - a) * t; }

float celsius_to_fahrenheit(float c) { return c * 9.0f / 5.0f + 32.0f; }

double horner(const double *coef, int n, double x) {
  double r = 0.0;
  for (int i = n - 1; i >= 0; i--)
    r = r * x + coef[i];
  return r;
}

double distance(double x0, double y0, double x1, double y1) {
  double dx = x1 - x0, dy = y1 - y0;
  return sqrt(dx * dx + dy * dy);
}

float clampf(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }

int round_to_int(double x) { return (int)(x < 0.0 ? x - 0.5 : x + 0.5); }

double mean(const float *v, int n) {
  double s = 0;
  for (int i = 0; i < n; i++)
    s += v[i];
  return n > 0 ? s / n : 0.0;
}
