/* The gamepad as six push buttons to ground (buttons.c): GPIO inputs with
 * the pad's pull-up, so a pressed button reads low.
 *   GP2 up   GP3 down   GP4 left   GP5 right   GP6 X (button 1)   GP7 Z (button 2) */
#ifndef WISP_RP2040_BUTTONS_H
#define WISP_RP2040_BUTTONS_H

#include <stdint.h>

void buttons_init(void);
/* The buttons held now, as WASM-4's GAMEPAD bits. */
uint8_t buttons_read(void);

#endif
