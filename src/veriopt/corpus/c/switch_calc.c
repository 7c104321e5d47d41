/* switch statements: lookup-like switches, fall-through and a calculator. */

int days_in_month(int month, int leap) {
  switch (month) {
  case 2:
    return leap ? 29 : 28;
  case 4:
  case 6:
  case 9:
  case 11:
    return 30;
  default:
    return 31;
  }
}

int apply_op(char op, int a, int b) {
  switch (op) {
  case '+':
    return a + b;
  case '-':
    return a - b;
  case '*':
    return a * b;
  case '&':
    return a & b;
  case '|':
    return a | b;
  default:
    return 0;
  }
}

int char_class(int c) {
  switch (c) {
  case ' ':
  case '\t':
  case '\n':
    return 1;
  case '0': case '1': case '2': case '3': case '4':
  case '5': case '6': case '7': case '8': case '9':
    return 2;
  default:
    return (c >= 'a' && c <= 'z') ? 3 : 0;
  }
}

int weight(int kind) {
  int w = 0;
  switch (kind) {
  case 0:
    w += 1;
  case 1:
    w += 2;
  case 2:
    w += 4;
    break;
  default:
    w = -1;
  }
  return w;
}
