/* Shared by the benchmark guests (tests/bench/guests/NAME.c).
 *
 * Every guest defines `BENCH_RUN { ... }`: the whole computation, returning
 * a 32-bit checksum. It is exported as `run` (i32 result, no parameters, no
 * imports used), so a bare-metal runner can call it without WASI. The work
 * size is a compile-time constant; -DSMALL selects the Cortex-M size.
 *
 * The builds of each guest (bench.py makes them):
 *   NAME.wasm        wasm32-wasi command; main() prints "checksum N"
 *   NAME.small.wasm  -DSMALL -DBENCH_BARE: wasm32, no libc, no imports,
 *                    only the `run` export (for QEMU Cortex-M runners)
 *   NAME.run.wasm    -DBENCH_BARE at the full size (for wabt's wasm-interp,
 *                    which has no WASI in Debian's build)
 *   NAME.native      gcc -O2, prints the reference checksum (also -DSMALL)
 * All with -ffp-contract=off, so float code rounds the same everywhere.
 * Checksums must not depend on pointer values or sizeof(long).
 */
#ifndef BENCH_H
#define BENCH_H

#include <stddef.h>
#include <stdint.h>

#if defined(__wasm__)
#define BENCH_EXPORT __attribute__((export_name("run")))
#else
#define BENCH_EXPORT
#endif
#define NOINLINE __attribute__((noinline))

uint32_t run(void);
#define BENCH_RUN BENCH_EXPORT uint32_t run(void)

/* FNV-1a style mixing of a 32-bit word into a checksum. */
static inline uint32_t mix(uint32_t h, uint32_t v)
{
    h ^= v;
    h *= 0x01000193u;
    return h ^ (h >> 15);
}

/* xorshift32: the same sequence everywhere. */
static inline uint32_t rnd(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

#ifdef BENCH_BARE
/* No libc: clang may still emit calls to these for struct copies. */
void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    while (n--) *dp++ = *sp++;
    return d;
}
void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if (dp < sp) while (n--) *dp++ = *sp++;
    else while (n--) dp[n] = sp[n];
    return d;
}
void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    while (n--) *dp++ = (uint8_t)c;
    return d;
}
#else
#include <stdio.h>
int main(void)
{
    printf("checksum %u\n", (unsigned)run());
    return 0;
}
#endif

#endif
