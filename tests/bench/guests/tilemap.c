/* Tile-map scroller as a handheld console draws a frame: 240x160 8-bit
 * framebuffer, 256 tiles of 8x8 pixels, two 64x64-tile maps (entries: tile,
 * h/v flip, palette bank), an opaque background layer with per-scanline
 * wave offsets (parallax) and a foreground layer with transparency (color 0),
 * scrolling every frame; the frame is hashed. */
#include "bench.h"

#define W 240
#define H 160
#define MAPW 64
#define MAPH 64

#ifdef SMALL
#define FRAMES 2
#else
#define FRAMES 150
#endif

#define T_HFLIP 0x100
#define T_VFLIP 0x200

static uint32_t fb32[W * H / 4]; /* written as bytes, hashed as words */
#define fb ((uint8_t *)fb32)
static uint8_t tiles[256 * 64];
static uint16_t bgmap[MAPW * MAPH], fgmap[MAPW * MAPH];
static int8_t wave[256];

static void layer(const uint16_t *map, int sx, int sy, int transparent, int wavy, int frame)
{
    for (int y = 0; y < H; y++) {
        int my = (y + sy) & (MAPH * 8 - 1);
        const uint16_t *mrow = map + (my >> 3) * MAPW;
        int xoff = sx + (wavy ? wave[(y + frame) & 255] : 0);
        uint8_t *dst = fb + y * W;
        int x = 0;
        while (x < W) {
            int mx = (x + xoff) & (MAPW * 8 - 1);
            uint16_t e = mrow[mx >> 3];
            int ty = my & 7;
            if (e & T_VFLIP) ty = 7 - ty;
            const uint8_t *src = tiles + (e & 0xff) * 64 + ty * 8;
            uint8_t bank = (uint8_t)((e >> 12) << 4);
            int tx = mx & 7, n = 8 - tx;
            if (n > W - x) n = W - x;
            if (e & T_HFLIP) {
                for (int i = 0; i < n; i++) {
                    uint8_t c = src[7 - (tx + i)];
                    if (!transparent || c) dst[x + i] = (uint8_t)(c | bank);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    uint8_t c = src[tx + i];
                    if (!transparent || c) dst[x + i] = (uint8_t)(c | bank);
                }
            }
            x += n;
        }
    }
}

BENCH_RUN
{
    uint32_t seed = 0x7e57ab1eu, h = 0;
    for (int t = 0; t < 256; t++)
        for (int i = 0; i < 64; i++) {
            int x = i & 7, y = i >> 3;
            uint8_t c = (uint8_t)((x ^ y ^ t) & 15);
            if (t & 1 && ((x + y + t) & 3) == 0) c = 0; /* holes for the foreground */
            tiles[t * 64 + i] = c;
        }
    for (int i = 0; i < MAPW * MAPH; i++) {
        uint32_t r = rnd(&seed);
        bgmap[i] = (uint16_t)(r & 0x33ff);
        fgmap[i] = (uint16_t)(((r >> 16) & 0xf3ff) | 1);
    }
    /* a triangle wave stands in for sin(): integers only */
    for (int i = 0; i < 256; i++) wave[i] = (int8_t)((i & 64 ? 63 - (i & 63) : (i & 63)) / 4 - 8);
    for (int f = 0; f < FRAMES; f++) {
        layer(bgmap, f, f / 2, 0, 1, f);
        layer(fgmap, 3 * f + 7, f * 2 + 3, 1, 0, f);
        uint32_t s = 0;
        for (int i = 0; i < W * H / 4; i++) s = (s << 3 | s >> 29) ^ fb32[i];
        h = mix(h, s);
    }
    return h;
}
