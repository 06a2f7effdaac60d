/* `wisp play` inside (play.c, play_window.c): the options, and a session
 * that runs one frame at a time for the headless loop and the window. */
#ifndef WISP_TOOLS_PLAY_H
#define WISP_TOOLS_PLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "symbols.h"
#include "unknown_imports.h"
#include "wisp.h"
#include "wisp_console.h"

#define PLAY_SAMPLE_RATE 44100
#define PLAY_FRAME_SAMPLES (PLAY_SAMPLE_RATE / 60) /* 735 */

typedef struct play_opts {
    bool headless;
    uint64_t frames; /* UINT64_MAX: until the window closes */
    const char *tape, *disk, *coredump, *path, *png, *wav;
    size_t arena_size;
    size_t code_cache; /* 0: translate everything at load */
    sym_options sym;   /* how backtraces are symbolized */
    unknown_mode unknown; /* imports WASM-4 does not have: refused, or stood in for */
} play_opts;

typedef struct play_session {
    const play_opts *o;
    const uint8_t *cart;
    size_t len;
    wisp_w4 *con;
    wisp_instance *inst;
    FILE *out;        /* trace lines (and headless, the frame lines) */
    uint64_t frame;   /* frames played */
    FILE *wav;        /* --wav, or NULL */
    uint32_t wav_bytes;
} play_session;

/* One frame with these gamepads: its sound (PLAY_FRAME_SAMPLES stereo
 * samples) into audio if not NULL and to --wav, its frame line when
 * headless, --png every 60 frames. -1 to go on; else the exit status (0
 * after --frames, EXIT_TRAP after reporting a trap). */
int play_frame(play_session *s, const uint8_t pads[4], int16_t *audio);

/* The window (play_window.c, with SDL2): plays until it is closed, Escape,
 * --frames or a trap; the tape, if any, plays the first gamepad. Whether
 * a window can open (SDL2 built in, its library loads: sdl_lazy.h); if
 * not, it says why on stderr. */
bool play_window_available(void);
int play_window(play_session *s, const uint8_t *tape, size_t tape_len);

#endif
