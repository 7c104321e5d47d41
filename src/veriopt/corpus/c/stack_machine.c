/* A tiny stack machine: a struct with an array, push/pop through pointers. */

#define STACK_MAX 16

struct stack {
  int data[STACK_MAX];
  int top;
};

void stack_init(struct stack *s) { s->top = 0; }

int stack_push(struct stack *s, int v) {
  if (s->top >= STACK_MAX)
    return 0;
  s->data[s->top++] = v;
  return 1;
}

int stack_pop(struct stack *s, int *out) {
  if (s->top == 0)
    return 0;
  *out = s->data[--s->top];
  return 1;
}

int eval_rpn(const int *code, int n) {
  struct stack s;
  stack_init(&s);
  for (int i = 0; i < n; i++) {
    int a, b;
    if (code[i] >= 0) {
      stack_push(&s, code[i]);
    } else if (stack_pop(&s, &b) && stack_pop(&s, &a)) {
      stack_push(&s, code[i] == -1 ? a + b : a * b);
    }
  }
  int r = 0;
  stack_pop(&s, &r);
  return r;
}
