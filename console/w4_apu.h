/* WASM-4's sound unit (w4_apu.c). */
#ifndef WISP_CONSOLE_W4_APU_H
#define WISP_CONSOLE_W4_APU_H

#include "wisp_console.h"

void w4_apu_init(wisp_w4_apu *apu, uint32_t rate);
/* tone(frequency, duration, volume, flags) as the cart calls it. */
void w4_apu_tone(wisp_w4_apu *apu, uint32_t frequency, uint32_t duration, uint32_t volume,
                 uint32_t flags);
void w4_apu_samples(wisp_w4_apu *apu, int16_t *stereo, uint32_t frames);

#endif
