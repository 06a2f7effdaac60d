/* WASM-4's drawing, pixel for pixel as the reference runtime draws (its
 * rules, including where it draws outside the screen, are the spec here);
 * see w4_draw.h. */
#include "w4_draw.h"

#include "w4_font.h"

#define W WISP_W4_WIDTH
#define H WISP_W4_HEIGHT

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

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

/* Pixels [x0, x1) of row y, whole bytes at once in the middle. */
static void span(uint8_t *fb, unsigned color, int x0, int y, int x1)
{
    while (x0 < x1 && (x0 & 3))
        point(fb, color, x0++, y);
    uint8_t *p = fb + ((W * y + x0) >> 2);
    const uint8_t fill = (uint8_t)(color * 0x55u);
    for (; x0 + 4 <= x1; x0 += 4)
        *p++ = fill;
    while (x0 < x1)
        point(fb, color, x0++, y);
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

void w4_clear(uint8_t *fb)
{
    uint32_t *p = (uint32_t *)(void *)fb; /* the framebuffer is at 0xa0: aligned */
    for (int i = 0; i < WISP_W4_FRAMEBUFFER_SIZE / 4; i++)
        p[i] = 0;
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
    for (int yy = imax(0, y), end = imin(H, y + len); yy < end; yy++)
        point(fb, (dc - 1) & 3u, x, yy);
}

void w4_rect(uint8_t *fb, uint16_t colors, int x, int y, int width, int height)
{
    const int right = x + width, bottom = y + height; /* one past, unclipped */
    const int x0 = imax(0, x), y0 = imax(0, y), x1 = imin(right, W), y1 = imin(bottom, H);
    const unsigned fill = nibble(colors, 0), stroke = nibble(colors, 1);
    if (fill)
        for (int yy = y0; yy < y1; yy++)
            if (x0 < x1)
                span(fb, (fill - 1) & 3u, x0, yy, x1);
    if (!stroke)
        return;
    const unsigned c = (stroke - 1) & 3u;
    if (x >= 0 && x < W)
        for (int yy = y0; yy < y1; yy++)
            point(fb, c, x, yy);
    if (right > 0 && right <= W)
        for (int yy = y0; yy < y1; yy++)
            point(fb, c, right - 1, yy);
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

/* Bresenham from the upper end point down, every pixel clipped. */
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
            for (int y = imax(y1, 0), end = imin(y2, H - 1); y <= end; y++)
                point(fb, c, x1, y);
        return;
    }
    const int dx = x2 > x1 ? x2 - x1 : x1 - x2, step = x1 < x2 ? 1 : -1;
    const int dy = y2 - y1;
    int err = (dx > dy ? dx : -dy) / 2;
    for (;;) {
        point_clipped(fb, c, x1, y1);
        if (x1 == x2 && y1 == y2)
            return;
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

void w4_blit(uint8_t *fb, uint16_t colors, const w4_sprite *s, int dst_x, int dst_y, int width,
             int height, unsigned flags)
{
    const bool bpp2 = flags & W4_BLIT_2BPP;
    const blit_box b = blit_clip(dst_x, dst_y, width, height, flags);
    const bool flip_x = b.flip_x, flip_y = b.flip_y, rotate = b.rotate;
    const int x0 = b.x0, y0 = b.y0, x1 = b.x1, y1 = b.y1;
    for (int y = y0; y < y1; y++) {
        const int sy = s->y + (flip_y ? height - y - 1 : y);
        for (int x = x0; x < x1; x++) {
            const int sx = s->x + (flip_x ? width - x - 1 : x);
            const int bit = sy * s->stride + sx;
            unsigned index;
            if (bpp2)
                index = (s->data[bit >> 2] >> (6 - ((bit & 3) << 1))) & 3u;
            else
                index = (s->data[bit >> 3] >> (7 - (bit & 7))) & 1u;
            const unsigned dc = nibble(colors, index);
            if (dc)
                point(fb, (dc - 1) & 3u, dst_x + (rotate ? y : x), dst_y + (rotate ? x : y));
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
    /* the bit index is linear in x and y: its extremes are at the corners */
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    const int xs[2] = {x0, x1 - 1}, ys[2] = {y0, y1 - 1};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            const int64_t sx = (int64_t)s->x + (flip_x ? (int64_t)width - xs[i] - 1 : xs[i]);
            const int64_t sy = (int64_t)s->y + (flip_y ? (int64_t)height - ys[j] - 1 : ys[j]);
            const int64_t bit = sy * s->stride + sx;
            lo = bit < lo ? bit : lo;
            hi = bit > hi ? bit : hi;
        }
    const int shift = (flags & W4_BLIT_2BPP) ? 2 : 3;
    *first = lo >> shift;
    *last = hi >> shift;
    return true;
}

void w4_char(uint8_t *fb, uint16_t colors, unsigned c, int x, int y)
{
    if (c < 32 || c - 32 >= W4_FONT_GLYPHS)
        return; /* no glyph: the reference reads outside its font table */
    const w4_sprite glyph = {w4_font, 0, (int)(c - 32) * 8, 8};
    w4_blit(fb, colors, &glyph, x, y, 8, 8, 0);
}
