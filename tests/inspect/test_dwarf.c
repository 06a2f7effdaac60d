/* Tests of the `.debug_line` reader (tools/inspect/dwarf_line.c) on modules built
 * by clang-14 -g; driven by check_dwarf.py.
 *
 *   test_dwarf lookup M.wasm OFFSET   module offset -> "file:line" (or "none")
 *   test_dwarf rows M.wasm            every row: "unit addr line col file end"
 *   test_dwarf damage M.wasm          truncations and bit flips of .debug_line:
 *                                     must never crash (built with ASan/UBSan
 *                                     when the compiler has them)
 * Exit status 0 on success, 1 on failure. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dwarf_line.h"
#include "inspect_module.h"
#include "readfile.h"

static im_module mod;
static dwarf_sections sec;

static int load(const char *path)
{
    size_t len, at;
    const char *why;
    char err[200];
    uint8_t *b = read_file(path, &len, &why);
    if (!b) {
        fprintf(stderr, "%s: %s\n", path, why);
        return 1;
    }
    if (!im_parse(b, len, &mod, &at, err, sizeof err)) {
        fprintf(stderr, "%s: at 0x%zx: %s\n", path, at, err);
        return 1;
    }
    if (!mod.debug_line.p) {
        fprintf(stderr, "%s: no .debug_line\n", path);
        return 1;
    }
    sec.line = mod.debug_line.p;
    sec.line_len = mod.debug_line.len;
    sec.line_at = mod.debug_line.at;
    sec.line_str = mod.debug_line_str.p;
    sec.line_str_len = mod.debug_line_str.len;
    sec.str = mod.debug_str.p;
    sec.str_len = mod.debug_str.len;
    return 0;
}

static int lookup(const char *offset_text)
{
    char *end;
    unsigned long long off = strtoull(offset_text, &end, 0);
    if (*end || off < mod.code_payload) {
        fprintf(stderr, "bad module offset %s (code payload starts at 0x%x)\n", offset_text,
                (unsigned)mod.code_payload);
        return 1;
    }
    dwarf_loc loc;
    size_t at;
    char err[200], path[512];
    int rc = dwarf_line_lookup(&sec, off - mod.code_payload, &loc, &at, err, sizeof err);
    if (rc == DWARF_DAMAGED) {
        fprintf(stderr, "damaged at 0x%zx: %s\n", at, err);
        return 1;
    }
    if (rc == DWARF_NOT_FOUND) {
        printf("none\n");
        return 0;
    }
    dwarf_loc_path(&loc, path, sizeof path);
    printf("%s:%u\n", path, (unsigned)loc.line);
    return 0;
}

static void print_row(void *ctx, const dwarf_row *r)
{
    (void)ctx;
    dwarf_loc loc;
    char path[512];
    size_t at;
    char err[200];
    if (dwarf_line_file(&sec, r->unit, r->file, &loc, &at, err, sizeof err) == DWARF_FOUND)
        dwarf_loc_path(&loc, path, sizeof path);
    else
        snprintf(path, sizeof path, "?");
    printf("%" PRIu64 " 0x%" PRIx64 " %u %u %s %s\n", r->unit, r->address, (unsigned)r->line,
           (unsigned)r->column, path, r->end_sequence ? "end" : "-");
}

static int rows(void)
{
    size_t at;
    char err[200];
    if (dwarf_line_rows(&sec, print_row, NULL, &at, err, sizeof err) != DWARF_FOUND) {
        fprintf(stderr, "damaged at 0x%zx: %s\n", at, err);
        return 1;
    }
    return 0;
}

static unsigned long nrows;
static void count_row(void *ctx, const dwarf_row *r)
{
    (void)ctx;
    (void)r;
    nrows++;
}

/* One run over a damaged copy held in an exact-size malloc'd buffer, so an
 * over-read is an ASan error. Looks up a few addresses and walks all rows. */
static int run_damaged(const uint8_t *bytes, size_t len, const char *what, size_t where)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        return 1;
    memcpy(copy, bytes, len);
    dwarf_sections d = sec;
    d.line = copy;
    d.line_len = len;
    dwarf_loc loc;
    size_t at = (size_t)-1;
    char err[200] = "";
    static const uint64_t addrs[] = {0x100};
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        at = (size_t)-1;
        err[0] = '\0';
        int rc = dwarf_line_lookup(&d, addrs[i], &loc, &at, err, sizeof err);
        if (rc == DWARF_DAMAGED && (!err[0] || at < d.line_at || at > d.line_at + len)) {
            fprintf(stderr, "%s at %zu: damaged without a proper message/offset (0x%zx '%s')\n",
                    what, where, at, err);
            free(copy);
            return 1;
        }
        if (rc == DWARF_FOUND) {
            char path[600];
            dwarf_loc_path(&loc, path, sizeof path);
        }
    }
    dwarf_line_rows(&d, count_row, NULL, &at, err, sizeof err);
    free(copy);
    return 0;
}

static int damage(void)
{
    const uint8_t *b = sec.line;
    size_t len = sec.line_len;
    int fails = 0;
    unsigned long runs = 0;
    /* Truncations: every length through the first units (wasi-libc's small
     * ones come first), then a stride. */
    for (size_t n = 0; n < len; n += n < 1024 ? 1 : 251, runs++)
        fails += run_damaged(b, n, "truncation", n);
    /* Single bit flips in the first units' headers and programs. */
    uint8_t *copy = malloc(len);
    if (!copy)
        return 1;
    size_t span = len < 512 ? len : 512;
    for (size_t i = 0; i < span; i++) {
        for (int bit = 0; bit < 8; bit++, runs++) {
            memcpy(copy, b, len);
            copy[i] ^= (uint8_t)(1u << bit);
            fails += run_damaged(copy, len, "bit flip", i * 8 + (size_t)bit);
        }
    }
    /* Random multi-byte damage (fixed seed: reproducible). */
    uint32_t seed = 12345;
    for (int k = 0; k < 1000; k++, runs++) {
        memcpy(copy, b, len);
        for (int j = 0; j < 4; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t pos = (seed >> 8) % (len < 2048 ? len : 2048);
            seed = seed * 1103515245u + 12345u;
            copy[pos] = (uint8_t)(seed >> 16);
        }
        fails += run_damaged(copy, len, "random damage", (size_t)k);
    }
    free(copy);
    printf("%lu damaged variants read, %d failures\n", runs, fails);
    return fails ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_dwarf lookup|rows|damage M.wasm [OFFSET]\n");
        return 1;
    }
    if (load(argv[2]))
        return 1;
    int rc;
    if (!strcmp(argv[1], "lookup") && argc == 4)
        rc = lookup(argv[3]);
    else if (!strcmp(argv[1], "rows"))
        rc = rows();
    else if (!strcmp(argv[1], "damage"))
        rc = damage();
    else {
        fprintf(stderr, "bad command\n");
        rc = 1;
    }
    free((void *)mod.buf);
    im_free(&mod);
    return rc;
}
