/* LZ77 as console games ship assets: the GBA BIOS format (flag byte per 8
 * items, MSB first; a match is 2 bytes: 4-bit length-3, 12-bit distance-1).
 * At start the guest makes test data (text-like words plus tile-like runs)
 * and compresses it with its own hash-chain compressor; then it decompresses
 * it many times. */
#include "bench.h"

#ifdef SMALL
#define DATA_N 4096
#define REPS 3
#define HBITS 10
#else
#define DATA_N 65536
#define REPS 200
#define HBITS 12
#endif

#define WIN 4096
#define MINM 3
#define MAXM 18
#define CHAIN 16

static uint8_t data[DATA_N], out[DATA_N];
static uint8_t comp[DATA_N + DATA_N / 8 + 16];
#define NONE 0xffffffffu
static uint32_t head[1 << HBITS], prevpos[WIN];

static const char *const words[16] = {
    "the ", "sprite ", "tile ", "map ", "player ", "jumps ", "over ", "a ",
    "level ", "and ", "enemy ", "score ", "1up ", "boss ", "coin ", "\n",
};

static void make_data(void)
{
    uint32_t seed = 0x0badf00du, n = 0;
    while (n < DATA_N) {
        uint32_t r = rnd(&seed);
        if ((r & 7) == 0) { /* tile-like: runs and a short pattern */
            uint8_t v = (uint8_t)(r >> 8);
            for (uint32_t k = 0; k < 24 + (r >> 28) && n < DATA_N; k++)
                data[n++] = (uint8_t)(k & 4 ? v : v + (k & 3));
        } else {
            const char *w = words[(r >> 4) & 15];
            while (*w && n < DATA_N) data[n++] = (uint8_t)*w++;
            if ((r & 0x300) == 0 && n < DATA_N) data[n++] = (uint8_t)('0' + (r >> 24) % 10);
        }
    }
}

static inline uint32_t hash3(const uint8_t *p)
{
    return ((uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) * 2654435761u >> (32 - HBITS);
}

static uint32_t compress(const uint8_t *in, uint32_t n, uint8_t *dst)
{
    uint32_t i = 0, o = 0;
    for (uint32_t k = 0; k < (1u << HBITS); k++) head[k] = NONE;
    while (i < n) {
        uint32_t flagpos = o++;
        uint8_t flags = 0;
        for (int bit = 7; bit >= 0 && i < n; bit--) {
            uint32_t best = 0, bestd = 0;
            if (i + MINM <= n) {
                uint32_t c = head[hash3(in + i)], tries = CHAIN;
                uint32_t maxl = n - i < MAXM ? n - i : MAXM;
                /* positions on a chain only decrease; stop at the window edge */
                while (c != NONE && i - c <= WIN && tries--) {
                    uint32_t l = 0;
                    while (l < maxl && in[c + l] == in[i + l]) l++;
                    if (l > best) { best = l; bestd = i - c; if (l == maxl) break; }
                    uint32_t nx = prevpos[c & (WIN - 1)];
                    if (nx == NONE || nx >= c) break;
                    c = nx;
                }
            }
            uint32_t adv = best >= MINM ? best : 1;
            if (best >= MINM) {
                flags |= (uint8_t)(1 << bit);
                dst[o++] = (uint8_t)((best - MINM) << 4 | (bestd - 1) >> 8);
                dst[o++] = (uint8_t)(bestd - 1);
            } else {
                dst[o++] = in[i];
            }
            for (uint32_t k = 0; k < adv; k++, i++) {
                if (i + MINM <= n) {
                    uint32_t hv = hash3(in + i);
                    prevpos[i & (WIN - 1)] = head[hv];
                    head[hv] = i;
                }
            }
        }
        dst[flagpos] = flags;
    }
    return o;
}

static NOINLINE uint32_t decompress(const uint8_t *src, uint32_t n, uint8_t *dst, uint32_t cap)
{
    uint32_t i = 0, o = 0;
    while (i < n && o < cap) {
        uint8_t flags = src[i++];
        for (int bit = 7; bit >= 0 && i < n && o < cap; bit--) {
            if (flags & (1 << bit)) {
                uint32_t len = (uint32_t)(src[i] >> 4) + MINM;
                uint32_t d = ((uint32_t)(src[i] & 15) << 8 | src[i + 1]) + 1;
                i += 2;
                if (d > o) return 0xffffffffu; /* corrupt */
                const uint8_t *from = dst + o - d;
                if (len > cap - o) len = cap - o;
                for (uint32_t k = 0; k < len; k++) dst[o + k] = from[k];
                o += len;
            } else {
                dst[o++] = src[i++];
            }
        }
    }
    return o;
}

BENCH_RUN
{
    make_data();
    uint32_t clen = compress(data, DATA_N, comp);
    uint32_t h = mix(0, clen), bad = 0;
    for (int r = 0; r < REPS; r++) {
        uint32_t olen = decompress(comp, clen, out, DATA_N);
        h = mix(h, olen);
        h = mix(h, out[(uint32_t)r * 7919u % DATA_N]);
        if (r == 0)
            for (uint32_t k = 0; k < DATA_N; k++) bad += out[k] != data[k];
    }
    for (uint32_t k = 0; k < DATA_N; k += 4)
        h = mix(h, (uint32_t)out[k] | (uint32_t)out[k + 1] << 8 | (uint32_t)out[k + 2] << 16 | (uint32_t)out[k + 3] << 24);
    return mix(h, bad);
}
