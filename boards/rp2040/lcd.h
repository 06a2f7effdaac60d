/* An ST7789 LCD (240x240, or 240x320 with -DLCD_HEIGHT=320) on SPI0, the
 * WASM-4 screen's 160x160 pixels in its middle (lcd.c). Pins:
 *   GP18 SCK, GP19 MOSI (SPI0 TX)   GP17 CS, GP16 DC (data/command),
 *   GP20 RST, GP21 backlight (on high), all outputs. */
#ifndef WISP_RP2040_LCD_H
#define WISP_RP2040_LCD_H

#include <stdbool.h>
#include <stdint.h>

#ifndef LCD_WIDTH
#define LCD_WIDTH 240
#endif
#ifndef LCD_HEIGHT
#define LCD_HEIGHT 240
#endif

/* Pins, SPI0 at 62.5 MHz, the panel's reset and set-up (16-bit colour),
 * the whole panel black, the display on. */
void lcd_init(void);

/* One frame: the palette (4 x 0xRRGGBB at ram + 4) as RGB565, the 2-bit
 * framebuffer (ram + 0xa0) line by line through DMA, fed by lcd_poll
 * (call it often: a line leaves in 41 us) until lcd_finish; the memory
 * must not change meanwhile. `hash` is the frame's (w4loop_hash): a frame
 * with the hash of the last one sent is not sent again (false). */
bool lcd_start(const uint8_t *ram, uint32_t hash);
/* Starts the next line when the last has left; false once all have. */
bool lcd_poll(void);
/* Waits for the frame's last line. */
void lcd_finish(void);

#endif
