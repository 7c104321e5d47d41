/* Functions that read and update global state. */

int counter;
static int calls;
const int limits[4] = {10, 20, 40, 80};
long history[8];

int next_id(void) {
  calls++;
  return ++counter;
}

int limit_for(int level) { return limits[level & 3]; }

void record(int slot, long value) { history[slot & 7] = value; }

long last_recorded(void) { return history[7]; }

int calls_so_far(void) { return calls; }

void reset_counter(int to) {
  counter = to;
  calls = 0;
}

int over_limit(int level, int value) { return value > limits[level & 3]; }
