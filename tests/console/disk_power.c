/* Power cuts during a flash disk save (suite 'console', issue 17).
 *
 * The disk holds A. B is saved over it with the host port's NOR emulation
 * (wisp_nor.h) cutting the power after N bytes of erasing and programming,
 * for every N from 0 to the save's whole cost, once with the operation at
 * the cut done in order up to the cut byte and once with a random subset
 * of its bytes done. After each cut the board "reboots" and loading must
 * give A exactly or B exactly, never anything else; then a new save must
 * work from whatever the cut left and load back exactly. Also: an empty
 * flash loads as an empty disk, saves alternate halves, a bad geometry is
 * refused, and no program unit is programmed twice between erases.
 *
 * Geometries: 2 KiB blocks with 1-byte programs, 4 KiB / 256 (RP2040-like),
 * 1 KiB blocks / 16 with two blocks a copy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/check.h"
#include "wisp_console.h"
#include "wisp_nor.h"

typedef struct geo {
    uint32_t block, prog, offset, length;
} geo;

static uint8_t flash[64 * 1024];

static void attach(wisp_nor_ram *nor, wisp_port *port, const geo *g)
{
    memset(port, 0, sizeof *port);
    wisp_nor_ram_init(nor, flash, 0, sizeof flash, g->block, g->prog);
    wisp_nor_ram_attach(nor, port);
}

static void fill(uint8_t *p, uint32_t n, uint32_t seed)
{
    for (uint32_t i = 0; i < n; i++)
        p[i] = (uint8_t)((seed * 2654435761u + i * 40503u) >> 13);
}

/* What the disk loads as: 'A', 'B', 'E' (empty), or '?' (anything else). */
static char loads(const wisp_port *port, const geo *g, const uint8_t *a, uint32_t alen,
                  const uint8_t *b, uint32_t blen)
{
    uint8_t got[WISP_W4_DISK_SIZE];
    uint32_t len = 12345;
    if (wisp_w4_disk_load(port, g->offset, g->length, got, &len) != WISP_OK)
        return '!';
    if (len == alen && !memcmp(got, a, len))
        return 'A';
    if (len == blen && !memcmp(got, b, len))
        return 'B';
    return len == 0 ? 'E' : '?';
}

static void power_cuts(const geo *g, uint32_t alen, uint32_t blen)
{
    static uint8_t a[WISP_W4_DISK_SIZE], b[WISP_W4_DISK_SIZE];
    fill(a, alen, 1);
    fill(b, blen, 2);
    wisp_nor_ram nor;
    wisp_port port;
    memset(flash, 0xff, sizeof flash);
    attach(&nor, &port, g);
    CHECK(loads(&port, g, a, alen, b, blen) == 'E', "blank flash is not an empty disk");
    CHECK(wisp_w4_disk_save(&port, g->offset, g->length, a, alen) == WISP_OK, "save A");
    static uint8_t with_a[sizeof flash];
    memcpy(with_a, flash, sizeof flash);
    /* the save's whole cost */
    wisp_nor_ram probe;
    wisp_port probe_port;
    attach(&probe, &probe_port, g);
    probe.budget = 0x7fffffff;
    CHECK(wisp_w4_disk_save(&probe_port, g->offset, g->length, b, blen) == WISP_OK, "save B");
    const uint32_t cost = 0x7fffffff - probe.budget;
    CHECK(probe.reprogs == 0, "a program unit programmed twice between erases");
    CHECK(loads(&probe_port, g, a, alen, b, blen) == 'B', "B not loaded after its save");
    unsigned seen_a = 0, seen_b = 0;
    for (int scatter = 0; scatter < 2; scatter++) {
        for (uint32_t n = 0; n <= cost; n++) {
            memcpy(flash, with_a, sizeof flash);
            wisp_nor_ram cut;
            wisp_port cut_port;
            attach(&cut, &cut_port, g);
            cut.budget = n;
            cut.scatter = scatter ? n * 7919u + 1 : 0;
            (void)wisp_w4_disk_save(&cut_port, g->offset, g->length, b, blen);
            /* reboot: power back, the flash as the cut left it */
            wisp_nor_ram after;
            wisp_port after_port;
            attach(&after, &after_port, g);
            const char got = loads(&after_port, g, a, alen, b, blen);
            CHECK(got == 'A' || got == 'B', "cut after %u bytes (scatter %d): loads as %c",
                  (unsigned)n, scatter, got);
            seen_a += got == 'A';
            seen_b += got == 'B';
            /* and a new save works from there */
            if (n % 97 == 0) {
                CHECK(wisp_w4_disk_save(&after_port, g->offset, g->length, b, blen) == WISP_OK &&
                          loads(&after_port, g, a, alen, b, blen) == 'B',
                      "save after a cut at %u", (unsigned)n);
                CHECK(after.reprogs == 0, "reprogrammed after a cut at %u", (unsigned)n);
            }
        }
    }
    CHECK(seen_a && seen_b, "the cuts never showed A (%u) or never B (%u)", seen_a, seen_b);
    printf("block %u prog %u: A %u bytes, B %u bytes: %u cut points twice, A %u, B %u\n",
           (unsigned)g->block, (unsigned)g->prog, (unsigned)alen, (unsigned)blen,
           (unsigned)cost + 1, seen_a, seen_b);
}

static void alternation(const geo *g)
{
    wisp_nor_ram nor;
    wisp_port port;
    memset(flash, 0xff, sizeof flash);
    attach(&nor, &port, g);
    uint8_t d[WISP_W4_DISK_SIZE];
    for (uint32_t i = 0; i < 6; i++) { /* lengths 0..1024, each loads back */
        const uint32_t len = i * 1024 / 5;
        fill(d, len, 10 + i);
        CHECK(wisp_w4_disk_save(&port, g->offset, g->length, d, len) == WISP_OK, "save %u", i);
        uint8_t got[WISP_W4_DISK_SIZE];
        uint32_t n;
        CHECK(wisp_w4_disk_load(&port, g->offset, g->length, got, &n) == WISP_OK && n == len &&
                  !memcmp(got, d, len),
              "load after save %u", (unsigned)i);
    }
    CHECK(nor.reprogs == 0, "reprogrammed without an erase");
    CHECK(wisp_w4_disk_save(&port, g->offset, g->length, d, WISP_W4_DISK_SIZE + 1) ==
              WISP_ERR_ARG, "a disk over 1 KiB accepted");
    CHECK(wisp_w4_disk_save(&port, g->offset, g->block, d, 4) == WISP_ERR_ARG,
          "a region of one block accepted");
    CHECK(wisp_w4_disk_save(&port, g->offset + 1, g->length, d, 4) == WISP_ERR_ARG,
          "an unaligned region accepted");
}

int main(void)
{
    static const geo geos[] = {
        {2048, 1, 8192, 4096},
        {4096, 256, 16384, 8192},
        {1024, 16, 4096, 4096},
    };
    for (size_t i = 0; i < sizeof geos / sizeof geos[0]; i++) {
        alternation(&geos[i]);
        power_cuts(&geos[i], 700, 1024);
        power_cuts(&geos[i], 1024, 33);
    }
    return CHECK_SUMMARY();
}
