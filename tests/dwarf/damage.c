/* The DWARF info reader (tools/symbols/dwarf_info.c) on damaged debug
 * info, under ASan+UBSan: a module with DWARF (built by check.py), its
 * debug sections' bytes flipped, zeroed and overwritten at random, each
 * variant symbolized at every code address with made-up frame values.
 * Passes when nothing reads out of bounds, loops or crashes, and the
 * undamaged module still gives its frames.
 *
 *   damage MODULE.wasm [ROUNDS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_module.h"
#include "symbols.h"

static bool fake_value(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    (void)ctx;
    *type = WISP_I32;
    v->i32 = (int32_t)(k * 2654435761u); /* any value: addresses too */
    return k < 40;
}

static bool fake_memory(void *ctx, uint64_t addr, void *buf, uint32_t len)
{
    (void)ctx;
    if (addr > 65536 || len > 65536 - addr)
        return false;
    for (uint32_t i = 0; i < len; i++)
        ((uint8_t *)buf)[i] = (uint8_t)(addr + i);
    return true;
}

static void quiet(void *ctx, const char *line)
{
    (*(unsigned *)ctx)++;
    (void)line;
}

static uint64_t rng = 0x9e3779b97f4a7c15u;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (uint32_t)(rng % n) : 0;
}

/* Symbolizes every code address; returns how many source frames in all. */
static uint64_t walk(const uint8_t *bytes, size_t len, const im_module *m, unsigned *notes)
{
    const sym_values vals = {NULL, fake_value, fake_value, fake_value, fake_memory};
    sym_module *s = sym_open(bytes, len, NULL, quiet, notes);
    if (!s) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    uint64_t frames = 0;
    for (uint32_t f = 0; f < m->nfuncs - m->nimported_funcs; f++) {
        for (uint32_t at = m->body_start[f]; at < m->body_end[f]; at++) {
            const sym_frame *out;
            uint32_t n = sym_frames(s, m->nimported_funcs + f, at, &vals, &out);
            for (uint32_t k = 0; k < n; k++) /* touch every string */
                for (uint32_t v = 0; v < out[k].nvars; v++)
                    frames += strlen(out[k].vars[v].name) + strlen(out[k].vars[v].value) > 0;
            frames += n;
        }
    }
    sym_close(s);
    return frames;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: damage MODULE.wasm [ROUNDS]\n");
        return 2;
    }
    unsigned rounds = argc > 2 ? (unsigned)atoi(argv[2]) : 200;
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 1;
    }
    static uint8_t buf[1 << 22];
    size_t len = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    im_module m;
    size_t at;
    char err[200];
    if (!im_parse(buf, len, &m, &at, err, sizeof err)) {
        fprintf(stderr, "%s: %s at 0x%zx\n", argv[1], err, at);
        return 1;
    }
    const im_section *secs[] = {&m.debug_info, &m.debug_abbrev, &m.debug_loc,
                                &m.debug_loclists, &m.debug_ranges, &m.debug_rnglists,
                                &m.debug_str_offsets, &m.debug_addr, &m.debug_str,
                                &m.debug_line};
    unsigned notes = 0;
    uint64_t clean = walk(buf, len, &m, &notes);
    if (!m.debug_info.p || notes) {
        fprintf(stderr, "%s: no .debug_info, or notes on the undamaged module (%u)\n", argv[1],
                notes);
        return 1;
    }
    uint8_t *copy = malloc(len);
    if (!copy)
        return 1;
    unsigned damaged_notes = 0;
    for (unsigned r = 0; r < rounds; r++) {
        memcpy(copy, buf, len);
        const im_section *s;
        do
            s = secs[rnd(sizeof secs / sizeof *secs)];
        while (!s->p || !s->len);
        size_t off = (size_t)(s->p - buf);
        switch (r % 4) {
        case 0: /* a few bit flips */
            for (int k = 0; k < 4; k++)
                copy[off + rnd((uint32_t)s->len)] ^= (uint8_t)(1u << rnd(8));
            break;
        case 1: { /* a run of 0xff: huge lengths, offsets and LEBs */
            size_t at2 = rnd((uint32_t)s->len), n = 1 + rnd(16);
            for (size_t k = at2; k < s->len && k < at2 + n; k++)
                copy[off + k] = 0xff;
            break;
        }
        case 2: { /* the tail zeroed: lists and units cut short */
            size_t at2 = rnd((uint32_t)s->len);
            memset(copy + off + at2, 0, s->len - at2);
            break;
        }
        default: /* random bytes */
            for (int k = 0; k < 32; k++)
                copy[off + rnd((uint32_t)s->len)] = (uint8_t)rnd(256);
            break;
        }
        walk(copy, len, &m, &damaged_notes);
    }
    printf("%s: %llu source frames undamaged; %u damaged variants symbolized (%u notes)\n",
           argv[1], (unsigned long long)clean, rounds, damaged_notes);
    free(copy);
    im_free(&m);
    return 0;
}
