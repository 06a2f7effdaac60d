/* WASM-4's drawing onto its framebuffer (2 bits a pixel, 160 x 160, the
 * leftmost pixel of a byte in its low bits), as the reference runtime
 * draws: the rules are in w4_draw.c. Every function takes the framebuffer
 * (inside the cart's memory, 8-byte aligned: it is drawn a word at a time)
 * and DRAW_COLORS; none checks the cart's pointers: w4_api.c does that
 * before calling. */
#ifndef WISP_CONSOLE_W4_DRAW_H
#define WISP_CONSOLE_W4_DRAW_H

#include <stdbool.h>
#include <stdint.h>

#include "wisp_console.h"

/* blit's flags */
#define W4_BLIT_2BPP 1u
#define W4_BLIT_FLIP_X 2u
#define W4_BLIT_FLIP_Y 4u
#define W4_BLIT_ROTATE 8u

/* A sprite sheet: the sub-image at (x, y) of rows stride pixels long;
 * bytes from data up to end may be read (w4_blit reads a few past the
 * sprite's last, never past end). */
typedef struct w4_sprite {
    const uint8_t *data;
    int x, y, stride;
    const uint8_t *end;
} w4_sprite;

void w4_clear(uint8_t *fb);
void w4_rect(uint8_t *fb, uint16_t colors, int x, int y, int width, int height);
void w4_oval(uint8_t *fb, uint16_t colors, int x, int y, int width, int height);
void w4_line(uint8_t *fb, uint16_t colors, int x1, int y1, int x2, int y2);
void w4_hline(uint8_t *fb, uint16_t colors, int x, int y, int len);
void w4_vline(uint8_t *fb, uint16_t colors, int x, int y, int len);
void w4_blit(uint8_t *fb, uint16_t colors, const w4_sprite *s, int x, int y, int width,
             int height, unsigned flags);
/* The bytes of s->data (first..last, from s->data) that w4_blit would
 * read; false when it reads none (nothing on the screen). */
bool w4_blit_reads(const w4_sprite *s, int x, int y, int width, int height, unsigned flags,
                   int64_t *first, int64_t *last);
/* One character of the built-in font at (x, y); nothing for one it has
 * no glyph for (below 32, above 255). */
void w4_char(uint8_t *fb, uint16_t colors, unsigned c, int x, int y);

#endif
