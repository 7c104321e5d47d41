/* Conversions between integers and floating point, and float comparisons. */

float int_to_float(int x) { return (float)x; }

int float_to_int(float f) { return (int)f; }

double widen(float f) { return f; }

float narrow(double d) { return (float)d; }

unsigned to_unsigned(double d) { return d <= 0.0 ? 0u : (unsigned)d; }

int is_nan(double x) { return x != x; }

double scale_by_two(double x) { return x * 2.0 + 0.0; }

float average2(float a, float b) { return (a + b) * 0.5f; }

double percent(int part, int whole) { return whole == 0 ? 0.0 : 100.0 * part / whole; }

int sign_of(float x) { return (x > 0.0f) - (x < 0.0f); }
