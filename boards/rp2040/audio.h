/* WASM-4's sound as PWM audio on GP28 (PWM slice 6, channel A), audio.c:
 * a 61 kHz carrier with 11-bit duty, the console's samples (mono) at
 * AUDIO_RATE a second written into its compare register by DMA, paced by a
 * DMA timer. An RC low-pass (e.g. 1 kOhm + 10 nF) and an amplifier or a
 * piezo on GP28.
 *
 * 11,025 samples a second (sound up to 5.5 kHz): the console's sound unit
 * computes in float, which the M0+ does in software, ~1,200 cycles a
 * sample for each sounding channel; at 22,050 a cart with music spent up
 * to 1.7 M cycles of a frame's 2.1 M on it (in rp2040js). */
#ifndef WISP_RP2040_AUDIO_H
#define WISP_RP2040_AUDIO_H

#include <stdbool.h>

#include "wisp_console.h"

#ifndef AUDIO_RATE
#define AUDIO_RATE 11025u
#endif

/* The PWM, the DMA channel and its timer; the console's sample rate. */
void audio_init(wisp_w4 *con);

/* After a frame: its 1/60 s of samples (183 or 184), played once the last
 * frame's are. Waiting for them paces the frames at 60 a second. `poll` is
 * called after each sample and while it waits (the LCD's lcd_poll). */
void audio_frame(wisp_w4 *con, bool (*poll)(void));

#endif
