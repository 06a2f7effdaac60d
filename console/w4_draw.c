/* WASM-4's drawing, pixel for pixel as the reference runtime draws (its
 * rules, including where it draws outside the screen, are the spec here);
 * see w4_draw.h. */
#include "w4_draw.h"

#include "w4_font.h"

#define W WISP_W4_WIDTH
#define H WISP_W4_HEIGHT

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

/* The framebuffer as 32-bit words: 16 pixels each, pixel x of a word in
 * bits 2x..2x+1 (little-endian, as the bytes). A row is 10 words, and the
 * framebuffer at 0xa0 of the cart's memory is word-aligned. */
#if defined(__GNUC__)
typedef uint32_t __attribute__((may_alias)) fbword; /* the bytes are the cart's memory */
typedef uint64_t __attribute__((may_alias)) fbdword;
#else
typedef uint32_t fbword;
typedef uint64_t fbdword;
#endif
#define ROW_WORDS (W / 16)
#define SLOTS_LO 0x55555555u /* the low bit of every 2-bit pixel of a word */

static fbword *words(uint8_t *fb) { return (fbword *)(void *)fb; }

/* The pixel (x, y), unchecked: the callers keep it on the screen. */
static void point(uint8_t *fb, unsigned color, int x, int y)
{
    int i = (W * y + x) >> 2; /* arithmetic: -1 stays -1 */
    unsigned shift = ((unsigned)x & 3u) << 1;
    fb[i] = (uint8_t)((color << shift) | (fb[i] & ~(3u << shift)));
}

static void point_clipped(uint8_t *fb, unsigned color, int x, int y)
{
    if (x >= 0 && x < W && y >= 0 && y < H)
        point(fb, color, x, y);
}

/* The pixels of a word that mask selects set to those of val. */
static void put(fbword *w, uint32_t val, uint32_t mask)
{
    *w = (*w & ~mask) | (val & mask);
}

/* Pixels [x0, x1) of rows [y0, y1) (x0 < x1, all on the screen): whole
 * words in the middle, masked ones at the ends. */
static void fill_rows(uint8_t *fb, unsigned color, int x0, int x1, int y0, int y1)
{
    const uint32_t fill = color * SLOTS_LO;
    const int first = x0 >> 4, last = (x1 - 1) >> 4;
    uint32_t first_mask = ~0u << (2 * (x0 & 15));
    const uint32_t last_mask = ~0u >> (2 * (15 - ((x1 - 1) & 15)));
    if (first == last)
        first_mask &= last_mask;
    fbword *row = words(fb) + y0 * ROW_WORDS;
    for (int y = y0; y < y1; y++, row += ROW_WORDS) {
        put(row + first, fill, first_mask);
        if (first == last)
            continue;
        for (int i = first + 1; i < last; i++)
            row[i] = fill;
        put(row + last, fill, last_mask);
    }
}

static void span(uint8_t *fb, unsigned color, int x0, int y, int x1)
{
    fill_rows(fb, color, x0, x1, y, y + 1);
}

static void span_clipped(uint8_t *fb, unsigned color, int x0, int y, int x1)
{
    if (y < 0 || y >= H)
        return;
    x0 = imax(x0, 0);
    x1 = imin(x1, W);
    if (x0 < x1)
        span(fb, color, x0, y, x1);
}

/* Pixels y0..y1-1 of column x (all on the screen). */
static void column(uint8_t *fb, unsigned color, int x, int y0, int y1)
{
    fbword *p = words(fb) + ((W * y0 + x) >> 4);
    const uint32_t m = 3u << (2 * (x & 15)), fill = color * SLOTS_LO;
    for (int y = y0; y < y1; y++, p += ROW_WORDS)
        put(p, fill, m);
}

void w4_clear(uint8_t *fb)
{
    /* 64-bit stores: two words an instruction where the target has them */
    fbdword *p = (fbdword *)(void *)fb, *end = p + WISP_W4_FRAMEBUFFER_SIZE / 8;
    for (; p < end; p += 4)
        p[0] = p[1] = p[2] = p[3] = 0;
}

/* DRAW_COLORS nibble n: 0 transparent, else palette index + 1. */
static unsigned nibble(uint16_t colors, unsigned n) { return (colors >> (4 * n)) & 15u; }

void w4_hline(uint8_t *fb, uint16_t colors, int x, int y, int len)
{
    const unsigned dc = nibble(colors, 0);
    if (dc)
        span_clipped(fb, (dc - 1) & 3u, x, y, x + len);
}

void w4_vline(uint8_t *fb, uint16_t colors, int x, int y, int len)
{
    const unsigned dc = nibble(colors, 0);
    if (!dc || y + len <= 0 || x < 0 || x >= W)
        return;
    const int y0 = imax(0, y), y1 = imin(H, y + len);
    if (y0 < y1)
        column(fb, (dc - 1) & 3u, x, y0, y1);
}

void w4_rect(uint8_t *fb, uint16_t colors, int x, int y, int width, int height)
{
    const int right = x + width, bottom = y + height; /* one past, unclipped */
    const int x0 = imax(0, x), y0 = imax(0, y), x1 = imin(right, W), y1 = imin(bottom, H);
    const unsigned fill = nibble(colors, 0), stroke = nibble(colors, 1);
    if (fill && x0 < x1 && y0 < y1)
        fill_rows(fb, (fill - 1) & 3u, x0, x1, y0, y1);
    if (!stroke)
        return;
    const unsigned c = (stroke - 1) & 3u;
    if (x >= 0 && x < W)
        column(fb, c, x, y0, y1);
    if (right > 0 && right <= W)
        column(fb, c, right - 1, y0, y1);
    if (y >= 0 && y < H && x0 < x1)
        span(fb, c, x0, y, x1);
    if (bottom > 0 && bottom <= H && x0 < x1)
        span(fb, c, x0, bottom - 1, x1);
}

/* The ellipse inscribed in the rectangle (x, y, width, height), by
 * Zingl's rectangle form of Bresenham's ellipse ("A Rasterizing Algorithm
 * for Drawing Curves", 2012): the four quadrants are walked together from
 * the left and right ends of the middle row(s), so even and odd sizes are
 * both exact. The outline is DRAW_COLORS' second nibble, the inside its
 * first (filled row by row as the walk leaves a row); as the reference
 * does, the outline is drawn unless that nibble is 0xf (a 0 gives colour
 * 3) and the inside only when the first is not 0. */
void w4_oval(uint8_t *fb, uint16_t colors, int x, int y, int width, int height)
{
    const unsigned dc0 = nibble(colors, 0), dc1 = nibble(colors, 1);
    if (dc1 == 0xf)
        return;
    const unsigned stroke = (dc1 - 1) & 3u, fill = (dc0 - 1) & 3u;
    int a = width - 1, b = height - 1;
    /* an even height has two middle rows; C's remainder, as the reference
     * (height 0 then draws the two rows below y) */
    int odd = b % 2;
    int west = x, east = x + width - 1;
    int north = y + height / 2, south = north - odd;
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
    /* a flat ellipse stops early: finish its ends */
    while (north - south < height) {
        point_clipped(fb, stroke, west - 1, north);
        point_clipped(fb, stroke, east + 1, north++);
        point_clipped(fb, stroke, west - 1, south);
        point_clipped(fb, stroke, east + 1, south--);
    }
}

/* The rest of a line from (x, y), on the screen, n pixels at most
 * (w4_line's walk, made twice: step a constant in each). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void line_walk(fbword *p, unsigned c, int x, int y, int n, int err, int dx, int dy,
                             int step)
{
    uint32_t m = 3u << (2 * (x & 15)); /* the pixel in *p */
    const uint32_t fill = c * SLOTS_LO;
    uint32_t cm = fill & m;
    if (dx > dy) { /* x steps every time, y now and then */
        n = imin(n, step > 0 ? W - x : x + 1);
        while (n--) {
            *p = (*p & ~m) | cm;
            if (step > 0 && !(m <<= 2))
                m = 3u, p++;
            else if (step < 0 && !(m >>= 2))
                m = 3u << 30, p--;
            cm = fill & m;
            const int e = err;
            err -= dy;
            if (e < dy) {
                err += dx;
                if (++y == H)
                    return;
                p += ROW_WORDS;
            }
        }
    } else { /* y steps every time, x now and then */
        n = imin(n, H - y);
        while (n--) {
            *p = (*p & ~m) | cm;
            p += ROW_WORDS;
            const int e = err;
            err += dx;
            if (e > -dx) {
                err -= dy;
                x += step;
                if ((unsigned)x >= W)
                    return;
                if (step > 0 && !(m <<= 2))
                    m = 3u, p++;
                else if (step < 0 && !(m >>= 2))
                    m = 3u << 30, p--;
                cm = fill & m;
            }
        }
    }
}

/* Bresenham from the upper end point down, every pixel clipped. The
 * major axis steps every time (max(dx, dy) + 1 pixels), and x and y only
 * move one way: the pixels on the screen are one run of them, walked
 * with a word pointer and a pixel mask after those before it are
 * skipped. */
void w4_line(uint8_t *fb, uint16_t colors, int x1, int y1, int x2, int y2)
{
    const unsigned dc = nibble(colors, 0);
    if (!dc)
        return;
    const unsigned c = (dc - 1) & 3u;
    if (y1 > y2) {
        int t = x1;
        x1 = x2;
        x2 = t;
        t = y1;
        y1 = y2;
        y2 = t;
    }
    if (y1 == y2 && x1 == x2) { /* a point: carts plot pixels this way */
        point_clipped(fb, c, x1, y1);
        return;
    }
    if (y1 == y2) { /* what the walk below gives, a span at a time */
        span_clipped(fb, c, x1 < x2 ? x1 : x2, y1, (x1 < x2 ? x2 : x1) + 1);
        return;
    }
    if (x1 == x2) {
        if (x1 >= 0 && x1 < W)
            column(fb, c, x1, imax(y1, 0), imin(y2, H - 1) + 1);
        return;
    }
    const int dx = x2 > x1 ? x2 - x1 : x1 - x2, step = x1 < x2 ? 1 : -1;
    const int dy = y2 - y1;
    int err = (dx > dy ? dx : -dy) / 2;
    int n = (dx > dy ? dx : dy) + 1; /* pixels left */
    while (!((unsigned)x1 < W && (unsigned)y1 < H)) {
        if (y1 >= H || (step > 0 ? x1 >= W : x1 < 0) || --n == 0)
            return; /* it never reaches the screen */
        const int e = err;
        if (e > -dx) {
            err -= dy;
            x1 += step;
        }
        if (e < dy) {
            err += dx;
            y1++;
        }
    }
    fbword *p = words(fb) + ((W * y1 + x1) >> 4);
    if (step > 0)
        line_walk(p, c, x1, y1, n, err, dx, dy, 1);
    else
        line_walk(p, c, x1, y1, n, err, dx, dy, -1);
}

/* The part of a blit on the screen, in sprite coordinates (x along its
 * rows): [x0, x1) x [y0, y1). Rotated, the sprite's x runs down the
 * screen and its y right. */
typedef struct blit_box {
    int x0, y0, x1, y1;
    bool flip_x, flip_y, rotate;
} blit_box;

static blit_box blit_clip(int dst_x, int dst_y, int width, int height, unsigned flags)
{
    blit_box b;
    b.rotate = flags & W4_BLIT_ROTATE;
    b.flip_x = ((flags & W4_BLIT_FLIP_X) != 0) != b.rotate; /* rotating flips x too */
    b.flip_y = flags & W4_BLIT_FLIP_Y;
    const int along = b.rotate ? dst_y : dst_x, across = b.rotate ? dst_x : dst_y;
    const int along_max = b.rotate ? H : W, across_max = b.rotate ? W : H;
    b.x0 = imax(0, along) - along;
    b.y0 = imax(0, across) - across;
    b.x1 = imin(width, along_max - along);
    b.y1 = imin(height, across_max - across);
    return b;
}

/* ---- blit, 16 pixels at a time --------------------------------------------
 * Up to 16 pixels of a sprite row at once, on 32-bit words of 2-bit slots
 * (slot k: bits 2k, 2k + 1, the k-th pixel from the left on the screen):
 * the sprite's bits are fetched as one word (first pixel in the top bits,
 * as its bytes are read, MSB first), put in screen order (a bit reversal,
 * or for FLIP_X a shift), split into the colour index's low and high bit
 * planes, mapped through DRAW_COLORS, and written with one or two masked
 * word stores. */

/* DRAW_COLORS for 16 pixels at once: index 0's colour in every slot (c0)
 * and whether it draws (d0, all ones or none), and for k = 1..3 what
 * differs from index 0 (ck, dk): exactly one index holds in a slot, so a
 * slot's colour is c0 ^ (ck where index k holds). */
typedef struct blit_map {
    uint32_t c0, c1, c2, c3, d0, d1, d2, d3;
} blit_map;

static blit_map blit_colors(uint16_t colors)
{
    uint32_t c[4], d[4];
    for (unsigned k = 0; k < 4; k++) {
        const unsigned dc = nibble(colors, k);
        c[k] = ((dc - 1) & 3u) * SLOTS_LO;
        d[k] = dc ? ~0u : 0u;
    }
    const blit_map m = {c[0], c[0] ^ c[1], c[0] ^ c[2], c[0] ^ c[3],
                        d[0], d[0] ^ d[1], d[0] ^ d[2], d[0] ^ d[3]};
    return m;
}

/* The bit planes (lo, hi: bit 2k of each is slot k's index bit) through
 * DRAW_COLORS: the colours in *val, the slots that draw returned. 1 bit
 * a pixel has indices 0 and 1 only (hi is 0). */
static inline uint32_t map_colors(const blit_map *m, uint32_t lo, uint32_t hi, bool bpp2,
                                  uint32_t *val)
{
    if (!bpp2) {
        const uint32_t e1 = lo * 3u; /* the slots of index 1 */
        *val = m->c0 ^ (e1 & m->c1);
        return m->d0 ^ (e1 & m->d1);
    }
    const uint32_t e1 = (lo & ~hi) * 3u, e2 = (hi & ~lo) * 3u, e3 = (hi & lo) * 3u;
    *val = m->c0 ^ (e1 & m->c1) ^ (e2 & m->c2) ^ (e3 & m->c3);
    return m->d0 ^ (e1 & m->d1) ^ (e2 & m->d2) ^ (e3 & m->d3);
}

/* The bits of x in reverse order. */
static inline uint32_t bit_reverse(uint32_t x)
{
#if defined(__GNUC__) && defined(__thumb2__)
    __asm__("rbit %0, %1" : "=r"(x) : "r"(x)); /* one instruction on ARMv7-M */
    return x;
#else
    x = (x >> 16) | (x << 16);
    x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
    x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
    x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
    return ((x >> 1) & SLOTS_LO) | ((x & SLOTS_LO) << 1);
#endif
}

/* 16 bits to the low bits of 16 slots (bit i to bit 2i). */
static inline uint32_t spread(uint32_t x)
{
    x = (x | (x << 8)) & 0x00ff00ffu;
    x = (x | (x << 4)) & 0x0f0f0f0fu;
    x = (x | (x << 2)) & 0x33333333u;
    return (x | (x << 1)) & SLOTS_LO;
}

/* 32 bits of the sprite from bit `bit` of s->data on, MSB first: the
 * first in bit 31 (1 bit a pixel: 16 of them, 2 bits: all). Whole bytes
 * past the ones needed may be read as far as s->end (they land in slots
 * the caller masks off), none beyond. */
static inline uint32_t fetch(const w4_sprite *s, int32_t bit, bool bpp2)
{
    const uint8_t *p = s->data + (bit >> 3); /* arithmetic: bits before data */
    const unsigned off = (unsigned)bit & 7u;
    if (s->end - p >= 5 - !bpp2) {
        const uint32_t w = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        return bpp2 ? (w << off) | (uint32_t)(p[4] >> (8 - off)) : w << off;
    }
    uint32_t w = 0;
    for (int i = 0; i < 4; i++)
        w |= (uint32_t)(s->end - p > i ? p[i] : 0) << (24 - 8 * i);
    return w << off;
}

/* The rows of an unrotated blit, for one bpp (made twice, bpp2 a
 * constant in each): a column of chunks at a time, each chunk up to 16
 * pixels of a row, the same place in a framebuffer word on every row. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void blit_rows(fbword *fb, const blit_map *m, const w4_sprite *s, const blit_box *b,
                             int dst_x, int dst_y, int width, int height, bool bpp2)
{
    const uint32_t bpp = bpp2 ? 2u : 1u;
    const uint32_t sy0 = (uint32_t)s->y + (uint32_t)(b->flip_y ? height - b->y0 - 1 : b->y0);
    const uint32_t bit_step = (b->flip_y ? 0u - (uint32_t)s->stride : (uint32_t)s->stride) * bpp;
    const int along = b->x1 - b->x0;
    for (int done = 0; done < along; done += 16) {
        const int x = b->x0 + done, n = imin(16, along - done), px = dst_x + x;
        const unsigned sh = 2u * ((unsigned)px & 15u);
        const uint32_t valid = n < 16 ? (1u << (2 * n)) - 1u : ~0u;
        const bool two = sh + 2u * (unsigned)n > 32u; /* into the next word too */
        /* the chunk's first pixel in the sprite's order */
        const uint32_t first = (uint32_t)s->x + (uint32_t)(b->flip_x ? width - x - n : x);
        uint32_t bit = (sy0 * (uint32_t)s->stride + first) * bpp;
        fbword *w = fb + (dst_y + b->y0) * ROW_WORDS + (px >> 4);
        for (int y = b->y0; y < b->y1; y++, bit += bit_step, w += ROW_WORDS) {
            uint32_t f = fetch(s, (int32_t)bit, bpp2), lo, hi = 0;
            if (!b->flip_x) {
                f = bit_reverse(f);
                if (bpp2) { /* reversed, a slot's two bits swapped too */
                    hi = f & SLOTS_LO;
                    lo = (f >> 1) & SLOTS_LO;
                } else {
                    lo = spread(f & 0xffffu);
                }
            } else if (bpp2) { /* right to left already: no reversal */
                f >>= 2 * (16 - n);
                lo = f & SLOTS_LO;
                hi = (f >> 1) & SLOTS_LO;
            } else {
                lo = spread(f >> (32 - n));
            }
            uint32_t val;
            const uint32_t draws = map_colors(m, lo, hi, bpp2, &val) & valid;
            val &= draws;
            *w = (*w & ~(draws << sh)) | (val << sh);
            if (two)
                w[1] = (w[1] & ~(draws >> (32 - sh))) | (val >> (32 - sh));
        }
    }
}

void w4_blit(uint8_t *fb, uint16_t colors, const w4_sprite *s, int dst_x, int dst_y, int width,
             int height, unsigned flags)
{
    const bool bpp2 = flags & W4_BLIT_2BPP;
    const blit_box b = blit_clip(dst_x, dst_y, width, height, flags);
    if (b.x0 >= b.x1 || b.y0 >= b.y1)
        return;
    const blit_map m = blit_colors(colors);
    /* pixel positions in the sprite (sy * stride + sx) are computed mod
     * 2^32: w4_blit_reads has kept every pixel drawn inside memory */
    if (!b.rotate) {
        if (bpp2)
            blit_rows(words(fb), &m, s, &b, dst_x, dst_y, width, height, true);
        else
            blit_rows(words(fb), &m, s, &b, dst_x, dst_y, width, height, false);
        return;
    }
    /* rotated: a sprite column is a screen row, gathered pixel by pixel;
     * when a sprite row is whole bytes long, all from one bit of a byte */
    const uint32_t stride = (uint32_t)s->stride, bpp = bpp2 ? 2u : 1u;
    const uint32_t step = (b.flip_y ? 0u - stride : stride) * bpp; /* bits */
    for (int x = b.x0; x < b.x1; x++) {
        const uint32_t sx = (uint32_t)s->x + (uint32_t)(b.flip_x ? width - x - 1 : x);
        fbword *dst = words(fb) + (dst_y + x) * ROW_WORDS;
        for (int y = b.y0; y < b.y1; y += 16) {
            const int n = imin(16, b.y1 - y);
            uint32_t at = ((uint32_t)s->y + (uint32_t)(b.flip_y ? height - y - 1 : y)) * stride + sx;
            at *= bpp;
            uint32_t lo = 0, hi = 0;
            if (!(step & 7u)) {
                const uint8_t *p = s->data + ((int32_t)at >> 3);
                const unsigned shift = 8u - bpp - (at & 7u);
                for (int k = 0; k < n; k++, p += (int32_t)step >> 3) {
                    const unsigned v = *p >> shift;
                    lo |= (uint32_t)(v & 1u) << (2 * k);
                    hi |= (uint32_t)((v >> 1) & (bpp - 1u)) << (2 * k);
                }
            } else {
                for (int k = 0; k < n; k++, at += step) {
                    const unsigned v = s->data[(int32_t)at >> 3] >> (8u - bpp - (at & 7u));
                    lo |= (uint32_t)(v & 1u) << (2 * k);
                    hi |= (uint32_t)((v >> 1) & (bpp - 1u)) << (2 * k);
                }
            }
            uint32_t val;
            uint32_t draws = map_colors(&m, lo, hi, bpp2, &val);
            if (n < 16)
                draws &= (1u << (2 * n)) - 1u;
            fbword *w = dst + ((dst_x + y) >> 4);
            const unsigned sh = 2u * ((unsigned)(dst_x + y) & 15u);
            put(w, val << sh, draws << sh);
            if (sh + 2u * (unsigned)n > 32u)
                put(w + 1, val >> (32 - sh), draws >> (32 - sh));
        }
    }
}

bool w4_blit_reads(const w4_sprite *s, int dst_x, int dst_y, int width, int height,
                   unsigned flags, int64_t *first, int64_t *last)
{
    const blit_box bx = blit_clip(dst_x, dst_y, width, height, flags);
    const bool flip_x = bx.flip_x, flip_y = bx.flip_y;
    const int x0 = bx.x0, y0 = bx.y0, x1 = bx.x1, y1 = bx.y1;
    if (x0 >= x1 || y0 >= y1)
        return false;
    /* the pixel index sy * stride + sx is linear in both: its extremes are
     * at the ends of their ranges */
    const int shift = (flags & W4_BLIT_2BPP) ? 2 : 3;
    const uint32_t small = 1u << 14; /* then every sum and product fits 32 bits */
    if ((uint32_t)s->x < small && (uint32_t)s->y < small && (uint32_t)s->stride < small &&
        (uint32_t)width < small && (uint32_t)height < small) {
        const int32_t sx_lo = s->x + (flip_x ? width - x1 : x0);
        const int32_t sy_lo = s->y + (flip_y ? height - y1 : y0);
        *first = (sy_lo * s->stride + sx_lo) >> shift;
        *last = ((sy_lo + (y1 - 1 - y0)) * s->stride + sx_lo + (x1 - 1 - x0)) >> shift;
        return true;
    }
    const int64_t sx_lo = (int64_t)s->x + (flip_x ? (int64_t)width - x1 : x0);
    const int64_t sy_lo = (int64_t)s->y + (flip_y ? (int64_t)height - y1 : y0);
    const int64_t sx_hi = sx_lo + (x1 - 1 - x0), sy_hi = sy_lo + (y1 - 1 - y0);
    const int64_t lo = (s->stride >= 0 ? sy_lo : sy_hi) * s->stride + sx_lo;
    const int64_t hi = (s->stride >= 0 ? sy_hi : sy_lo) * s->stride + sx_hi;
    *first = lo >> shift;
    *last = hi >> shift;
    return true;
}

void w4_char(uint8_t *fb, uint16_t colors, unsigned c, int x, int y)
{
    if (c < 32 || c - 32 >= W4_FONT_GLYPHS)
        return; /* no glyph: the reference reads outside its font table */
    const w4_sprite glyph = {w4_font, 0, (int)(c - 32) * 8, 8, w4_font + sizeof w4_font};
    w4_blit(fb, colors, &glyph, x, y, 8, 8, 0);
}
