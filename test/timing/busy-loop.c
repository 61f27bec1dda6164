/* Test fixture: spins until its own user+sys CPU (getrusage RUSAGE_SELF) reaches
   argv[1] microseconds, prints the figure it read, and exits at once, so the only
   CPU the kernel charges after that reading is the process teardown. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char **argv) {
  long long target = argc > 1 ? atoll(argv[1]) : 200000, used = 0;
  volatile unsigned long sink = 0;
  struct rusage ru;
  do {
    for (int i = 0; i < 100000; i++) sink += i;
    getrusage(RUSAGE_SELF, &ru);
    used = ru.ru_utime.tv_sec * 1000000LL + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000LL + ru.ru_stime.tv_usec;
  } while (used < target);
  printf("%lld\n", used);
  fflush(stdout);
  _exit(0);
}
