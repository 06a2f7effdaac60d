/* Fuzz target: `wisp inspect`: its coredump parser (tools/inspect/coredump_read.c)
 * and its printer (tools/inspect/inspect_print.h), text and JSON.
 *
 * The input is a coredump, optionally followed by the module that was
 * running: the dump part ends where the last Wasm header (\0asm 01 00 00 00)
 * after the first starts (the seeds hold such pairs, see cd_seed.c).
 *
 * Checks beyond "no crash, no sanitizer report" (the run script also caps
 * any single allocation with -malloc_limit_mb):
 *  - a failure names an offset inside the input and a reason;
 *  - a parsed dump is consistent: every frame's instance exists, arrays
 *    are there for their counts, every string lies inside the input;
 *  - memory reads succeed inside each memory (first and last bytes) and
 *    are refused past the end, including ranges whose end wraps 2^64;
 *  - a dump that parses prints, as text (with a --memory range that runs
 *    past the end of memory 0, so clipped) and as JSON (with the lines
 *    around an address): exit status 0, text without control characters
 *    but newlines (names are escaped), valid JSON, every stderr line a
 *    "wisp: " message;
 *  - with the module part as --module: status 0 or 1, the same checks. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "coredump_read.h"
#include "inspect_print.h"
#include "json_check.h"

static const uint8_t *in_lo, *in_hi;

static void check_str(cd_str s, const char *what)
{
    if (s.len && ((const uint8_t *)s.p < in_lo || s.len > (size_t)(in_hi - (const uint8_t *)s.p)))
        harness_fail("%s string outside the input", what);
}

static unsigned long printed, with_module, module_ok;

/* replay_main.c prints this after a corpus: what the printer saw. */
void fuzz_report(void);
void fuzz_report(void)
{
    printf("printed %lu dumps, %lu with a module (%lu accepted with it)\n", printed,
           with_module, module_ok);
}

static const uint8_t wasm_header[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

/* Where a module appended to the dump starts (0: none). */
static size_t module_at(const uint8_t *data, size_t size)
{
    for (size_t at = size >= 8 ? size - 8 : 0; at >= 8; at--)
        if (!memcmp(data + at, wasm_header, 8))
            return at;
    return 0;
}

static void check_text(const char *what, const char *s, size_t len, bool json)
{
    size_t at;
    if (json && !json_check(s, len, &at))
        harness_fail("%s: invalid JSON at byte %zu of %zu: ...%.40s", what, at, len, s + at);
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] < 0x20 && s[i] != '\n') || s[i] == 0x7f)
            harness_fail("%s: control character 0x%02x at byte %zu (an unescaped name?)", what,
                         (unsigned char)s[i], i);
    if (len && s[len - 1] != '\n')
        harness_fail("%s: output does not end with a newline", what);
}

/* Runs the printer on the request; returns its status after the checks. */
static int print_checked(inspect_req *rq, const char *what)
{
    char *out = NULL, *err = NULL;
    size_t out_len = 0, err_len = 0;
    FILE *fo = open_memstream(&out, &out_len), *fe = open_memstream(&err, &err_len);
    if (!fo || !fe)
        harness_fail("open_memstream failed");
    int st = inspect_print(fo, fe, rq);
    fclose(fo);
    fclose(fe);
    if (st != 0 && st != 1)
        harness_fail("%s: inspect_print returned %d", what, st);
    if (st == 0)
        check_text(what, out, out_len, rq->json);
    check_text("stderr", err, err_len, false); /* so every line ends with '\n' */
    for (size_t i = 0; i < err_len;) {
        if (err_len - i < 6 || strncmp(err + i, "wisp: ", 6) != 0)
            harness_fail("%s: a stderr line does not start with \"wisp: \": %.60s", what,
                         err + i);
        i = (size_t)((const char *)memchr(err + i, '\n', err_len - i) - err) + 1;
    }
    free(out);
    free(err);
    return st;
}

/* The dump parsed: print it every way, first alone, then with the module. */
static void print_all(const coredump *cd, const uint8_t *dump, size_t dump_len,
                      const uint8_t *mod, size_t mod_len)
{
    uint64_t msize = coredump_memory_size(cd, 0);
    inspect_req rq = {.core_name = "fuzz.core", .core = dump, .core_len = dump_len};
    printed++;
    if (print_checked(&rq, "text") != 0)
        harness_fail("a dump that parses did not print as text");
    rq.json = true;
    if (print_checked(&rq, "json") != 0)
        harness_fail("a dump that parses did not print as JSON");
    if (msize) {
        rq.view = true;
        rq.view_addr = msize > 16 ? msize - 16 : 0;
        rq.view_len_given = true;
        rq.view_len = 64; /* past the end: clipped */
        rq.json = false;
        if (print_checked(&rq, "text --memory") != 0)
            harness_fail("--memory 0x%llx:64 inside memory 0 failed",
                         (unsigned long long)rq.view_addr);
        rq.json = true;
        rq.view_len_given = false;
        rq.view_addr = msize / 2;
        if (print_checked(&rq, "json --memory") != 0)
            harness_fail("--memory 0x%llx inside memory 0 failed",
                         (unsigned long long)rq.view_addr);
    }
    if (!mod)
        return;
    rq.module_name = "fuzz.wasm";
    rq.module = mod;
    rq.module_len = mod_len;
    rq.view = false;
    rq.json = false;
    with_module++;
    module_ok += print_checked(&rq, "text --module") == 0;
    rq.json = true;
    print_checked(&rq, "json --module");
}

/* The parser's checks on data[0..size), then the printer's (with the
 * module, if given). */
static void check_dump(const uint8_t *data, size_t size, const uint8_t *mod, size_t mod_len)
{
    coredump cd;
    size_t at = (size_t)-1;
    char why[200];
    memset(why, 0x55, sizeof why);
    in_lo = data;
    in_hi = data + size;
    if (!coredump_parse(data, size, &cd, &at, why, sizeof why)) {
        if (at > size || !memchr(why, 0, sizeof why) || !why[0])
            harness_fail("failure without an offset inside the input (%zu of %zu) or a reason",
                         at, size);
        return;
    }
    check_str(cd.executable, "executable");
    check_str(cd.trap, "trap");
    for (uint32_t i = 0; i < cd.nmodules; i++)
        check_str(cd.modules[i], "module");
    for (uint32_t t = 0; t < cd.nthreads; t++) {
        const cd_thread *th = &cd.threads[t];
        check_str(th->name, "thread");
        for (uint32_t f = 0; f < th->nframes; f++) {
            const cd_frame *fr = &th->frames[f];
            if (cd.has_instances && fr->instance >= cd.ninstances)
                harness_fail("frame %u names instance %u of %u", f, fr->instance, cd.ninstances);
            if ((fr->nlocals && !fr->locals) || (fr->nstack && !fr->stack))
                harness_fail("frame %u without its values", f);
            volatile uint64_t sum = 0; /* touch them all: ASan checks the arrays' extent */
            for (uint32_t i = 0; i < fr->nlocals; i++)
                sum += fr->locals[i].bits;
            for (uint32_t i = 0; i < fr->nstack; i++)
                sum += fr->stack[i].bits;
            (void)sum;
        }
    }
    for (uint32_t s = 0; s < cd.nsegments; s++) {
        const cd_segment *sg = &cd.segments[s];
        if (sg->len && (sg->bytes < data || sg->len > (size_t)(in_hi - sg->bytes)))
            harness_fail("segment %u outside the input", s);
    }
    for (uint32_t m = 0; m <= cd.nmemories; m++) {
        uint64_t msize = coredump_memory_size(&cd, m), saved;
        uint32_t nseg;
        uint8_t buf[64];
        coredump_memory_saved(&cd, m, &saved, &nseg);
        if (m == cd.nmemories && msize)
            harness_fail("memory %u of %u has a size", m, cd.nmemories);
        size_t n = msize < sizeof buf ? (size_t)msize : sizeof buf;
        if (n && (!coredump_memory_read(&cd, m, 0, buf, n) ||
                  !coredump_memory_read(&cd, m, msize - n, buf, n)))
            harness_fail("memory %u (%llu bytes): reading its ends failed", m,
                         (unsigned long long)msize);
        if (coredump_memory_read(&cd, m, msize, buf, 1) ||
            coredump_memory_read(&cd, m, UINT64_MAX - 7, buf, 16) ||
            (msize && coredump_memory_read(&cd, m, msize - 1, buf, 2)))
            harness_fail("memory %u: a read past its end succeeded", m);
    }
    print_all(&cd, data, size, mod, mod_len);
    coredump_free(&cd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_dump(data, size, NULL, 0);
    size_t split = module_at(data, size);
    if (split) /* a dump and its module */
        check_dump(data, split, data + split, size - split);
    return 0;
}
