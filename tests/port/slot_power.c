/* Power-loss test of the flash slot (suite 'port').
 *
 * The slot holds dump A. Dump B is written over it with the host port's NOR
 * emulation cutting the power after N bytes of erasing and programming, for
 * every N from 0 to the write's whole cost, twice: once with the operation
 * at the cut done in order up to the cut byte, once with a random subset of
 * its bytes done (some only half). After each cut the device "reboots"
 * (power back, the flash as the cut left it) and wisp_slot_find must see
 * A exactly, B exactly, or nothing: never a dump that is neither; with the
 * full budget it must see B. Then a new write must succeed from whatever
 * the cut left, and be read back byte-exact. The same for wisp_slot_erase,
 * and for real coredumps through wisp_slot_coredump. No prog unit may be
 * programmed twice between erases (ECC flash).
 *
 * (Real coredumps: every cut in order, every 4th scattered one, to keep
 * the test near 5 s.)
 *
 * Geometries: 256-byte blocks with 1-byte programs, 512/16, 4096/256 (a
 * header unit as big as the slot buffer); dumps shorter and longer than the
 * one they replace, fed in uneven pieces.
 *
 * usage: slot_power CRASH.wasm */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../port/host/host_port.h"
#include "guest.h"
#include "wisp.h"
#include "wisp_sink.h"
#include "wisp_nor.h"

#define FLASH_SIZE 32768u
#define SLOT_OFF 8192u
#define SLOT_LEN 16384u
#define MEASURE 0x7fffffffu

static int failures;

#define CHECK(cond, ...)                                   \
    do {                                                   \
        if (!(cond)) {                                     \
            if (failures++ < 20) {                         \
                fprintf(stderr, "%s:%d: ", __FILE__, __LINE__); \
                fprintf(stderr, __VA_ARGS__);              \
                fputc('\n', stderr);                       \
            }                                              \
        }                                                  \
    } while (0)

typedef struct blob {
    const uint8_t *p;
    size_t len;
} blob;

/* What writes B: the streaming sink fed in pieces, or a real coredump. */
typedef struct writer {
    const blob *b;      /* synthetic */
    wisp_instance *inst; /* or a coredump of this */
    const wisp_coredump_options *opt;
} writer;

static wisp_err write_b(const wisp_port *port, const writer *w)
{
    if (w->inst)
        return wisp_slot_coredump(port, w->inst, w->opt);
    wisp_slot_writer sw;
    wisp_err e = wisp_slot_begin(&sw, port);
    wisp_sink s = wisp_slot_sink(&sw);
    uint32_t rnd = 12345; /* the same pieces every time: the cost must not vary */
    for (size_t at = 0; e == WISP_OK && at < w->b->len;) {
        rnd = rnd * 1103515245u + 12345u;
        size_t n = 1 + (rnd >> 16) % 300;
        if (n > w->b->len - at)
            n = w->b->len - at;
        e = s.write(s.ctx, w->b->p + at, n);
        at += n;
    }
    return e ? e : wisp_slot_finish(&sw);
}

enum { FOUND_NONE, FOUND_A, FOUND_B, FOUND_OTHER, FOUND_ERROR };

static int classify(const wisp_port *port, const blob *a, const blob *b)
{
    wisp_slot_info info;
    wisp_err e = wisp_slot_find(port, &info);
    if (e == WISP_ERR_NOT_FOUND)
        return FOUND_NONE;
    if (e != WISP_OK)
        return FOUND_ERROR;
    uint8_t *back = malloc(info.length + 1);
    int r = FOUND_OTHER;
    if (port->flash_read(port, info.data_offset, back, info.length) == 0) {
        if (a && info.length == a->len && !memcmp(back, a->p, a->len))
            r = FOUND_A;
        else if (b && info.length == b->len && !memcmp(back, b->p, b->len))
            r = FOUND_B;
    }
    free(back);
    return r;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void reboot(host_port *h)
{
    h->nor.cut = false;
    h->nor.budget = WISP_NOR_NO_CUT;
    h->nor.scatter = 0;
}

/* A in the slot, then B over it cut at every byte. */
/* sparse: every cut in order, but only every 4th scattered one, and fewer
 * recovery writes (each coredump scans the guest's 64 KiB page four times). */
static void cut_case(host_port *h, const char *name, const blob *a, const writer *wa,
                     const blob *b, const writer *wb, bool sparse)
{
    wisp_port *port = &h->port;
    memset(h->nor.mem, 0xff, FLASH_SIZE);
    CHECK(write_b(port, wa) == WISP_OK, "%s: writing A", name);
    CHECK(classify(port, a, b) == FOUND_A, "%s: A not found", name);
    static uint8_t snapshot[FLASH_SIZE];
    memcpy(snapshot, h->nor.mem, FLASH_SIZE);

    h->nor.budget = MEASURE;
    h->nor.reprogs = 0;
    CHECK(write_b(port, wb) == WISP_OK, "%s: writing B", name);
    uint32_t cost = MEASURE - h->nor.budget;
    CHECK(h->nor.reprogs == 0, "%s: %u units programmed twice", name, h->nor.reprogs);
    reboot(h);
    CHECK(classify(port, a, b) == FOUND_B, "%s: B not found", name);

    for (int scattered = 0; scattered < 2; scattered++) {
        unsigned seen[5] = {0};
        double t0 = seconds();
        uint32_t step = scattered && sparse ? 4 : 1;
        uint32_t recover = sparse ? 16 : scattered ? 7 : 1;
        for (uint32_t n = 0; n <= cost; n = n < cost && n + step > cost ? cost : n + step) {
            memcpy(h->nor.mem, snapshot, FLASH_SIZE);
            h->nor.cut = false;
            h->nor.budget = n;
            h->nor.scatter = scattered ? n * 2654435761u + 1u : 0;
            h->nor.reprogs = 0;
            wisp_err e = write_b(port, wb);
            CHECK((e == WISP_OK) == (n == cost), "%s: cut at %u: write says %s", name, n,
                  wisp_port_err_str(e));
            CHECK(h->nor.reprogs == 0, "%s: cut at %u: a unit programmed twice", name, n);
            reboot(h);
            int found = classify(port, a, b);
            seen[found]++;
            CHECK(found != FOUND_OTHER, "%s: cut at %u (%s): a corrupt dump passes as valid",
                  name, n, scattered ? "scattered" : "in order");
            CHECK(found != FOUND_ERROR, "%s: cut at %u: find fails", name, n);
            CHECK(n < cost || found == FOUND_B, "%s: the whole write is not found", name);
            /* the next crash must be able to write over whatever the cut left */
            if (n % recover == 0) {
                h->nor.reprogs = 0;
                CHECK(write_b(port, wb) == WISP_OK && classify(port, a, b) == FOUND_B &&
                          h->nor.reprogs == 0,
                      "%s: cut at %u: no recovery", name, n);
            }
        }
        printf("%-34s cost %5u, %-9s: none %5u  old %u  new %u (cut inside padding)  %.2f s\n",
               name, cost, scattered ? "scattered" : "in order", seen[FOUND_NONE],
               seen[FOUND_A], seen[FOUND_B] - 1, seconds() - t0);
    }

    /* `coredump erase` cut at every byte: the old dump or nothing */
    unsigned kept = 0;
    double t0 = seconds();
    for (uint32_t n = 0; n <= SLOT_LEN; n++) {
        memcpy(h->nor.mem, snapshot, FLASH_SIZE);
        h->nor.budget = n;
        h->nor.scatter = n & 1 ? n * 2654435761u + 1u : 0;
        wisp_err e = wisp_slot_erase(port);
        CHECK((e == WISP_OK) == (n == SLOT_LEN), "%s: erase cut at %u: %s", name, n,
              wisp_port_err_str(e));
        reboot(h);
        int found = classify(port, a, NULL);
        kept += found == FOUND_A;
        CHECK(found == FOUND_NONE || (found == FOUND_A && n < SLOT_LEN),
              "%s: erase cut at %u leaves %d", name, n, found);
    }
    printf("%-34s erase cut at every byte: none %u  old %u  %.2f s\n", name,
           SLOT_LEN + 1 - kept, kept, seconds() - t0);
}

static void synthetic(uint32_t block, uint32_t prog, size_t la, size_t lb)
{
    host_port h;
    if (host_port_open(&h, NULL, FLASH_SIZE, block, prog, SLOT_OFF, SLOT_LEN) != 0) {
        fprintf(stderr, "cannot open the host port\n");
        exit(2);
    }
    uint8_t *pa = malloc(la), *pb = malloc(lb);
    for (size_t i = 0; i < la; i++)
        pa[i] = (uint8_t)(i * 7 + 3);
    for (size_t i = 0; i < lb; i++) /* B shares A's prefix: stale bytes look right */
        pb[i] = i < la && i < lb / 2 ? pa[i] : (uint8_t)(i * 13 + 1);
    for (size_t i = 0; i < lb; i += 50)
        pb[i] = 0xff;
    blob a = {pa, la}, b = {pb, lb};
    writer wa = {&a, NULL, NULL}, wb = {&b, NULL, NULL};
    char name[80];
    snprintf(name, sizeof name, "block %u prog %u, %zu over %zu", block, prog, lb, la);
    cut_case(&h, name, &a, &wa, &b, &wb, false);
    free(pa);
    free(pb);
    host_port_close(&h);
}

static void coredumps(const char *wasm)
{
    guest ga, gb;
    guest_trap(&ga, wasm, "update", 3);
    guest_trap(&gb, wasm, "update", 4);
    size_t la, lb;
    uint8_t *pa = guest_dump(&ga, &la), *pb = guest_dump(&gb, &lb);
    blob a = {pa, la}, b = {pb, lb};
    writer wa = {NULL, ga.inst, &ga.opt}, wb = {NULL, gb.inst, &gb.opt};
    host_port h;
    if (host_port_open(&h, NULL, FLASH_SIZE, 1024, 8, SLOT_OFF, SLOT_LEN) != 0)
        exit(2);
    char name[80];
    snprintf(name, sizeof name, "coredump %zu over %zu, 1024/8", lb, la);
    cut_case(&h, name, &a, &wa, &b, &wb, true);
    host_port_close(&h);
    free(pa);
    free(pb);
    guest_free(&ga);
    guest_free(&gb);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: slot_power CRASH.wasm\n");
        return 2;
    }
    static const uint32_t geo[][2] = {{256, 1}, {512, 16}, {4096, 256}};
    for (size_t g = 0; g < 3; g++) {
        synthetic(geo[g][0], geo[g][1], 1500, 901);
        synthetic(geo[g][0], geo[g][1], 901, 1500);
    }
    coredumps(argv[1]);
    printf("%s\n", failures ? "FAILED" : "ok: no cut left a corrupt dump that passes as valid");
    return failures ? 1 : 0;
}
