/* A main that prints: calls to printf with format strings and globals. */

#include <stdio.h>

static const char *names[] = {"zero", "one", "two", "three"};

int checked_index(int i) { return (i >= 0 && i < 4) ? i : 0; }

void print_table(int n) {
  for (int i = 0; i < n; i++)
    printf("%d\t%d\t%d\n", i, i * i, i * i * i);
}

void print_name(int i) { printf("name[%d] = %s\n", i, names[checked_index(i)]); }

int main(void) {
  int total = 0;
  for (int i = 0; i < 4; i++) {
    total += i * 3;
    print_name(i);
  }
  print_table(5);
  printf("total = %d\n", total);
  return total == 18 ? 0 : 1;
}
