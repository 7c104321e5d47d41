/* Recursive functions: calls to themselves and to each other. */

unsigned long factorial(unsigned n) { return n <= 1 ? 1 : n * factorial(n - 1); }

int fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

long power(long base, unsigned exp) {
  if (exp == 0)
    return 1;
  long half = power(base, exp / 2);
  return (exp & 1) ? half * half * base : half * half;
}

int is_odd(unsigned n);

int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

int ackermann(int m, int n) {
  if (m == 0)
    return n + 1;
  if (n == 0)
    return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}
