/* A traffic-light state machine: enum states, switch transitions, a driver loop. */

enum light { RED, RED_AMBER, GREEN, AMBER };

enum light next_light(enum light s) {
  switch (s) {
  case RED:
    return RED_AMBER;
  case RED_AMBER:
    return GREEN;
  case GREEN:
    return AMBER;
  default:
    return RED;
  }
}

int duration(enum light s) {
  switch (s) {
  case RED:
    return 30;
  case GREEN:
    return 25;
  default:
    return 3;
  }
}

int may_go(enum light s) { return s == GREEN || s == AMBER; }

int time_until_green(enum light s) {
  int t = 0;
  while (s != GREEN) {
    t += duration(s);
    s = next_light(s);
  }
  return t;
}
