/* Bodies of the WASI preview1 calls the CLI implements.
 *
 * Rules every function here follows:
 *   - guest pointers go through guest_at() before any byte is touched, and
 *     a bad one yields EFAULT rather than a host crash;
 *   - outputs are checked before side effects (e.g. fd_write validates
 *     nwritten before writing) so a failing call changes nothing;
 *   - host errno values are translated, never passed through raw. */
#define _GNU_SOURCE /* getrandom, clock ids */

#include "wasi_calls.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "guestmem.h"
#include "wasi.h"

/* WASI errno values (preview1 numbering). */
enum {
    WASI_ESUCCESS = 0,
    WASI_EAGAIN = 6,
    WASI_EBADF = 8,
    WASI_EFAULT = 21,
    WASI_EINVAL = 28,
    WASI_EIO = 29,
    WASI_ENOSPC = 51,
    WASI_ENOSYS = 52,
    WASI_EOVERFLOW = 61,
    WASI_EPIPE = 64,
    WASI_ESPIPE = 70,
};

enum { WASI_FILETYPE_CHARACTER_DEVICE = 2 };

#define WASI_RIGHT_FD_READ (UINT64_C(1) << 1)
#define WASI_RIGHT_FD_WRITE (UINT64_C(1) << 6)
#define WASI_RIGHT_POLL_FD_READWRITE (UINT64_C(1) << 27)

static wisp_err ret(wisp_value *results, int32_t wasi_errno)
{
    results[0].i32 = wasi_errno;
    return WISP_OK;
}

static int32_t from_host_errno(int e)
{
    switch (e) {
    case EAGAIN: return WASI_EAGAIN;
    case EBADF: return WASI_EBADF;
    case EFAULT: return WASI_EFAULT;
    case EINVAL: return WASI_EINVAL;
    case ENOSPC: return WASI_ENOSPC;
    case EPIPE: return WASI_EPIPE;
    case ESPIPE: return WASI_ESPIPE;
    default: return WASI_EIO;
    }
}

/* Is fd one of the guest's (still open) stdio descriptors? */
static bool stdio_open(const wasi_ctx *w, int32_t fd)
{
    return fd >= 0 && fd <= 2 && !w->closed[fd];
}

/* ---- args and environment ------------------------------------------- */

/* argv strings plus their NULs; the guest's buffer must hold this many. */
static uint64_t args_buf_size(const wasi_ctx *w)
{
    uint64_t n = 0;
    for (int i = 0; i < w->argc; i++)
        n += strlen(w->argv[i]) + 1;
    return n;
}

WASI_CALL(wasi_args_sizes_get)
{
    const wasi_ctx *w = user;
    guest_mem m;
    guest_mem_of(caller, &m);
    uint8_t *argc_p = guest_at(&m, (uint32_t)args[0].i32, 4);
    uint8_t *size_p = guest_at(&m, (uint32_t)args[1].i32, 4);
    if (!argc_p || !size_p)
        return ret(results, WASI_EFAULT);
    uint64_t size = args_buf_size(w);
    if (size > UINT32_MAX)
        return ret(results, WASI_EOVERFLOW);
    guest_st32(argc_p, (uint32_t)w->argc);
    guest_st32(size_p, (uint32_t)size);
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_args_get)
{
    const wasi_ctx *w = user;
    guest_mem m;
    guest_mem_of(caller, &m);
    uint32_t argv_ptr = (uint32_t)args[0].i32, buf_ptr = (uint32_t)args[1].i32;
    uint8_t *argv_p = guest_at(&m, argv_ptr, (uint64_t)w->argc * 4);
    uint64_t size = args_buf_size(w);
    uint8_t *buf_p = guest_at(&m, buf_ptr, size);
    if (!argv_p || !buf_p)
        return ret(results, WASI_EFAULT);
    uint32_t off = 0;
    for (int i = 0; i < w->argc; i++) {
        size_t len = strlen(w->argv[i]) + 1;
        guest_st32(argv_p + 4 * i, buf_ptr + off);
        memcpy(buf_p + off, w->argv[i], len);
        off += (uint32_t)len;
    }
    return ret(results, WASI_ESUCCESS);
}

/* The guest environment is deliberately empty (see wasi.h). */
WASI_CALL(wasi_environ_sizes_get)
{
    (void)user;
    guest_mem m;
    guest_mem_of(caller, &m);
    uint8_t *count_p = guest_at(&m, (uint32_t)args[0].i32, 4);
    uint8_t *size_p = guest_at(&m, (uint32_t)args[1].i32, 4);
    if (!count_p || !size_p)
        return ret(results, WASI_EFAULT);
    guest_st32(count_p, 0);
    guest_st32(size_p, 0);
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_environ_get)
{
    /* Zero variables: nothing to write, so no pointer to check. */
    (void)caller, (void)user, (void)args;
    return ret(results, WASI_ESUCCESS);
}

/* ---- stdio -------------------------------------------------------- */

/* An iovec array of n entries (8 bytes each: u32 buf, u32 len), checked
 * as a whole and entry by entry before any I/O happens. */
static int32_t check_iovs(const guest_mem *m, uint32_t iovs, uint32_t n, const uint8_t **out)
{
    const uint8_t *v = guest_at(m, iovs, (uint64_t)n * 8);
    if (!v)
        return WASI_EFAULT;
    for (uint32_t i = 0; i < n; i++)
        if (!guest_at(m, guest_ld32(v + 8 * i), guest_ld32(v + 8 * i + 4)))
            return WASI_EFAULT;
    *out = v;
    return WASI_ESUCCESS;
}

/* The checked arguments (fd, iovs, iovs_len, *nbytes) of fd_read (fd 0)
 * and fd_write (fd 1 or 2): WASI_ESUCCESS, or the errno to return. */
typedef struct iov_call {
    int32_t fd;
    guest_mem m;
    const uint8_t *iovs;
    uint32_t n;
    uint8_t *nbytes_p;
} iov_call;

static int32_t iov_args(const wasi_ctx *w, wisp_instance *caller, const wisp_value *args,
                        bool reading, iov_call *c)
{
    c->fd = args[0].i32;
    if ((c->fd == 0) != reading || !stdio_open(w, c->fd))
        return WASI_EBADF;
    guest_mem_of(caller, &c->m);
    c->n = (uint32_t)args[2].i32;
    int32_t e = check_iovs(&c->m, (uint32_t)args[1].i32, c->n, &c->iovs);
    c->nbytes_p = guest_at(&c->m, (uint32_t)args[3].i32, 4);
    return e == WASI_ESUCCESS && !c->nbytes_p ? WASI_EFAULT : e;
}

/* Buffer i of a checked iovec array, and its length. */
static uint8_t *iov_buf(const iov_call *c, uint32_t i, uint32_t *len)
{
    *len = guest_ld32(c->iovs + 8 * i + 4);
    return c->m.data + guest_ld32(c->iovs + 8 * i);
}

/* ---- stderr held back (wasi.h) ----------------------------------------- */

#define PANIC_START "thread '" /* std's panic hook: "thread 'main' panicked at ..." */

static void write_fd(int fd, const char *p, size_t len)
{
    while (len) {
        ssize_t k = write(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;
        p += k;
        len -= (size_t)k;
    }
}

const char *wasi_stderr_held(const wasi_ctx *w, size_t *len)
{
    *len = w->nheld;
    return w->held;
}

void wasi_stderr_drop(wasi_ctx *w)
{
    w->nheld = 0;
    w->holding = false;
    w->stderr_midline = false;
}

void wasi_stderr_flush(wasi_ctx *w)
{
    if (w->nheld) {
        write_fd(2, w->held, w->nheld);
        w->stderr_midline = w->held[w->nheld - 1] != '\n';
    }
    w->nheld = 0;
    w->holding = false;
}

/* Whether buf goes into the held text rather than to stderr: text from a
 * line start that begins like std's panic hook, while its first line says
 * "' panicked at " and it fits. */
static bool stderr_hold(wasi_ctx *w, const uint8_t *buf, uint32_t len)
{
    size_t k = len < sizeof PANIC_START - 1 ? len : sizeof PANIC_START - 1;
    if (!w->holding) {
        if (len == 0 || w->stderr_midline || memcmp(buf, PANIC_START, k) != 0)
            return false;
        w->holding = true;
        w->nheld = 0;
    }
    if (w->nheld + (uint64_t)len > sizeof w->held) {
        wasi_stderr_flush(w);
        return false;
    }
    memcpy(w->held + w->nheld, buf, len);
    w->nheld += len;
    k = w->nheld < sizeof PANIC_START - 1 ? w->nheld : sizeof PANIC_START - 1;
    bool panic = memcmp(w->held, PANIC_START, k) == 0;
    const char *nl = memchr(w->held, '\n', w->nheld);
    if (panic && nl)
        panic = memmem(w->held, (size_t)(nl - w->held), "' panicked at ", 14) != NULL;
    if (!panic)
        wasi_stderr_flush(w);
    return true;
}

WASI_CALL(wasi_fd_write)
{
    iov_call c;
    int32_t e = iov_args(user, caller, args, false, &c);
    if (e != WASI_ESUCCESS)
        return ret(results, e);
    wasi_ctx *w = user;
    if (c.fd == 1)
        wasi_stderr_flush(w); /* what was held came first */

    /* The guest's libc already buffers; write straight through so output
     * order matches the guest's even when stdout and stderr interleave. */
    uint64_t total = 0;
    for (uint32_t i = 0; i < c.n; i++) {
        uint32_t len;
        const uint8_t *buf = iov_buf(&c, i, &len);
        if (total + len > UINT32_MAX)
            break; /* nwritten is a u32: report a short write */
        if (c.fd == 2 && stderr_hold(w, buf, len)) {
            total += len;
            continue;
        }
        uint32_t done = 0;
        while (done < len) {
            ssize_t k = write(c.fd, buf + done, len - done);
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                /* POSIX semantics: an error after some bytes is a short
                 * write, an error before any is the error. */
                if (total + done == 0)
                    return ret(results, from_host_errno(k < 0 ? errno : EIO));
                guest_st32(c.nbytes_p, (uint32_t)(total + done));
                return ret(results, WASI_ESUCCESS);
            }
            done += (uint32_t)k;
        }
        if (c.fd == 2 && len)
            w->stderr_midline = buf[len - 1] != '\n';
        total += len;
    }
    guest_st32(c.nbytes_p, (uint32_t)total);
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_fd_read)
{
    iov_call c;
    int32_t e = iov_args(user, caller, args, true, &c);
    if (e != WASI_ESUCCESS)
        return ret(results, e);

    /* One read per buffer, stopping at the first short one: a terminal
     * delivers a line at a time and asking again would block. */
    uint64_t total = 0;
    for (uint32_t i = 0; i < c.n; i++) {
        uint32_t len;
        uint8_t *buf = iov_buf(&c, i, &len);
        if (total + len > UINT32_MAX)
            break;
        ssize_t k;
        do
            k = read(0, buf, len);
        while (k < 0 && errno == EINTR);
        if (k < 0) {
            if (total == 0)
                return ret(results, from_host_errno(errno));
            break;
        }
        total += (uint64_t)k;
        if ((uint32_t)k < len)
            break;
    }
    guest_st32(c.nbytes_p, (uint32_t)total);
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_fd_close)
{
    /* Only marks the guest's view closed: the host's own stdio stays
     * usable for wisp's messages (e.g. a later trap report). */
    wasi_ctx *w = user;
    (void)caller;
    int32_t fd = args[0].i32;
    if (!stdio_open(w, fd))
        return ret(results, WASI_EBADF);
    w->closed[fd] = true;
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_fd_seek)
{
    (void)caller;
    return ret(results, stdio_open(user, args[0].i32) ? WASI_ESPIPE : WASI_EBADF);
}

WASI_CALL(wasi_fd_fdstat_get)
{
    int32_t fd = args[0].i32;
    if (!stdio_open(user, fd))
        return ret(results, WASI_EBADF);
    guest_mem m;
    guest_mem_of(caller, &m);
    uint8_t *st = guest_at(&m, (uint32_t)args[1].i32, 24);
    if (!st)
        return ret(results, WASI_EFAULT);
    /* struct fdstat { u8 filetype; u16 flags @2; u64 rights_base @8;
     * u64 rights_inheriting @16 }. No seek/tell rights: wasi-libc takes a
     * character device without them for a terminal (isatty). */
    memset(st, 0, 24);
    st[0] = WASI_FILETYPE_CHARACTER_DEVICE;
    guest_st16(st + 2, 0);
    guest_st64(st + 8, (fd == 0 ? WASI_RIGHT_FD_READ : WASI_RIGHT_FD_WRITE) |
                           WASI_RIGHT_POLL_FD_READWRITE);
    guest_st64(st + 16, 0);
    return ret(results, WASI_ESUCCESS);
}

/* No preopened directories: EBADF tells wasi-libc's preopen scan (which
 * starts at fd 3) that there are none. */
WASI_CALL(wasi_fd_prestat_get)
{
    (void)caller, (void)user, (void)args;
    return ret(results, WASI_EBADF);
}

WASI_CALL(wasi_fd_prestat_dir_name)
{
    (void)caller, (void)user, (void)args;
    return ret(results, WASI_EBADF);
}

/* ---- clocks, randomness, process -------------------------------------- */

static bool host_clock(int32_t id, clockid_t *out)
{
    switch (id) {
    case 0: *out = CLOCK_REALTIME; return true;
    case 1: *out = CLOCK_MONOTONIC; return true;
    case 2: *out = CLOCK_PROCESS_CPUTIME_ID; return true;
    case 3: *out = CLOCK_THREAD_CPUTIME_ID; return true;
    default: return false;
    }
}

static uint64_t ns_of(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

/* Reads clock `clock` with `get` (clock_gettime or clock_getres) into the
 * guest's u64 at `at`, in nanoseconds. */
static wisp_err clock_into(wisp_instance *caller, int32_t clock, uint32_t at,
                           int (*get)(clockid_t, struct timespec *), wisp_value *results)
{
    clockid_t id;
    if (!host_clock(clock, &id))
        return ret(results, WASI_EINVAL);
    guest_mem m;
    guest_mem_of(caller, &m);
    uint8_t *out = guest_at(&m, at, 8);
    if (!out)
        return ret(results, WASI_EFAULT);
    struct timespec ts;
    if (get(id, &ts) != 0)
        return ret(results, from_host_errno(errno));
    guest_st64(out, ns_of(&ts));
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_clock_time_get)
{
    (void)user;
    /* args[1] is the requested precision: the host clock is as good as
     * we can do, so it is ignored. */
    return clock_into(caller, args[0].i32, (uint32_t)args[2].i32, clock_gettime, results);
}

WASI_CALL(wasi_clock_res_get)
{
    (void)user;
    return clock_into(caller, args[0].i32, (uint32_t)args[1].i32, clock_getres, results);
}

/* /dev/urandom, for kernels or libcs without getrandom(2). */
static bool urandom_fill(uint8_t *p, size_t len)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    while (len > 0) {
        ssize_t k = read(fd, p, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            close(fd);
            return false;
        }
        p += k;
        len -= (size_t)k;
    }
    close(fd);
    return true;
}

WASI_CALL(wasi_random_get)
{
    (void)user;
    guest_mem m;
    guest_mem_of(caller, &m);
    uint32_t len = (uint32_t)args[1].i32;
    uint8_t *p = guest_at(&m, (uint32_t)args[0].i32, len);
    if (!p)
        return ret(results, WASI_EFAULT);
    size_t done = 0;
    while (done < len) {
        ssize_t k = getrandom(p + done, len - done, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            if (errno == ENOSYS && urandom_fill(p + done, len - done))
                break;
            return ret(results, WASI_EIO);
        }
        done += (size_t)k;
    }
    return ret(results, WASI_ESUCCESS);
}

WASI_CALL(wasi_proc_exit)
{
    (void)user, (void)results;
    return wisp_host_exit(caller, args[0].i32);
}

WASI_CALL(wasi_sched_yield)
{
    (void)caller, (void)user, (void)args;
    sched_yield();
    return ret(results, WASI_ESUCCESS);
}

/* Bound to every preview1 function the CLI does not implement. */
WASI_CALL(wasi_enosys)
{
    (void)caller, (void)user, (void)args;
    return ret(results, WASI_ENOSYS);
}
