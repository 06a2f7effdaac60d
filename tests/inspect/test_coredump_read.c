/* Damage tests of the coredump parser (tools/inspect/coredump_read.c), in process
 * so they run fast and under ASan/UBSan (meson adds them when the compiler
 * has them). For each valid coredump given:
 *   - it parses;
 *   - every truncation parses only if it ends on a section boundary, and
 *     otherwise fails with a reason and an offset inside the file;
 *   - every single-bit flip, and random multi-byte damage, either parses or
 *     fails the same way, and a parsed result can be walked (frames, values,
 *     memory reads at the ends of each memory) without a sanitizer report.
 * Each variant sits in an exact-size malloc'd buffer so an over-read is an
 * ASan error. With --inspect DIR, every variant that parses is also written
 * to DIR and printed by `wisp inspect` in process (text and --json, with
 * --module M when given; output to /dev/null), so the printer meets the
 * damaged names, values and memories too.
 *   usage: test_coredump_read [--inspect DIR [--module M.wasm]] CORE...
 * Exit status 0 = pass. */
#define _POSIX_C_SOURCE 200809L /* dup, fdopen */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "coredump_read.h"
#include "cli.h"
#include "readfile.h"

#if defined(__SANITIZE_ADDRESS__) /* gcc */
#define HAVE_SANITIZER_REPORT_FD 1
#elif defined(__has_feature) /* clang */
#if __has_feature(address_sanitizer)
#define HAVE_SANITIZER_REPORT_FD 1
#endif
#endif
#ifdef HAVE_SANITIZER_REPORT_FD
#include <sanitizer/common_interface_defs.h>
#endif

static unsigned long runs, printed;
static FILE *rep; /* failures go here: stderr, kept when the printer is silenced */
static const char *inspect_dir, *module_path;

/* Runs `wisp inspect` on the variant; its exit status must be 0 (it
 * parsed) or 1 (e.g. --memory outside a damaged memory size). */
static int print_variant(const uint8_t *bytes, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/variant.core", inspect_dir);
    /* A new file each time: ext4 flushes a file truncated and rewritten. */
    remove(path);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(bytes, 1, len, f) != len || fclose(f) != 0) {
        fprintf(rep, "cannot write %s\n", path);
        return -1;
    }
    char *text[] = {"inspect", path, "--memory", "0x400", NULL, NULL, NULL};
    char *json[] = {"inspect", "--json", path, "--memory=0x10:64", NULL, NULL, NULL};
    if (module_path) {
        text[4] = json[4] = "--module";
        text[5] = json[5] = (char *)module_path;
    }
    int argc = module_path ? 6 : 4;
    printed++;
    int a = inspect_main(argc, text), b = inspect_main(argc, json);
    if (a > 1 || b > 1) {
        fprintf(rep, "inspect returned %d/%d\n", a, b);
        return -1;
    }
    return 0;
}

/* Offsets where a section ends, from a raw walk of a valid file. */
static size_t boundaries(const uint8_t *b, size_t len, size_t *out, size_t max)
{
    size_t n = 0, pos = 8;
    while (pos < len && n < max) {
        pos++; /* id */
        uint32_t size = 0;
        for (unsigned shift = 0; pos < len; shift += 7) {
            uint8_t c = b[pos++];
            size |= (uint32_t)(c & 0x7f) << shift;
            if (!(c & 0x80))
                break;
        }
        pos += size;
        out[n++] = pos;
    }
    return n;
}

static uint64_t touch(const void *p, size_t n)
{
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += ((const volatile uint8_t *)p)[i];
    return sum;
}

/* Reads every byte the parse result points at (in the exact-size copy),
 * so a range that runs past the input is an ASan error here. */
static void walk(const coredump *cd)
{
    volatile uint64_t sink = 0;
    if (cd->has_core)
        sink += touch(cd->executable.p, cd->executable.len);
    if (cd->has_trap)
        sink += touch(cd->trap.p, cd->trap.len);
    for (uint32_t i = 0; i < cd->nmodules; i++)
        sink += touch(cd->modules[i].p, cd->modules[i].len);
    if (cd->names)
        sink += touch(cd->names, cd->names_len);
    for (uint32_t i = 0; i < cd->nsegments; i++)
        sink += touch(cd->segments[i].bytes, cd->segments[i].len);
    for (uint32_t t = 0; t < cd->nthreads; t++) {
        sink += touch(cd->threads[t].name.p, cd->threads[t].name.len);
        for (uint32_t i = 0; i < cd->threads[t].nframes; i++) {
            const cd_frame *f = &cd->threads[t].frames[i];
            for (uint32_t k = 0; k < f->nlocals; k++)
                sink += f->locals[k].bits;
            for (uint32_t k = 0; k < f->nstack; k++)
                sink += f->stack[k].bits;
        }
    }
    for (uint32_t m = 0; m < cd->nmemories; m++) {
        uint8_t buf[64];
        uint64_t size = coredump_memory_size(cd, m);
        if (size >= sizeof buf) {
            coredump_memory_read(cd, m, 0, buf, sizeof buf);
            coredump_memory_read(cd, m, size - sizeof buf, buf, sizeof buf);
            sink += buf[0];
        }
        if (coredump_memory_read(cd, m, size, buf, 1)) /* past the end: must refuse */
            abort();
    }
    (void)sink;
}

/* 1 parsed, 0 failed properly, -1 failed badly. */
static int try_parse(const uint8_t *bytes, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy)
        abort();
    memcpy(copy, bytes, len);
    coredump cd;
    size_t at = (size_t)-1;
    char err[200] = "";
    runs++;
    int rc;
    if (coredump_parse(copy, len, &cd, &at, err, sizeof err)) {
        walk(&cd);
        coredump_free(&cd);
        rc = 1;
        /* Printing every variant of a big dump costs much and adds little:
         * its bulk is memory contents. */
        if (inspect_dir && len <= 1024 && print_variant(copy, len) < 0)
            rc = -1;
    } else {
        rc = err[0] && at <= len ? 0 : -1;
        if (rc < 0)
            fprintf(rep, "bad failure: offset 0x%zx of %zu, message '%s'\n", at, len, err);
    }
    free(copy);
    return rc;
}

static int check_file(const char *path)
{
    size_t len;
    const char *why;
    uint8_t *b = read_file(path, &len, &why);
    int fails = 0;
    if (!b) {
        fprintf(rep, "%s: %s\n", path, why);
        return 1;
    }
    if (try_parse(b, len) != 1) {
        fprintf(rep, "%s: the valid file does not parse\n", path);
        free(b);
        return 1;
    }
    size_t bounds[256];
    size_t nb = boundaries(b, len, bounds, 256);
    for (size_t n = 0; n < len; n++) {
        int rc = try_parse(b, n);
        bool at_boundary = false;
        for (size_t i = 0; i < nb; i++)
            at_boundary |= bounds[i] == n;
        if (rc < 0 || (rc == 1 && !at_boundary)) {
            fprintf(rep, "%s: truncated to %zu bytes: %s\n", path, n,
                    rc < 0 ? "bad failure" : "accepted although cut inside a section");
            fails++;
        }
    }
    uint8_t *d = malloc(len);
    if (!d)
        abort();
    for (size_t i = 0; i < len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy(d, b, len);
            d[i] ^= (uint8_t)(1u << bit);
            if (try_parse(d, len) < 0) {
                fprintf(rep, "%s: bit %d of byte 0x%zx flipped\n", path, bit, i);
                fails++;
            }
        }
    }
    uint32_t seed = 2024;
    for (int k = 0; k < 3000; k++) {
        memcpy(d, b, len);
        for (int j = 0; j < 3; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t pos = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            d[pos] = (uint8_t)(seed >> 16);
        }
        if (try_parse(d, len) < 0) {
            fprintf(rep, "%s: random damage %d\n", path, k);
            fails++;
        }
    }
    free(d);
    free(b);
    return fails;
}

int main(int argc, char **argv)
{
    int fails = 0;
    int i = 1;
    rep = stderr;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (!strcmp(argv[i], "--inspect"))
            inspect_dir = argv[i + 1];
        else if (!strcmp(argv[i], "--module"))
            module_path = argv[i + 1];
        else
            break;
    }
    if (i >= argc) {
        fprintf(rep, "usage: test_coredump_read [--inspect DIR [--module M]] CORE...\n");
        return 1;
    }
    FILE *summary = stdout;
    if (inspect_dir) {
        /* Keep the real stdout/stderr for the results; silence the printer
         * (its warnings about damaged names are expected). */
        summary = fdopen(dup(1), "w");
        rep = fdopen(dup(2), "w");
        if (!summary || !rep || !freopen("/dev/null", "w", stdout) ||
            !freopen("/dev/null", "w", stderr))
            return 1;
#ifdef HAVE_SANITIZER_REPORT_FD
        /* ...but not the sanitizers' reports */
        __sanitizer_set_report_fd((void *)(intptr_t)fileno(rep));
#endif
    }
    for (; i < argc; i++)
        fails += check_file(argv[i]);
    if (inspect_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/variant.core", inspect_dir);
        remove(path);
    }
    fprintf(summary, "%lu variants parsed, %lu printed by wisp inspect, %d failures\n", runs,
            printed, fails);
    fflush(summary);
    fflush(rep);
    return fails ? 1 : 0;
}
