/* Singly linked lists over caller-provided nodes. */

#include <stddef.h>

struct node {
  int value;
  struct node *next;
};

int list_length(const struct node *n) {
  int len = 0;
  while (n) {
    len++;
    n = n->next;
  }
  return len;
}

long list_sum(const struct node *n) {
  long s = 0;
  for (; n != NULL; n = n->next)
    s += n->value;
  return s;
}

struct node *list_reverse(struct node *head) {
  struct node *prev = NULL;
  while (head) {
    struct node *next = head->next;
    head->next = prev;
    prev = head;
    head = next;
  }
  return prev;
}

int second_value(const struct node *n) { return n && n->next ? n->next->value : -1; }

void push_front(struct node **head, struct node *n) {
  n->next = *head;
  *head = n;
}
