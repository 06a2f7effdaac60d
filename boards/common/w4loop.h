/* The wisp-w4 frame loop, shared by the mps2 image (mps2/w4run.c, cart and
 * tape over semihosting) and the RP2040 one (rp2040/w4main.c, cart and tape
 * in flash): load and instantiate a WASM-4 cart (console/), run its frames
 * with the first gamepad from a tape or the board's buttons, and print
 *
 *   load N                      N counts (below) to load and instantiate
 *   arena load A run R code C   arena bytes: the peak while loading, in use
 *                               while running, and of that translated code
 *                               (with a code cache: its size; printed after
 *                               the frames, as it is made at the first call)
 *   code cache T translations E evictions   with a code cache, after the
 *                               frames: functions translated, dropped
 *   frame F HHHHHHHH N          after each frame: CRC-32 of palette +
 *                               framebuffer, N counts of the frame
 *   (the cart's trace lines, in order, between them)
 *   stacks S slots F frames     the deepest value slot and call frame used
 *
 * A count is what the board's `count` gives: guest instructions on QEMU
 * (-icount), clock cycles on the RP2040. A trap prints `trap: ...` and the
 * backtrace; errors print `wisp error: ...`. Everything goes through `out`. */
#ifndef WISP_BOARD_W4LOOP_H
#define WISP_BOARD_W4LOOP_H

#include <stddef.h>
#include <stdint.h>

#include "bt_text.h"
#include "wisp.h"
#include "wisp_console.h"

/* The device's budget, in one place: the RP2040's arena is what SRAM's
 * 270,336 bytes leave after w4.ld's 6 KiB stack reserve, 3,248 bytes of
 * .data/.bss and ~800 spare (its link fails past it; tests/boards/
 * check_w4.py checks the budget). mps2's wisp-w4 runs carts in the same
 * arena, so its counts are what the device would run, translations
 * included. The code cache takes all the instance leaves but a little. */
#ifndef W4_ARENA_SIZE
#define W4_ARENA_SIZE 260096u
#endif
#ifndef W4_CODE_CACHE_ALL_BUT
#define W4_CODE_CACHE_ALL_BUT 256u
#endif

typedef struct w4loop w4loop;
struct w4loop {
    /* what the board gives */
    const uint8_t *cart;      /* read in place: it may sit in flash */
    size_t cart_len;
    const uint8_t *tape;      /* one byte a frame for gamepad 1, cycled */
    size_t tape_len;          /* 0: no tape, the buttons */
    uint32_t frames;          /* frames to run (UINT32_MAX: 2.2 years at 60 a second) */
    void *arena_mem;
    size_t arena_size;
    /* 0: every function translated at load. Else the cart's code goes to
     * a cache of all the arena its instance leaves but this many bytes,
     * translated when called (wisp_load_config): a device's setting. */
    uint32_t code_cache_all_but;
    const bt_writer *out;     /* the lines above */
    wisp_w4_io io;            /* the cart's trace lines, the disk */
    uint64_t (*count)(void);  /* a free-running counter, in the unit the lines show */
    /* Each may be NULL. setup: after wisp_w4_init, before the cart loads
     * (the disk, the sample rate). buttons: gamepad 1 when there is no
     * tape. show: after each frame, before its line (screen, sound). */
    void (*setup)(w4loop *l);
    uint8_t (*buttons)(w4loop *l);
    void (*show)(w4loop *l, uint32_t frame);

    /* what the loop keeps */
    wisp_w4 *con;             /* the board's memory (static: it is large) */
    wisp_arena arena;
    wisp_module *module;
    wisp_instance *inst;
    uint32_t frame;           /* frames run */
    uint32_t hash;            /* the last frame's (w4loop_hash), for show */
};

/* W4LOOP_DONE after `frames` frames (then the stacks line),
 * W4LOOP_TRAP when the cart trapped (l->inst: backtrace printed),
 * W4LOOP_ERROR when it could not load or run (the reason printed). */
#define W4LOOP_DONE 0
#define W4LOOP_TRAP 1
#define W4LOOP_ERROR 2
int w4loop_run(w4loop *l);

/* The hash of a frame: CRC-32 (zlib's) of the 16 palette bytes and the
 * framebuffer, as the reference runtime prints it. */
uint32_t w4loop_hash(const uint8_t *ram);

#endif
