/*
 * rusage-exec: run one command and report what the kernel says it cost.
 *
 *   rusage-exec --report PATH [--timeout-ms N] [--fsize-limit BYTES] -- CMD [ARG...]
 *
 * Node cannot call wait4(2), and /proc or process.resourceUsage() only give a
 * child's CPU time in 10 ms ticks. wait4's rusage is derived from the
 * scheduler's nanosecond runtime, so user + sys here is good to the
 * microsecond, and it includes every descendant the child waited for (a shell
 * wrapper around gzip is charged for gzip).
 *
 * The child inherits stdin/stdout/stderr untouched, runs in its own process
 * group (so a timeout or a forwarded SIGTERM reaches its whole tree, and any
 * stray background process is killed when it exits), dies with this helper
 * (PR_SET_PDEATHSIG), and may be given RLIMIT_FSIZE so a runaway output stops
 * at the cap instead of filling the disk.
 *
 * The report is one JSON object written to PATH after the child is reaped.
 * Exit status: 0 when the report was written, 125 when the helper itself failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HELPER_FAILED 125

static void die(const char *what) {
  fprintf(stderr, "rusage-exec: %s: %s\n", what, strerror(errno));
  exit(HELPER_FAILED);
}

static void usage(void) {
  fprintf(stderr, "usage: rusage-exec --report PATH [--timeout-ms N] [--fsize-limit BYTES] -- CMD [ARG...]\n");
  exit(HELPER_FAILED);
}

static long long parse_count(const char *text) {
  char *end = NULL;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < 0) usage();
  return v;
}

static long long now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long long timeval_us(struct timeval tv) { return (long long)tv.tv_sec * 1000000LL + tv.tv_usec; }

/* In the child: become a group leader, die with the helper, cap file size, exec. */
static void exec_child(char **argv, const sigset_t *original_mask, long long fsize_limit, int errpipe) {
  pid_t parent = getppid();
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(HELPER_FAILED); /* the helper died before prctl took hold */
  if (fsize_limit >= 0) {
    struct rlimit lim = {(rlim_t)fsize_limit, (rlim_t)fsize_limit};
    setrlimit(RLIMIT_FSIZE, &lim);
  }
  sigprocmask(SIG_SETMASK, original_mask, NULL);
  execvp(argv[0], argv);
  int err = errno;
  if (write(errpipe, &err, sizeof err) < 0) _exit(127);
  _exit(127);
}

int main(int argc, char **argv) {
  const char *report = NULL;
  long long timeout_ms = 0, fsize_limit = -1;
  int i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) { i++; break; }
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "--report") == 0) report = argv[++i];
    else if (strcmp(argv[i], "--timeout-ms") == 0) timeout_ms = parse_count(argv[++i]);
    else if (strcmp(argv[i], "--fsize-limit") == 0) fsize_limit = parse_count(argv[++i]);
    else usage();
  }
  if (report == NULL || i >= argc) usage();

  /* Signals are taken synchronously with sigtimedwait: SIGCHLD ends the wait,
     termination requests are forwarded to the child's process group. */
  sigset_t waited, original;
  sigemptyset(&waited);
  sigaddset(&waited, SIGCHLD);
  sigaddset(&waited, SIGTERM);
  sigaddset(&waited, SIGINT);
  sigaddset(&waited, SIGHUP);
  if (sigprocmask(SIG_BLOCK, &waited, &original) != 0) die("sigprocmask");

  int errpipe[2];
  if (pipe2(errpipe, O_CLOEXEC) != 0) die("pipe");
  long long start = now_ns();
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) exec_child(&argv[i], &original, fsize_limit, errpipe[1]);
  setpgid(pid, pid); /* also here, so a kill(-pid) right away cannot miss */
  close(errpipe[1]);
  int exec_errno = 0;
  if (read(errpipe[0], &exec_errno, sizeof exec_errno) != (ssize_t)sizeof exec_errno) exec_errno = 0;
  close(errpipe[0]);

  long long deadline = timeout_ms > 0 ? start + timeout_ms * 1000000LL : 0;
  int status = 0, timed_out = 0;
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  for (;;) {
    pid_t done = wait4(pid, &status, WNOHANG, &ru);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) die("wait4");
    int sig;
    if (deadline > 0) {
      long long left = deadline - now_ns();
      if (left <= 0) {
        timed_out = 1;
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        if (wait4(pid, &status, 0, &ru) < 0) die("wait4");
        break;
      }
      struct timespec ts = {left / 1000000000LL, left % 1000000000LL};
      sig = sigtimedwait(&waited, NULL, &ts);
    } else {
      sig = sigwaitinfo(&waited, NULL);
    }
    if (sig == SIGTERM || sig == SIGINT || sig == SIGHUP) kill(-pid, sig);
  }
  long long wall = now_ns() - start;
  kill(-pid, SIGKILL); /* background leftovers of the child's group; the pgid cannot be reused while they live */

  FILE *out = fopen(report, "w");
  if (out == NULL) die("open report");
  fprintf(out, "{\"utime_us\":%lld,\"stime_us\":%lld,\"maxrss_kb\":%ld,\"wall_ns\":%lld,", timeval_us(ru.ru_utime),
          timeval_us(ru.ru_stime), ru.ru_maxrss, wall);
  if (WIFEXITED(status)) fprintf(out, "\"exit_code\":%d,\"signal\":null,", WEXITSTATUS(status));
  else fprintf(out, "\"exit_code\":null,\"signal\":%d,", WTERMSIG(status));
  fprintf(out, "\"timed_out\":%s,\"exec_errno\":%d}\n", timed_out ? "true" : "false", exec_errno);
  if (fclose(out) != 0) die("write report");
  return 0;
}
