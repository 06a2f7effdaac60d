/* `wisp pull` (see cli.h): the command line, the serial port (termios, raw
 * mode), reading a capture (within its size cap, readlimit.h), and writing
 * the file atomically (a temporary file in the same directory, renamed when
 * the dump is verified). The messages are pull_report.h's. */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "pull_decode.h"
#include "pull_report.h"
#include "readlimit.h"

#define DEFAULT_TIMEOUT 10.0
#define DEFAULT_BAUD 115200
#define REQUEST "coredump?\n"

const char pull_usage[] =
    "usage: wisp pull --port DEVICE [--baud N] [--request] -o OUT.core [options]\n"
    "       wisp pull --file CAPTURE -o OUT.core [options]\n"
    "\n"
    "Receives a coredump a device sends framed on its serial line (wisp's UART\n"
    "sink, or its flash slot on request), among any other output, checks the\n"
    "CRC of every chunk and of the whole, and writes OUT.core only when it is\n"
    "complete. Read it with 'wisp inspect OUT.core --module game.wasm'.\n"
    "\n"
    "options:\n"
    "  --port DEVICE    a serial port (e.g. /dev/ttyACM0), set to raw mode\n"
    "  --baud N         its speed (default 115200; USB CDC ports ignore it)\n"
    "  --request        ask the device for its stored dump (sends 'coredump?');\n"
    "                   implies --stored\n"
    "  --stored         take only a dump the device read back from its flash\n"
    "                   slot, skipping dumps streamed live at a trap\n"
    "  --file CAPTURE   read a saved capture of the serial output instead (at\n"
    "                   most 2 GiB; WISP_FILE_LIMIT=SIZE changes the cap)\n"
    "  -o, --output OUT where the dump goes (written only when verified)\n"
    "  --timeout SECS   give up when no part of a dump arrived for this long\n"
    "                   (default 10; 0: wait for ever)\n"
    "  --quiet          no progress and no summary line\n"
    "\n"
    "The first complete dump in the stream (with --stored: the first one from\n"
    "the flash slot) is taken; a capture holding more\n"
    "says so. Progress goes to stderr when it is a terminal.\n";

typedef struct pull_opts {
    const char *port, *file, *out;
    unsigned long baud;
    bool request, stored, quiet;
    double timeout; /* seconds; 0: none */
} pull_opts;

__attribute__((format(printf, 1, 2))) static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wisp: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_BAD;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- command line ------------------------------------------------------ */

enum { O_PORT = 1, O_FILE, O_OUTPUT, O_BAUD, O_TIMEOUT, O_REQUEST, O_STORED, O_QUIET };
static const opt_spec pull_options[] = {
    {"--port", NULL, true, O_PORT},
    {"--file", NULL, true, O_FILE},
    {"--output", "-o", true, O_OUTPUT},
    {"--baud", NULL, true, O_BAUD},
    {"--timeout", NULL, true, O_TIMEOUT},
    {"--request", NULL, false, O_REQUEST},
    {"--stored", NULL, false, O_STORED},
    {"--quiet", "-q", false, O_QUIET},
    {NULL, NULL, false, 0},
};

static int parse(int argc, char **argv, pull_opts *o)
{
    opt_parser p = opt_begin("pull", argc, argv, 1, pull_options, true);
    const char *v;
    uint64_t n;
    for (int id; (id = opt_next(&p, &v)) != OPT_END;) {
        switch (id) {
        case OPT_HELP:
            fputs(pull_usage, stdout);
            return 0;
        case OPT_BAD:
            return EXIT_BAD;
        case OPT_OPERAND:
            return opt_fail(&p, "unexpected argument '%s'", v);
        case O_PORT: o->port = v; break;
        case O_FILE: o->file = v; break;
        case O_OUTPUT: o->out = v; break;
        case O_BAUD:
            if (!opt_uint(v, UINT32_MAX, &n) || n == 0)
                return opt_fail(&p, "--baud needs a number of bits per second, not '%s'", v);
            o->baud = (unsigned long)n;
            break;
        case O_TIMEOUT:
            if (!opt_seconds(v, 1e6, &o->timeout))
                return opt_fail(&p, "--timeout needs seconds (0: none), not '%s'", v);
            break;
        case O_REQUEST: o->request = o->stored = true; break;
        case O_STORED: o->stored = true; break;
        case O_QUIET: o->quiet = true; break;
        }
    }
    if (!o->port == !o->file)
        return opt_fail(&p, o->port ? "give --port or --file, not both"
                                    : "where from? give --port DEVICE or --file CAPTURE");
    if (!o->out)
        return opt_fail(&p, "where to? give -o OUT.core");
    if (o->request && !o->port)
        return opt_fail(&p, "--request asks a device: it needs --port");
    return -1;
}

/* ---- the serial port ---------------------------------------------------- */

static const struct {
    unsigned long rate;
    speed_t code;
} bauds[] = {
    {1200, B1200},       {2400, B2400},       {4800, B4800},       {9600, B9600},
    {19200, B19200},     {38400, B38400},     {57600, B57600},     {115200, B115200},
    {230400, B230400},
#ifdef B460800
    {460800, B460800},   {500000, B500000},   {576000, B576000},   {921600, B921600},
    {1000000, B1000000}, {1152000, B1152000}, {1500000, B1500000}, {2000000, B2000000},
    {3000000, B3000000}, {4000000, B4000000},
#endif
};

static int open_port(const pull_opts *o, int *fd_out)
{
    speed_t speed = 0;
    bool known = false;
    for (size_t i = 0; i < sizeof bauds / sizeof bauds[0]; i++)
        if (bauds[i].rate == o->baud)
            speed = bauds[i].code, known = true;
    if (!known) {
        fprintf(stderr, "wisp: --baud %lu is not a speed this system's serial ports know; "
                        "try one of:", o->baud);
        for (size_t i = 0; i < sizeof bauds / sizeof bauds[0]; i++)
            fprintf(stderr, " %lu", bauds[i].rate);
        fputc('\n', stderr);
        return EXIT_BAD;
    }
    int fd = open(o->port, O_RDWR | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return fail("cannot open %s: %s", o->port, strerror(errno));
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        int err = errno;
        close(fd);
        return fail("%s is not a serial port (%s)", o->port, strerror(err));
    }
    cfmakeraw(&t); /* bytes as they come: no echo, no line editing, no CR/LF mapping */
    t.c_cflag |= CLOCAL | CREAD;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, speed) != 0 || cfsetospeed(&t, speed) != 0 ||
        tcsetattr(fd, TCSANOW, &t) != 0) {
        int err = errno;
        close(fd);
        return fail("cannot set up %s (raw, %lu baud): %s", o->port, o->baud, strerror(err));
    }
    *fd_out = fd;
    return -1;
}

static int send_request(const pull_opts *o, int fd)
{
    tcflush(fd, TCIFLUSH); /* what came before the question is not the answer */
    const char *p = REQUEST;
    size_t left = strlen(REQUEST);
    double give_up = now() + 2;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n > 0) {
            p += n;
            left -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR) && now() < give_up) {
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            poll(&pfd, 1, 100);
        } else {
            return fail("cannot send the request to %s: %s", o->port,
                        n < 0 ? strerror(errno) : "the port takes no data");
        }
    }
    return -1;
}

/* ---- progress ------------------------------------------------------------- */

typedef struct progress {
    bool tty;         /* draw the updating line */
    bool drawn;       /* a line is on screen, to be cleared */
    double start;     /* when the dump's header arrived */
    double last_draw;
} progress;

static void draw(progress *pg, const pd_decoder *d, const char *src, double t0, bool force)
{
    double t = now();
    if (!pg->tty || (!force && t - pg->last_draw < 0.1))
        return;
    pg->last_draw = t;
    pull_print_progress(stderr, d, src, t - t0, t - pg->start);
    pg->drawn = true;
    fflush(stderr);
}

static void clear(progress *pg)
{
    if (pg->drawn)
        pull_print_clear(stderr);
    pg->drawn = false;
}

/* ---- output ---------------------------------------------------------------- */

/* mkstemp makes the file 0600; a coredump is an ordinary file. */
static int chmod_default(const char *path)
{
    mode_t mask = umask(0);
    umask(mask);
    return chmod(path, 0666 & ~mask);
}

/* Fails early (before waiting on a port) when OUT's directory is not writable. */
static int check_out_dir(const char *out)
{
    const char *slash = strrchr(out, '/');
    char dir[4096];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == out ? 1 : (int)(slash - out), out);
    if (access(dir, W_OK) != 0)
        return fail("cannot write %s: %s", out, strerror(errno));
    return -1;
}

static int write_verified(const char *out, const uint8_t *data, size_t len)
{
    size_t n = strlen(out);
    char *tmp = malloc(n + 16);
    if (!tmp)
        return fail("out of memory");
    snprintf(tmp, n + 16, "%s.part-XXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int err = errno;
        free(tmp);
        return fail("cannot write %s: %s", out, strerror(err));
    }
    size_t at = 0;
    while (at < len) {
        ssize_t k = write(fd, data + at, len - at);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        at += (size_t)k;
    }
    int err = at < len ? errno : 0;
    if (!err && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && chmod_default(tmp) != 0)
        err = errno;
    if (!err && rename(tmp, out) != 0)
        err = errno;
    if (err) {
        unlink(tmp);
        free(tmp);
        return fail("cannot write %s: %s", out, strerror(err ? err : EIO));
    }
    free(tmp);
    return 0;
}

/* ---- the pull ---------------------------------------------------------------- */

/* The complete dumps in the rest of a capture file, reading at most
 * `budget` more bytes: only to tell the user they are there. */
static unsigned count_more(int fd, const uint8_t *rest, size_t len, uint64_t budget)
{
    pd_decoder d;
    pd_init(&d);
    unsigned more = 0;
    uint8_t buf[4096];
    for (;;) {
        while (len) {
            size_t used;
            pd_status s = pd_feed(&d, rest, len, &used);
            more += s == PD_DONE;
            rest += used;
            len -= used;
        }
        size_t want = budget < sizeof buf ? (size_t)budget : sizeof buf;
        ssize_t n = want ? read(fd, buf, want) : 0;
        if (n <= 0)
            break;
        budget -= (uint64_t)n;
        rest = buf;
        len = (size_t)n;
    }
    pd_free(&d);
    return more;
}

/* The dump written and the summary, or why there is none. `budget`: bytes
 * of the capture left to read under its cap (for counting more dumps). */
static int finish(const pull_opts *o, int fd, pd_decoder *d, const pull_outcome *res,
                  double secs, const uint8_t *rest, size_t rest_len, uint64_t budget)
{
    if (res->status != PD_DONE) {
        pull_print_failure(stderr, d, res);
        return EXIT_BAD;
    }
    int st = write_verified(o->out, d->data, d->total);
    if (st || o->quiet)
        return st;
    unsigned more = o->file ? count_more(fd, rest, rest_len, budget) : 0;
    pull_print_done(stderr, d, res, secs, more);
    return 0;
}

/* Opens the capture, refusing a regular file larger than its cap at once. */
static int open_capture(const pull_opts *o, uint64_t limit, int *fd_out)
{
    int fd = open(o->file, O_RDONLY);
    if (fd < 0)
        return fail("cannot open %s: %s", o->file, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size > limit) {
        read_limit_error(o->file, READ_CAPTURE, limit);
        close(fd);
        return EXIT_BAD;
    }
    *fd_out = fd;
    return -1;
}

int pull_main(int argc, char **argv)
{
    pull_opts o = {.baud = DEFAULT_BAUD, .timeout = DEFAULT_TIMEOUT};
    int st = parse(argc, argv, &o);
    if (st >= 0 || (st = check_out_dir(o.out)) >= 0)
        return st;
    int fd = -1;
    const char *src = o.port ? o.port : o.file;
    uint64_t limit = UINT64_MAX, read_total = 0; /* a capture's cap; a port has none */
    if (o.file) {
        if (!read_limit(READ_CAPTURE, &limit))
            return EXIT_BAD;
        if ((st = open_capture(&o, limit, &fd)) >= 0)
            return st;
    } else if ((st = open_port(&o, &fd)) >= 0) {
        return st;
    } else if (o.request && (st = send_request(&o, fd)) >= 0) {
        close(fd);
        return st;
    }

    pd_decoder d;
    pd_init(&d);
    progress pg = {.tty = !o.quiet && isatty(2)};
    double t0 = now(), last = t0, start = t0;
    uint32_t seen_packets = 0, seen_abandoned = 0;
    bool seen_dump = false;
    uint8_t buf[4096];
    size_t have = 0, pos = 0;
    pull_outcome res = {.src = src, .out = o.out, .from_port = o.port != NULL,
                        .request = o.request, .timeout = o.timeout, .status = PD_MORE};
    while (!res.ended) {
        if (pos == have) {
            if (o.port) { /* wait for bytes, no longer than the timeout allows */
                double t = now(), until = o.timeout > 0 ? last + o.timeout : t + 1;
                if (t >= until) {
                    res.ended = END_TIMEOUT;
                    break;
                }
                double ms = (until - t) * 1000 + 1;
                struct pollfd pfd = {.fd = fd, .events = POLLIN};
                int r = poll(&pfd, 1, ms < 100 ? (int)ms : 100);
                draw(&pg, &d, src, t0, false);
                if (r == 0 || (r < 0 && errno == EINTR))
                    continue;
            }
            /* a stream (a pipe, /dev/zero) is cut one byte past the cap */
            uint64_t left = limit - read_total;
            ssize_t n = read(fd, buf, left < sizeof buf ? (size_t)left + 1 : sizeof buf);
            if (n < 0 && (errno == EAGAIN || errno == EINTR))
                continue;
            if (n > 0 && (read_total += (uint64_t)n) > limit) {
                clear(&pg);
                read_limit_error(o.file, READ_CAPTURE, limit);
                close(fd);
                pd_free(&d);
                return EXIT_BAD;
            }
            if (n < 0 && errno != EIO) { /* EIO: a pty whose other side closed */
                res.read_err = errno;
                res.ended = END_READ_ERROR;
            } else if (n <= 0) {
                res.ended = END_EOF;
            }
            have = n > 0 ? (size_t)n : 0;
            pos = 0;
            continue;
        }
        size_t used;
        pd_status s = pd_feed(&d, buf + pos, have - pos, &used);
        pos += used;
        if (d.packets != seen_packets) { /* a good packet: the timeout starts over */
            last = now();
            seen_packets = d.packets;
        }
        bool started = d.in_dump && (!seen_dump || d.abandoned != seen_abandoned);
        if (started)
            start = pg.start = now();
        seen_dump = d.in_dump;
        seen_abandoned = d.abandoned;
        if (s == PD_NONE && !o.request)
            s = PD_MORE; /* the answer to someone else's question */
        if (s == PD_DONE && o.stored && !(d.flags & 1)) { /* a live dump: not wanted */
            pd_free(&d);
            pd_init(&d);
            seen_dump = false;
            s = PD_MORE;
            res.skipped_live++;
        }
        res.status = s;
        if (s != PD_MORE)
            break;
        draw(&pg, &d, src, t0, started); /* at once when a dump starts, then 10 a second */
    }
    clear(&pg);
    st = finish(&o, fd, &d, &res, now() - start, buf + pos, have - pos, limit - read_total);
    close(fd);
    pd_free(&d);
    return st;
}
