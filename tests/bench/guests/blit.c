/* Sprite blitter as a handheld console game draws a frame: 240x160 RGB565
 * framebuffer, background gradient, 8-bit indexed sprites (16x16 and 32x32,
 * index 0 transparent) through a 256-entry palette, horizontal/vertical flip,
 * clipping at the screen edges, some sprites 50% alpha-blended; moving
 * sprites bounce; the frame is hashed. */
#include "bench.h"

#define W 240
#define H 160
#define NIMG 8
#define NOBJ 96

#ifdef SMALL
#define FRAMES 2
#else
#define FRAMES 200
#endif

#define HFLIP 1
#define VFLIP 2
#define BLEND 4

static uint16_t fb[W * H];
static uint16_t pal[256];
static uint8_t img[NIMG][32 * 32];

typedef struct {
    int32_t x, y, dx, dy;
    uint8_t img, size, flags;
} obj;

static obj objs[NOBJ];

static void blit(const uint8_t *src, int size, int x, int y, int flags)
{
    int x0 = x < 0 ? -x : 0, y0 = y < 0 ? -y : 0;
    int x1 = x + size > W ? W - x : size, y1 = y + size > H ? H - y : size;
    for (int sy = y0; sy < y1; sy++) {
        const uint8_t *row = src + (flags & VFLIP ? size - 1 - sy : sy) * size;
        uint16_t *dst = fb + (y + sy) * W + x;
        if (flags & BLEND) {
            for (int sx = x0; sx < x1; sx++) {
                uint8_t c = row[flags & HFLIP ? size - 1 - sx : sx];
                if (c) dst[sx] = (uint16_t)(((dst[sx] & 0xf7de) >> 1) + ((pal[c] & 0xf7de) >> 1));
            }
        } else if (flags & HFLIP) {
            for (int sx = x0; sx < x1; sx++) {
                uint8_t c = row[size - 1 - sx];
                if (c) dst[sx] = pal[c];
            }
        } else {
            for (int sx = x0; sx < x1; sx++) {
                uint8_t c = row[sx];
                if (c) dst[sx] = pal[c];
            }
        }
    }
}

BENCH_RUN
{
    uint32_t seed = 0x51ed2701u, h = 0;
    for (int i = 0; i < 256; i++) pal[i] = (uint16_t)(rnd(&seed) | 0x0821);
    for (int k = 0; k < NIMG; k++) {
        int size = k & 1 ? 32 : 16, r = size / 2;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) {
                int dx = x - r, dy = y - r;
                /* a disc with a ring and a hole: transparent around */
                int d = dx * dx + dy * dy;
                img[k][y * size + x] = (uint8_t)(d >= r * r || d < 4 ? 0 : 1 + ((x * 3 + y * 5 + k * 17 + (d >> 3)) & 0xfe));
            }
    }
    for (int i = 0; i < NOBJ; i++) {
        objs[i].img = (uint8_t)(i % NIMG);
        objs[i].size = (uint8_t)(i & 1 ? 32 : 16);
        objs[i].x = (int32_t)(rnd(&seed) % (W + 32)) - 32;
        objs[i].y = (int32_t)(rnd(&seed) % (H + 32)) - 32;
        objs[i].dx = (int32_t)(rnd(&seed) % 7) - 3;
        objs[i].dy = (int32_t)(rnd(&seed) % 5) - 2;
        objs[i].flags = (uint8_t)(rnd(&seed) & 7);
    }
    for (int f = 0; f < FRAMES; f++) {
        for (int y = 0; y < H; y++) {
            uint16_t c = (uint16_t)(((y + f) & 31) | ((y >> 2) << 5));
            uint16_t *row = fb + y * W;
            for (int x = 0; x < W; x++) row[x] = c;
        }
        for (int i = 0; i < NOBJ; i++) {
            obj *o = &objs[i];
            o->x += o->dx;
            o->y += o->dy;
            if (o->x < -o->size || o->x >= W) o->dx = -o->dx;
            if (o->y < -o->size || o->y >= H) o->dy = -o->dy;
            blit(img[o->img], o->size, o->x, o->y, o->flags);
        }
        uint32_t s = 0;
        for (int i = 0; i < W * H; i++) s = (s << 1 | s >> 31) + fb[i];
        h = mix(h, s);
    }
    return h;
}
