/* WASM-4's built-in font (w4_font.c): glyph c - 32 is rows 8 (c - 32) to
 * 8 (c - 32) + 7 of a 1-bit sprite 8 pixels wide. */
#ifndef WISP_CONSOLE_W4_FONT_H
#define WISP_CONSOLE_W4_FONT_H

#include <stdint.h>

#define W4_FONT_GLYPHS 224
extern const uint8_t w4_font[W4_FONT_GLYPHS * 8];

#endif
