/* The console API a wisp game imports (module "console"), as the console
 * firmware (boards/common/console.c) provides it. A game exports `update`
 * (called once per frame), and may export `boot` (called once, first) and
 * `render` (called after each update); each call gets its own fuel budget.
 *
 * The screen is 240x160 pixels of 16 colours (a palette index, 0..15);
 * drawing is clipped to it. */
#ifndef WISP_CONSOLE_H
#define WISP_CONSOLE_H

#include <stdint.h>

#define SCREEN_W 240
#define SCREEN_H 160

enum {
    BLACK, NAVY, PURPLE, GREEN, BROWN, DARK_GRAY, LIGHT_GRAY, WHITE,
    RED, ORANGE, YELLOW, LIME, BLUE, INDIGO, PINK, PEACH
};

/* Buttons, as the bits of buttons(). */
#define BTN_LEFT 0x01
#define BTN_RIGHT 0x02
#define BTN_UP 0x04
#define BTN_DOWN 0x08
#define BTN_A 0x10
#define BTN_B 0x20

#define CONSOLE_IMPORT(name) __attribute__((import_module("console"), import_name(name)))

CONSOLE_IMPORT("clear") void clear_screen(int32_t color);
CONSOLE_IMPORT("fill_rect") void fill_rect(int32_t x, int32_t y, int32_t w, int32_t h,
                                           int32_t color);
CONSOLE_IMPORT("set_pixel") void set_pixel(int32_t x, int32_t y, int32_t color);
/* The buttons held in this frame. */
CONSOLE_IMPORT("buttons") int32_t buttons(void);
/* len bytes of UTF-8 text at ptr, one line on the console's log. */
CONSOLE_IMPORT("log") void log_text(const char *ptr, int32_t len);
/* 32 random bits. */
CONSOLE_IMPORT("random") int32_t random_u32(void);

#endif
