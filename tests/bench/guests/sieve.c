/* Sieve of Eratosthenes over a byte array. */
#include "bench.h"

#ifdef SMALL
#define N 8192
#define REPS 4
#else
#define N 262144
#define REPS 28
#endif

static uint8_t flags[N + 1];

BENCH_RUN
{
    uint32_t h = 0;
    for (int r = 0; r < REPS; r++) {
        uint32_t count = 0, last = 0;
        uint32_t lim = N - (uint32_t)r * 17;
        for (uint32_t i = 0; i <= lim; i++) flags[i] = 1;
        for (uint32_t i = 2; i * i <= lim; i++)
            if (flags[i])
                for (uint32_t j = i * i; j <= lim; j += i) flags[j] = 0;
        for (uint32_t i = 2; i <= lim; i++)
            if (flags[i]) { count++; last = i; }
        h = mix(h, count);
        h = mix(h, last);
    }
    return h;
}
