/* Fuzz target: the coredump parser of `wisp inspect` (tools/coredump_read.c).
 *
 * Checks beyond "no crash, no sanitizer report" (the run script also caps
 * any single allocation with -malloc_limit_mb):
 *  - a failure names an offset inside the input and a reason;
 *  - a parsed dump is consistent: every frame's instance exists, arrays
 *    are there for their counts, every string lies inside the input;
 *  - memory reads succeed inside each memory (first and last bytes) and
 *    are refused past the end, including ranges whose end wraps 2^64. */
#include <string.h>

#include "harness.h"
#include "coredump_read.h"

static const uint8_t *in_lo, *in_hi;

static void check_str(cd_str s, const char *what)
{
    if (s.len && ((const uint8_t *)s.p < in_lo || s.len > (size_t)(in_hi - (const uint8_t *)s.p)))
        harness_fail("%s string outside the input", what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
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
        return 0;
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
    coredump_free(&cd);
    return 0;
}
