/* The host port (see host_port.h). libc and POSIX are fine here. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "host_port.h"
#include "wisp_nor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static host_port *host_of(const wisp_port *port)
{
    return (host_port *)port->ctx; /* the wisp_nor_ram is its first member */
}

static int serial_write(const wisp_port *port, const void *buf, uint32_t len)
{
    host_port *h = host_of(port);
    const uint8_t *p = buf;
    while (len) {
        ssize_t n = write(h->serial_out, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd pfd = {.fd = h->serial_out, .events = POLLOUT};
            poll(&pfd, 1, 100);
            continue;
        }
        if (n <= 0)
            return -1;
        p += n;
        len -= (uint32_t)n;
    }
    return 0;
}

static int serial_read(const wisp_port *port, void *buf, uint32_t len, uint32_t timeout_ms)
{
    host_port *h = host_of(port);
    if (h->serial_in < 0)
        return 0;
    struct pollfd pfd = {.fd = h->serial_in, .events = POLLIN};
    int r = poll(&pfd, 1, timeout_ms > INT32_MAX ? -1 : (int)timeout_ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    if (r == 0)
        return 0;
    ssize_t n = read(h->serial_in, buf, len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    return n > 0 ? (int)n : -1; /* 0: end of file, the line is gone */
}

static uint32_t millis(const wisp_port *port)
{
    (void)port;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

int host_port_open(host_port *h, const char *flash_path, uint32_t flash_size,
                   uint32_t block_size, uint32_t prog_size, uint32_t slot_offset,
                   uint32_t slot_length)
{
    memset(h, 0, sizeof *h);
    h->serial_in = h->serial_out = -1;
    void *map;
    if (flash_path) {
        int fd = open(flash_path, O_RDWR | O_CREAT, 0644);
        if (fd < 0)
            return -1;
        struct stat st;
        if (fstat(fd, &st) != 0) {
            close(fd);
            return -1;
        }
        if (st.st_size == 0) { /* a new chip comes erased */
            uint8_t ff[4096];
            memset(ff, 0xff, sizeof ff);
            for (uint32_t at = 0; at < flash_size; at += sizeof ff) {
                size_t n = flash_size - at < sizeof ff ? flash_size - at : sizeof ff;
                if (write(fd, ff, n) != (ssize_t)n) {
                    close(fd);
                    return -1;
                }
            }
        } else if ((uint64_t)st.st_size < flash_size) {
            close(fd);
            errno = EINVAL;
            return -1;
        }
        map = mmap(NULL, flash_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd); /* the mapping keeps the file */
    } else {
        map = mmap(NULL, flash_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map != MAP_FAILED)
            memset(map, 0xff, flash_size);
    }
    if (map == MAP_FAILED)
        return -1;
    h->map = map;
    h->map_len = flash_size;
    wisp_nor_ram_init(&h->nor, map, 0, flash_size, block_size, prog_size);
    wisp_nor_ram_attach(&h->nor, &h->port);
    h->port.slot_offset = slot_offset;
    h->port.slot_length = slot_length;
    h->port.serial_write = serial_write;
    h->port.serial_read = serial_read;
    h->port.millis = millis;
    return 0;
}

void host_port_serial(host_port *h, int in_fd, int out_fd)
{
    h->serial_in = in_fd;
    h->serial_out = out_fd;
}

void host_port_close(host_port *h)
{
    if (h->map)
        munmap(h->map, h->map_len);
    h->map = NULL;
}
