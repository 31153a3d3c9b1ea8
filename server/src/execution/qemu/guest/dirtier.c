/*
 * The guest's /init: a workload whose memory behaviour a live migration can be
 * measured against. It touches a working set, then dirties its pages at a fixed
 * rate and prints a heartbeat on the console once a second:
 *   vmmi-heartbeat <counter> <pages dirtied in all> <pages found wrong>
 * The counter lives in guest memory, so a destination that prints the next
 * number proves the guest's state moved rather than a new guest booting. The
 * last figure proves it moved whole: each heartbeat reads back the byte last
 * written to every dirtied page and counts those that differ (writes the
 * migration lost).
 *
 * Parameters come from /proc/cmdline: the kernel keeps dotted "module.param"
 * words for itself and never passes them to init's argv or environment.
 *   vmmi.wss_mib=N    working set in MiB (default 16)
 *   vmmi.dirty_pps=N  pages dirtied per second (default 0)
 *   vmmi.fill=F       share of the working set written with non-zero data at
 *                     start, 0..1 (default 1); the rest stays zero pages
 *   vmmi.ip=A.B.C.D/N the NIC's address (net.c); without it the guest has no network
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
/* Dirtying in slices keeps the rate smooth within a second instead of one burst per heartbeat. */
#define SLICES_PER_SECOND 50

struct params {
  unsigned long wss_mib;
  unsigned long dirty_pps;
  double fill;
  const char *ip;
};

int setup_network(const char *ip_param); /* net.c */

static void setup_console(void) {
  mkdir("/dev", 0755);
  mkdir("/proc", 0555);
  mkdir("/sys", 0555);
  mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
  mount("proc", "/proc", "proc", 0, NULL);
  mount("sysfs", "/sys", "sysfs", 0, NULL);
  /* The initramfs has no /dev/console node (it is packed without root), so the
   * kernel started us with no stdio; take the console from devtmpfs instead. */
  int fd = open("/dev/console", O_RDWR | O_NOCTTY);
  if (fd >= 0) {
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2) close(fd);
  }
  setvbuf(stdout, NULL, _IOLBF, 0);
}

static const char *find_param(const char *cmdline, const char *key) {
  size_t len = strlen(key);
  for (const char *p = cmdline; (p = strstr(p, key)) != NULL; p += len) {
    if ((p == cmdline || p[-1] == ' ') && p[len] == '=') return p + len + 1;
  }
  return NULL;
}

static struct params read_params(void) {
  struct params prm = {16, 0, 1.0, NULL};
  /* Static: prm.ip points into it. */
  static char cmdline[4096];
  int fd = open("/proc/cmdline", O_RDONLY);
  if (fd >= 0) {
    ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
    if (n > 0) cmdline[n] = 0;
    close(fd);
  }
  const char *v;
  if ((v = find_param(cmdline, "vmmi.wss_mib"))) prm.wss_mib = strtoul(v, NULL, 10);
  if ((v = find_param(cmdline, "vmmi.dirty_pps"))) prm.dirty_pps = strtoul(v, NULL, 10);
  if ((v = find_param(cmdline, "vmmi.fill"))) prm.fill = strtod(v, NULL);
  prm.ip = find_param(cmdline, "vmmi.ip");
  if (prm.fill < 0) prm.fill = 0;
  if (prm.fill > 1) prm.fill = 1;
  return prm;
}

static unsigned char mark(unsigned long round) { return (unsigned char)(round % 255 + 1); }

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double t) {
  double d = t - now();
  if (d <= 0) return;
  struct timespec ts = {(time_t)d, (long)((d - (time_t)d) * 1e9)};
  nanosleep(&ts, NULL);
}

/* An init that exits panics the kernel; with panic=-1 and QEMU's -no-reboot that
 * ends the QEMU process, so the host sees an early exit instead of waiting for a
 * heartbeat that never comes. */
static void die(const char *why) {
  printf("vmmi-error %s\n", why);
  exit(1);
}

/* Page p was last written in this round when it is behind the cursor, else in the one before. */
static unsigned long count_wrong(const unsigned char *ws, unsigned long pages,
                                 unsigned long cursor, unsigned long round) {
  unsigned long wrong = 0;
  for (unsigned long p = 0; p < pages; p++) {
    unsigned long r;
    if (p < cursor)
      r = round;
    else if (round > 0)
      r = round - 1;
    else
      break;
    if (ws[p * PAGE] != mark(r)) wrong++;
  }
  return wrong;
}

int main(void) {
  setup_console();
  struct params prm = read_params();
  unsigned long pages = prm.wss_mib * (1024 * 1024 / PAGE);
  printf("vmmi-start wss_mib=%lu dirty_pps=%lu fill=%.3f\n", prm.wss_mib, prm.dirty_pps,
         prm.fill);
  /* Asked for and not there is fatal: a guest its peers cannot reach proves nothing. */
  if (setup_network(prm.ip) != 0) die("network setup failed");

  unsigned char *ws = NULL;
  if (pages > 0) {
    /* MAP_POPULATE backs the whole set now, so the guest holds it even where it stays zero. */
    ws = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (ws == MAP_FAILED) die("mmap of the working set failed");
  }
  /* Non-zero, non-repeating bytes: QEMU sends zero pages as a few bytes each, so
   * only filled pages cost their full 4 KiB on the wire. */
  unsigned long filled = (unsigned long)(prm.fill * pages + 0.5);
  uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (unsigned long i = 0; i < filled; i++) {
    uint64_t *w = (uint64_t *)(ws + i * PAGE);
    for (unsigned long j = 0; j < PAGE / sizeof *w; j++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      w[j] = x | 1;
    }
  }

  unsigned long counter = 0, cursor = 0, round = 0;
  unsigned long long dirtied = 0;
  double slice = 1.0 / SLICES_PER_SECOND;
  double start = now(), next_beat = start + 1.0, next_slice = start;
  /* Fractional pages carry over between slices so low rates are still met on average. */
  double owed = 0;
  for (;;) {
    sleep_until(next_slice < next_beat ? next_slice : next_beat);
    double t = now();
    if (t >= next_slice) {
      owed += prm.dirty_pps * slice;
      next_slice += slice;
      /* After a long stall (a paused or throttled guest) start afresh instead of bursting. */
      if (next_slice < t) next_slice = t + slice;
      if (owed > prm.dirty_pps) owed = prm.dirty_pps;
      for (; owed >= 1 && pages > 0; owed -= 1) {
        ws[cursor * PAGE] = mark(round);
        dirtied++;
        if (++cursor == pages) {
          cursor = 0;
          round++;
        }
      }
    }
    if (t >= next_beat) {
      counter++;
      printf("vmmi-heartbeat %lu %llu %lu\n", counter, dirtied,
             count_wrong(ws, pages, cursor, round));
      next_beat += 1.0;
      if (next_beat < t) next_beat = t + 1.0;
    }
  }
}
