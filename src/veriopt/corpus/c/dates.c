/* Calendar arithmetic: leap years, day of year, day of week. */

int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int day_of_year(int y, int m, int d) {
  int days = d;
  switch (m) {
  case 12: days += 30;
  case 11: days += 31;
  case 10: days += 30;
  case 9: days += 31;
  case 8: days += 31;
  case 7: days += 30;
  case 6: days += 31;
  case 5: days += 30;
  case 4: days += 31;
  case 3: days += 28 + is_leap(y);
  case 2: days += 31;
  default: break;
  }
  return days;
}

int weekday(int y, int m, int d) {
  if (m < 3) {
    m += 12;
    y -= 1;
  }
  int k = y % 100;
  int j = y / 100;
  int h = (d + 13 * (m + 1) / 5 + k + k / 4 + j / 4 + 5 * j) % 7;
  return (h + 6) % 7;
}

int seconds_of_day(int h, int m, int s) { return (h * 60 + m) * 60 + s; }

int clock_add_minutes(int minutes_of_day, int delta) {
  int t = (minutes_of_day + delta) % 1440;
  return t < 0 ? t + 1440 : t;
}
