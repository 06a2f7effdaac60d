/* The console's drawing against a plain model (suite 'console'): random
 * rect, oval, line, hline, vline and blit calls (every flag, stride, clip
 * and DRAW_COLORS) drawn by console/w4_draw.c, whose spans and blits work
 * on whole words, and by the pixel-at-a-time code below (the rules of
 * w4_draw.c, one pixel at a time, as it was before the word paths), on
 * the same random framebuffer: every call must leave the same bytes, and
 * w4_blit_reads must name exactly the bytes the model reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/check.h"
#include "w4_draw.h"
#include "w4_font.h"

#define W 160
#define H 160
#define MEM 65536

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

/* ---- the model ------------------------------------------------------------ */

static void point(uint8_t *fb, unsigned color, int x, int y)
{
    const int i = (W * y + x) >> 2;
    const unsigned shift = ((unsigned)x & 3u) << 1;
    fb[i] = (uint8_t)((color << shift) | (fb[i] & ~(3u << shift)));
}

static void point_clipped(uint8_t *fb, unsigned color, int x, int y)
{
    if (x >= 0 && x < W && y >= 0 && y < H)
        point(fb, color, x, y);
}

static void span_clipped(uint8_t *fb, unsigned color, int x0, int y, int x1)
{
    for (int x = x0; x < x1; x++)
        point_clipped(fb, color, x, y);
}

static unsigned nibble(uint16_t colors, unsigned n) { return (colors >> (4 * n)) & 15u; }

static void m_hline(uint8_t *fb, uint16_t colors, int x, int y, int len)
{
    if (nibble(colors, 0))
        span_clipped(fb, (nibble(colors, 0) - 1) & 3u, x, y, x + len);
}

static void m_vline(uint8_t *fb, uint16_t colors, int x, int y, int len)
{
    if (nibble(colors, 0))
        for (int yy = y; yy < y + len; yy++)
            point_clipped(fb, (nibble(colors, 0) - 1) & 3u, x, yy);
}

static void m_rect(uint8_t *fb, uint16_t colors, int x, int y, int width, int height)
{
    const int right = x + width, bottom = y + height;
    const int x0 = imax(0, x), y0 = imax(0, y), x1 = imin(right, W), y1 = imin(bottom, H);
    const unsigned fill = nibble(colors, 0), stroke = nibble(colors, 1);
    if (fill)
        for (int yy = y0; yy < y1; yy++)
            span_clipped(fb, (fill - 1) & 3u, x0, yy, x1);
    if (!stroke)
        return;
    const unsigned c = (stroke - 1) & 3u;
    for (int yy = y0; yy < y1; yy++) {
        if (x >= 0 && x < W)
            point(fb, c, x, yy);
        if (right > 0 && right <= W)
            point(fb, c, right - 1, yy);
    }
    if (y >= 0 && y < H)
        span_clipped(fb, c, x0, y, x1);
    if (bottom > 0 && bottom <= H)
        span_clipped(fb, c, x0, bottom - 1, x1);
}

static void m_oval(uint8_t *fb, uint16_t colors, int x, int y, int width, int height)
{
    const unsigned dc0 = nibble(colors, 0), dc1 = nibble(colors, 1);
    if (dc1 == 0xf)
        return;
    const unsigned stroke = (dc1 - 1) & 3u, fill = (dc0 - 1) & 3u;
    int a = width - 1, b = height - 1, odd = b % 2;
    int west = x, east = x + width - 1, north = y + height / 2, south = north - odd;
    int dx = 4 * (1 - a) * b * b, dy = 4 * (odd + 1) * a * a;
    int err = dx + dy + odd * a * a;
    const int step_y = 8 * a * a, step_x = 8 * b * b;
    do {
        point_clipped(fb, stroke, east, north);
        point_clipped(fb, stroke, west, north);
        point_clipped(fb, stroke, west, south);
        point_clipped(fb, stroke, east, south);
        const int e2 = 2 * err;
        if (e2 <= dy) {
            if (dc0) {
                span_clipped(fb, fill, west + 1, north, east);
                span_clipped(fb, fill, west + 1, south, east);
            }
            north++;
            south--;
            err += dy += step_y;
        }
        if (e2 >= dx || e2 > dy) {
            west++;
            east--;
            err += dx += step_x;
        }
    } while (west <= east);
    while (north - south < height) {
        point_clipped(fb, stroke, west - 1, north);
        point_clipped(fb, stroke, east + 1, north++);
        point_clipped(fb, stroke, west - 1, south);
        point_clipped(fb, stroke, east + 1, south--);
    }
}

static void m_line(uint8_t *fb, uint16_t colors, int x1, int y1, int x2, int y2)
{
    const unsigned dc = nibble(colors, 0);
    if (!dc)
        return;
    const unsigned c = (dc - 1) & 3u;
    if (y1 > y2) {
        int t = x1;
        x1 = x2, x2 = t, t = y1, y1 = y2, y2 = t;
    }
    const int dx = abs(x2 - x1), step = x1 < x2 ? 1 : -1, dy = y2 - y1;
    int err = (dx > dy ? dx : -dy) / 2;
    for (;;) {
        point_clipped(fb, c, x1, y1);
        if (x1 == x2 && y1 == y2)
            return;
        const int e = err;
        if (e > -dx)
            err -= dy, x1 += step;
        if (e < dy)
            err += dx, y1++;
    }
}

/* Every sprite pixel placed by the rules, reading bytes [lo, hi]. */
static void m_blit(uint8_t *fb, uint16_t colors, const w4_sprite *s, int dst_x, int dst_y,
                   int width, int height, unsigned flags, long *lo, long *hi, bool *any)
{
    const bool bpp2 = flags & W4_BLIT_2BPP, rotate = flags & W4_BLIT_ROTATE;
    const bool flip_x = ((flags & W4_BLIT_FLIP_X) != 0) != rotate, flip_y = flags & W4_BLIT_FLIP_Y;
    *lo = MEM, *hi = -MEM, *any = false;
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++) {
            const int px = dst_x + (rotate ? y : x), py = dst_y + (rotate ? x : y);
            if (px < 0 || px >= W || py < 0 || py >= H)
                continue;
            const int sx = s->x + (flip_x ? width - x - 1 : x);
            const int sy = s->y + (flip_y ? height - y - 1 : y);
            const long bit = (long)sy * s->stride + sx;
            const long byte = bpp2 ? bit >> 2 : bit >> 3;
            *any = true;
            *lo = byte < *lo ? byte : *lo;
            *hi = byte > *hi ? byte : *hi;
            const unsigned index = bpp2 ? (s->data[byte] >> (6 - ((bit & 3) << 1))) & 3u
                                        : (s->data[byte] >> (7 - (bit & 7))) & 1u;
            const unsigned dc = nibble(colors, index);
            if (dc)
                point(fb, (dc - 1) & 3u, px, py);
        }
}

/* ---- the comparison --------------------------------------------------------- */

static uint8_t mem[MEM];
static _Alignas(8) uint8_t fb_a[W * H / 4], fb_b[W * H / 4]; /* aligned as in the cart's memory */
static uint32_t seed = 12345;

static uint32_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

static int pick(int lo, int hi) { return lo + (int)(rnd() % (uint32_t)(hi - lo + 1)); }

/* Mostly on or around the screen, now and then far out. */
static int coord(void) { return rnd() % 16 ? pick(-24, 183) : pick(-100000, 100000); }
static int size(void) { return rnd() % 8 ? pick(0, 40) : rnd() % 2 ? pick(0, 200) : pick(-5, 0); }

static uint16_t colors(void)
{
    return rnd() % 2 ? (uint16_t)rnd() : (uint16_t)(pick(0, 4) | pick(0, 4) << 4 | pick(0, 4) << 8 | pick(0, 4) << 12);
}

static int differ(const char *what, int i)
{
    if (!memcmp(fb_a, fb_b, sizeof fb_a))
        return 0;
    CHECK(0, "%s: call %d draws other pixels", what, i);
    return 1;
}

int main(void)
{
    for (size_t i = 0; i < sizeof mem; i++)
        mem[i] = (uint8_t)rnd();
    for (size_t i = 0; i < sizeof fb_a; i++)
        fb_a[i] = fb_b[i] = (uint8_t)rnd();
    uint8_t *a = fb_a, *b = fb_b;
    int bad = 0;
    for (int i = 0; i < 60000 && bad < 10; i++) {
        const uint16_t dc = colors();
        const int x = coord(), y = coord(), w = size(), h = size();
        switch (rnd() % 6) {
        case 0:
            w4_rect(a, dc, x, y, w, h), m_rect(b, dc, x, y, w, h);
            bad += differ("rect", i);
            break;
        case 1:
            w4_oval(a, dc, x, y, w, h), m_oval(b, dc, x, y, w, h);
            bad += differ("oval", i);
            break;
        case 2:
            {
                const int x2 = coord(), y2 = rnd() % 4 ? coord() : y;
                w4_line(a, dc, x, y, x2, y2), m_line(b, dc, x, y, x2, y2);
            }
            bad += differ("line", i);
            break;
        case 3:
            w4_hline(a, dc, x, y, w), m_hline(b, dc, x, y, w);
            bad += differ("hline", i);
            w4_vline(a, dc, x, y, h), m_vline(b, dc, x, y, h);
            bad += differ("vline", i);
            break;
        default: {
            const unsigned flags = rnd() & 15u;
            const int sw = rnd() % 4 ? pick(1, 24) : pick(1, 170), sh = rnd() % 4 ? pick(1, 24) : pick(1, 170);
            const int stride = rnd() % 3 ? sw : pick(-8, 300), src_x = rnd() % 2 ? 0 : pick(-20, 40);
            const int src_y = rnd() % 2 ? 0 : pick(-20, 40);
            const int px = rnd() % 4 ? pick(-sw, 160) : coord(), py = rnd() % 4 ? pick(-sh, 160) : coord();
            const w4_sprite s = {mem + 32768, src_x, src_y, stride, mem + MEM};
            long lo, hi;
            bool any;
            int64_t first, last;
            w4_blit(a, dc, &s, px, py, sw, sh, flags);
            m_blit(b, dc, &s, px, py, sw, sh, flags, &lo, &hi, &any);
            bad += differ("blit", i);
            const bool reads = w4_blit_reads(&s, px, py, sw, sh, flags, &first, &last);
            CHECK(reads == any && (!reads || (first == lo && last == hi)),
                  "blit_reads: call %d: %d %lld..%lld, want %ld..%ld", i, reads,
                  (long long)first, (long long)last, lo, hi);
        }
        }
        if (bad)
            memcpy(b, a, sizeof fb_a);
    }
    /* every glyph, with the font's last bytes at the end of its array */
    for (unsigned c = 32; c < 256; c++) {
        const uint16_t dc = colors();
        const int x = pick(-10, 165), y = pick(-10, 165);
        const w4_sprite glyph = {w4_font, 0, (int)(c - 32) * 8, 8, w4_font + sizeof w4_font};
        long lo, hi;
        bool any;
        w4_char(a, dc, c, x, y);
        m_blit(b, dc, &glyph, x, y, 8, 8, 0, &lo, &hi, &any);
        bad += differ("char", (int)c);
    }
    /* a sprite that ends at the end of the memory: nothing read past it */
    const w4_sprite end = {mem + MEM - 2, 0, 0, 8, mem + MEM};
    w4_blit(a, 0x4321, &end, 3, 5, 8, 1, W4_BLIT_2BPP);
    long lo, hi;
    bool any;
    m_blit(b, 0x4321, &end, 3, 5, 8, 1, W4_BLIT_2BPP, &lo, &hi, &any);
    differ("blit at the end of memory", -1);
    w4_clear(a);
    memset(b, 0, W * H / 4);
    differ("clear", -1);
    return CHECK_SUMMARY();
}
