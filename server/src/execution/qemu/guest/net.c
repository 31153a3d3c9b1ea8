/*
 * The guest's network, only when the kernel command line asks for it:
 *   vmmi.ip=A.B.C.D/N   the address of eth0 (the first NIC), so the guest's
 *                       own kernel answers ARP and ICMP echo for it
 * The NIC's driver (virtio-net) is a module of the Debian kernel: build-guest.sh
 * packs it and its dependencies, and lists them in load order in
 * /lib/modules/load.order. No address, no modules loaded: the guest is as
 * before.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LOAD_ORDER "/lib/modules/load.order"
#define IFACE "eth0"

/* Whatever is missing is said on the console; the caller decides whether that is fatal. */
static int load_modules(void) {
  FILE *f = fopen(LOAD_ORDER, "r");
  if (!f) return 0; /* A kernel with the driver built in needs none. */
  char path[512];
  int failed = 0;
  while (fgets(path, sizeof path, f)) {
    path[strcspn(path, "\r\n")] = 0;
    if (!path[0]) continue;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) != 0 && errno != EEXIST)) {
      printf("vmmi-net cannot load %s: %s\n", path, strerror(errno));
      failed = 1;
    }
    if (fd >= 0) close(fd);
  }
  fclose(f);
  return failed ? -1 : 0;
}

/* A PCI device is probed as its driver registers, but give a slow TCG boot a moment. */
static int wait_for_iface(void) {
  struct stat st;
  for (int i = 0; i < 200; i++) {
    if (stat("/sys/class/net/" IFACE, &st) == 0) return 0;
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
  }
  return -1;
}

static int set_up(int sock, const char *name) {
  struct ifreq ifr = {0};
  strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (ioctl(sock, SIOCGIFFLAGS, &ifr) != 0) return -1;
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  return ioctl(sock, SIOCSIFFLAGS, &ifr);
}

static int set_addr(int sock, unsigned long request, struct in_addr addr) {
  struct ifreq ifr = {0};
  strncpy(ifr.ifr_name, IFACE, IFNAMSIZ - 1);
  struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;
  sin->sin_family = AF_INET;
  sin->sin_addr = addr;
  return ioctl(sock, request, &ifr);
}

/* Returns 0 when there is nothing to do or it is done; -1 (said on the console) otherwise. */
int setup_network(const char *ip_param) {
  if (!ip_param) return 0;
  char text[64] = {0};
  strncpy(text, ip_param, sizeof text - 1);
  text[strcspn(text, " \n")] = 0;
  char *slash = strchr(text, '/');
  unsigned long bits = slash ? strtoul(slash + 1, NULL, 10) : 32;
  if (slash) *slash = 0;
  struct in_addr addr, mask;
  if (inet_pton(AF_INET, text, &addr) != 1 || bits > 32) {
    printf("vmmi-net bad vmmi.ip=%s\n", ip_param);
    return -1;
  }
  mask.s_addr = bits == 0 ? 0 : htonl(0xffffffffUL << (32 - bits));
  if (load_modules() != 0) return -1;
  if (wait_for_iface() != 0) {
    printf("vmmi-net no %s appeared\n", IFACE);
    return -1;
  }
  int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || set_up(sock, "lo") != 0 || set_addr(sock, SIOCSIFADDR, addr) != 0 ||
      set_addr(sock, SIOCSIFNETMASK, mask) != 0 || set_up(sock, IFACE) != 0) {
    printf("vmmi-net cannot configure %s: %s\n", IFACE, strerror(errno));
    return -1;
  }
  close(sock);
  printf("vmmi-net %s %s/%lu\n", IFACE, text, bits);
  return 0;
}
