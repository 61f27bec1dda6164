/*
 * rusage-exec: run one command and report what the kernel says it cost.
 *
 *   rusage-exec --report-fd FD [--timeout-ms N] [--fsize-limit BYTES] [--as-limit BYTES]
 *               [--nproc-limit N] [--reap-all] -- CMD [ARG...]
 *
 * Node cannot call wait4(2), and /proc or process.resourceUsage() only give a
 * child's CPU time in 10 ms ticks. wait4's rusage is derived from the
 * scheduler's nanosecond runtime, so user + sys here is good to the
 * microsecond, and it includes every descendant the child waited for (a shell
 * wrapper around gzip is charged for gzip).
 *
 * The report is one JSON object written to FD (a pipe the harness reads) after
 * the child is reaped. FD is close-on-exec and this process is made
 * non-dumpable, so the timed command can neither write to FD nor reach it
 * through /proc/<pid>/fd: its figures cannot be forged from inside.
 *
 * The child runs in its own process group (a timeout or a forwarded SIGTERM
 * reaches its tree, stray background processes are killed when it exits),
 * dies with this helper (PR_SET_PDEATHSIG), and gets the given limits:
 * RLIMIT_FSIZE (a runaway output stops at the cap), RLIMIT_AS, RLIMIT_NPROC
 * (only meaningful in a user namespace of its own), no core dumps.
 *
 * --reap-all is for a sealed call, where this helper is PID 1 of a fresh PID
 * namespace (bwrap --as-pid-1): every orphan is re-parented to it, so it reaps
 * them and adds their CPU (a codec cannot hide work in a detached grandchild),
 * and once the command has ended it kills whatever is left in the namespace.
 * It is refused anywhere else, where kill(-1) would reach the host.
 *
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
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HELPER_FAILED 125

struct limits { long long fsize, as, nproc; };

static void die(const char *what) {
  fprintf(stderr, "rusage-exec: %s: %s\n", what, strerror(errno));
  exit(HELPER_FAILED);
}

static void usage(void) {
  fprintf(stderr, "usage: rusage-exec --report-fd FD [--timeout-ms N] [--fsize-limit B] [--as-limit B] [--nproc-limit N] [--reap-all] -- CMD [ARG...]\n");
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

static void limit(int resource, long long value) {
  if (value < 0) return;
  struct rlimit lim = {(rlim_t)value, (rlim_t)value};
  if (setrlimit(resource, &lim) != 0) _exit(HELPER_FAILED);
}

/* In the child: become a group leader, die with the helper, take the limits, exec. */
static void exec_child(char **argv, const sigset_t *original_mask, const struct limits *lim, int errpipe) {
  pid_t parent = getppid();
  setpgid(0, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(HELPER_FAILED); /* the helper died before prctl took hold */
  /* Nothing the launcher left open (beyond stdio and the exec-error pipe) reaches the command. */
  syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
  limit(RLIMIT_CORE, 0);
  limit(RLIMIT_FSIZE, lim->fsize);
  limit(RLIMIT_AS, lim->as);
  limit(RLIMIT_NPROC, lim->nproc);
  sigprocmask(SIG_SETMASK, original_mask, NULL);
  execvp(argv[0], argv);
  int err = errno;
  if (write(errpipe, &err, sizeof err) < 0) _exit(127);
  _exit(127);
}

/* Totals over every process reaped: the command and, with --reap-all, the orphans. */
struct totals { long long utime_us, stime_us; long maxrss_kb; };

static void add(struct totals *t, const struct rusage *ru) {
  t->utime_us += timeval_us(ru->ru_utime);
  t->stime_us += timeval_us(ru->ru_stime);
  if (ru->ru_maxrss > t->maxrss_kb) t->maxrss_kb = ru->ru_maxrss;
}

/* Reaps what has ended (all of it when `block`); returns 1 once `pid` was among them. */
static int reap(pid_t pid, int any, int block, int *status, struct totals *t) {
  int found = 0;
  for (;;) {
    struct rusage ru;
    int st = 0;
    pid_t done = wait4(any ? -1 : pid, &st, block ? 0 : WNOHANG, &ru);
    if (done == 0 || (done < 0 && errno == ECHILD)) return found;
    if (done < 0) {
      if (errno == EINTR) continue;
      die("wait4");
    }
    add(t, &ru);
    if (done == pid) { *status = st; found = 1; }
    if (!any) return found;
  }
}

static void kill_rest(pid_t pid, int reap_all) {
  if (reap_all) kill(-1, SIGKILL); /* PID 1 of its own namespace: everything in it but itself */
  kill(-pid, SIGKILL);
}

int main(int argc, char **argv) {
  long long timeout_ms = 0, report_fd = -1;
  struct limits lim = {-1, -1, -1};
  int reap_all = 0, i = 1;
  for (; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) { i++; break; }
    if (strcmp(argv[i], "--reap-all") == 0) { reap_all = 1; continue; }
    if (i + 1 >= argc) usage();
    if (strcmp(argv[i], "--report-fd") == 0) report_fd = parse_count(argv[++i]);
    else if (strcmp(argv[i], "--timeout-ms") == 0) timeout_ms = parse_count(argv[++i]);
    else if (strcmp(argv[i], "--fsize-limit") == 0) lim.fsize = parse_count(argv[++i]);
    else if (strcmp(argv[i], "--as-limit") == 0) lim.as = parse_count(argv[++i]);
    else if (strcmp(argv[i], "--nproc-limit") == 0) lim.nproc = parse_count(argv[++i]);
    else usage();
  }
  if (report_fd < 0 || i >= argc) usage();
  if (reap_all && getpid() != 1) {
    fprintf(stderr, "rusage-exec: --reap-all needs PID 1 of its own PID namespace (bwrap --unshare-pid --as-pid-1)\n");
    return HELPER_FAILED;
  }
  if (prctl(PR_SET_DUMPABLE, 0) != 0) die("prctl(PR_SET_DUMPABLE)");
  if (fcntl((int)report_fd, F_SETFD, FD_CLOEXEC) != 0) die("report fd");

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
  if (pid == 0) exec_child(&argv[i], &original, &lim, errpipe[1]);
  setpgid(pid, pid); /* also here, so a kill(-pid) right away cannot miss */
  close(errpipe[1]);
  int exec_errno = 0;
  if (read(errpipe[0], &exec_errno, sizeof exec_errno) != (ssize_t)sizeof exec_errno) exec_errno = 0;
  close(errpipe[0]);

  long long deadline = timeout_ms > 0 ? start + timeout_ms * 1000000LL : 0;
  int status = 0, timed_out = 0;
  struct totals t = {0, 0, 0};
  for (;;) {
    if (reap(pid, reap_all, 0, &status, &t)) break;
    int sig;
    if (deadline > 0) {
      long long left = deadline - now_ns();
      if (left <= 0) {
        timed_out = 1;
        kill_rest(pid, reap_all);
        kill(pid, SIGKILL);
        if (!reap(pid, 0, 1, &status, &t)) die("wait4");
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
  kill_rest(pid, reap_all); /* leftovers; the pgid cannot be reused while they live */
  if (reap_all) reap(pid, 1, 1, &status, &t);

  char text[512];
  int n = snprintf(text, sizeof text, "{\"utime_us\":%lld,\"stime_us\":%lld,\"maxrss_kb\":%ld,\"wall_ns\":%lld,",
                   t.utime_us, t.stime_us, t.maxrss_kb, wall);
  if (WIFEXITED(status)) n += snprintf(text + n, sizeof text - n, "\"exit_code\":%d,\"signal\":null,", WEXITSTATUS(status));
  else n += snprintf(text + n, sizeof text - n, "\"exit_code\":null,\"signal\":%d,", WTERMSIG(status));
  n += snprintf(text + n, sizeof text - n, "\"timed_out\":%s,\"exec_errno\":%d}\n", timed_out ? "true" : "false", exec_errno);
  if (write((int)report_fd, text, (size_t)n) != n) die("write report");
  return 0;
}
