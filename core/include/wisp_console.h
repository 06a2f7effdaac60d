/* wisp_console.h: the console layer, WASM-4 (https://wasm4.org) over the
 * runtime. Freestanding like the core: no libc, no malloc; all state is in
 * a wisp_w4 the embedder owns, and the embedder wires the outside world
 * (trace lines, the disk, sound) through wisp_w4_io, the way wisp_port
 * wires a board. The same code runs under `wisp play` and on the boards.
 *
 *   wisp_w4 *con = ...;                  // static, or the embedder's memory
 *   wisp_w4_io io = {.trace = print_line, .ctx = me};
 *   wisp_w4_init(con, &io);
 *   wisp_w4_instantiate(con, &arena, module, &cfg, &inst);   // start-up calls too
 *   for (;;) {
 *       uint8_t pads[4] = {buttons(), 0, 0, 0};
 *       if (wisp_w4_frame(con, pads) != WISP_OK) break;       // a trap: backtrace
 *       show(wisp_w4_ram(con) + WISP_W4_PALETTE, wisp_w4_ram(con) + WISP_W4_FRAMEBUFFER);
 *   }
 *
 * The cart sees WASM-4's memory map in its one 64 KiB page (below), and
 * imports its functions from "env": blit, blitSub, line, hline, vline,
 * oval, rect, text, textUtf8, textUtf16, tone, diskr, diskw, trace,
 * traceUtf8, traceUtf16, tracef. Drawing is pixel for pixel the
 * reference runtime's. A call with a pointer or length outside the memory
 * traps the cart with a message that says which call and which bytes. */
#ifndef WISP_CONSOLE_H
#define WISP_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wisp.h"
#include "wisp_port.h"

/* The memory map (byte addresses in the cart's memory). */
#define WISP_W4_PALETTE 0x04       /* 4 x u32 0xRRGGBB */
#define WISP_W4_DRAW_COLORS 0x14   /* u16: 4 nibbles, palette index + 1, 0 = transparent */
#define WISP_W4_GAMEPAD1 0x16      /* 4 x u8 */
#define WISP_W4_MOUSE_X 0x1a       /* i16 */
#define WISP_W4_MOUSE_Y 0x1c       /* i16 */
#define WISP_W4_MOUSE_BUTTONS 0x1e /* u8 */
#define WISP_W4_SYSTEM_FLAGS 0x1f  /* u8 */
#define WISP_W4_NETPLAY 0x20       /* u8 */
#define WISP_W4_FRAMEBUFFER 0xa0   /* 160 x 160, 2 bits a pixel, leftmost in the low bits */
#define WISP_W4_WIDTH 160
#define WISP_W4_HEIGHT 160
#define WISP_W4_FRAMEBUFFER_SIZE (WISP_W4_WIDTH * WISP_W4_HEIGHT / 4)
#define WISP_W4_MEMORY_SIZE 65536

#define WISP_W4_SYSTEM_PRESERVE_FRAMEBUFFER 1
#define WISP_W4_SYSTEM_HIDE_GAMEPAD_OVERLAY 2

/* Gamepad bits. */
#define WISP_W4_BUTTON_1 1
#define WISP_W4_BUTTON_2 2
#define WISP_W4_BUTTON_LEFT 16
#define WISP_W4_BUTTON_RIGHT 32
#define WISP_W4_BUTTON_UP 64
#define WISP_W4_BUTTON_DOWN 128

#define WISP_W4_DISK_SIZE 1024

/* What the console needs from outside. Every member may be NULL: the
 * console then does without (no trace output, a disk that lives only in
 * RAM, silence). */
typedef struct wisp_w4_io {
    /* One line the cart traced, without its newline, in bytes as the cart
     * gave them (trace, traceUtf8, tracef; traceUtf16 converted to UTF-8). */
    void (*trace)(void *ctx, const char *text, uint32_t len);
    /* The disk after a diskw: keep it (a file, a flash sector). */
    void (*disk_written)(void *ctx, const uint8_t *data, uint32_t len);
    /* tracef's %f: a double as C's printf "%g" writes it, at most size - 1
     * bytes and a NUL; the number of bytes. NULL: a plain fixed form. */
    uint32_t (*format_g)(void *ctx, double v, char *buf, uint32_t size);
    void *ctx;
} wisp_w4_io;

#define WISP_W4_API_FUNCS 17

/* The sound unit's state (w4_apu.c): four channels, two pulse, a
 * triangle and noise, each with its envelope. Times count samples. */
typedef struct wisp_w4_channel {
    float freq1, freq2;       /* Hz; freq2 0: no slide */
    uint64_t start, attack_end, decay_end, sustain_end, release_end;
    int32_t peak, level;      /* the attack's peak, the sustain level */
    float phase;              /* 0..1 through the wave */
    float duty;               /* pulse: the high part of the wave */
    uint16_t seed;            /* noise: the shift register */
    int16_t noise;            /* noise: -1 or 1 */
    uint8_t pan;              /* 0 both sides, 1 left, 2 right */
} wisp_w4_channel;

typedef struct wisp_w4_apu {
    uint32_t rate;            /* samples a second */
    uint64_t time;            /* samples made */
    wisp_w4_channel channel[4];
} wisp_w4_apu;

/* An API function the cart declared with another type than WASM-4's (the
 * reference runtime calls it anyway): how to call it. */
typedef struct wisp_w4_adapter {
    struct wisp_w4 *con;
    uint8_t api;      /* its index in the API's table */
    uint8_t nparams;  /* as the cart declared it; the API's others are 0 */
    uint8_t nresults; /* as the cart declared it (0 or 1) */
} wisp_w4_adapter;

/* The console's state: the embedder's memory, opaque. */
typedef struct wisp_w4 {
    wisp_w4_io io;
    wisp_memory *memory;     /* the cart's, made by wisp_w4_instantiate */
    wisp_instance *inst;
    wisp_func *start, *update;
    bool started;            /* `start` was called (frame 0) */
    uint32_t disk_len;
    uint8_t disk[WISP_W4_DISK_SIZE];
    char trap_message[192];  /* a host call's trap (its text must outlive the call) */
    /* Imports WASM-4 does not have go to this resolver (NULL: refused, the
     * first one named by wisp_w4_error); `wisp play` lists them or binds
     * stand-ins there. Set after wisp_w4_init. */
    wisp_resolve_fn unknown_import;
    void *unknown_import_ctx;
    wisp_w4_adapter adapters[WISP_W4_API_FUNCS];
    wisp_w4_apu apu;
} wisp_w4;

/* A console with an empty disk. */
void wisp_w4_init(wisp_w4 *con, const wisp_w4_io *io);

/* The disk's contents before the cart runs (a saved file, a flash sector);
 * len at most WISP_W4_DISK_SIZE (more is cut). */
void wisp_w4_set_disk(wisp_w4 *con, const uint8_t *data, uint32_t len);

/* Instantiates the cart: its memory (one page, set to the console's start
 * state: the default palette, DRAW_COLORS 0x1203, no mouse), the API's
 * functions for its imports (WISP_ERR_UNLINKABLE, with wisp_w4_error
 * naming the import, for anything else), its data, then its start
 * function, `_start` and `_initialize` if it exports them, as the
 * reference runtime does. WISP_ERR_TRAP with *out set when one of those
 * trapped. config NULL gives stacks sized for a handheld: 512 value
 * slots (or four of the cart's largest frames) and 128 calls. */
wisp_err wisp_w4_instantiate(wisp_w4 *con, wisp_arena *arena, const wisp_module *m,
                             const wisp_config *config, wisp_instance **out);

/* One frame: the gamepads are set; on the first frame `start` is called,
 * on the others the framebuffer is cleared unless SYSTEM_FLAGS says to
 * preserve it; then `update`. WISP_ERR_TRAP when the cart trapped
 * (wisp_instance_trap, the backtrace and a coredump say where). */
wisp_err wisp_w4_frame(wisp_w4 *con, const uint8_t gamepads[4]);

/* The mouse for the next frames: a position on the screen (off it: no
 * mouse, 0x7fff) and its buttons (1 left, 2 right, 4 middle). */
void wisp_w4_set_mouse(wisp_w4 *con, int16_t x, int16_t y, uint8_t buttons);

/* Sound: the next `frames` stereo sample frames (left, right, 16 bits
 * each) of what the cart played with `tone`, at `rate` samples a second
 * (44100 unless set). Make rate / 60 of them after each frame; tones are
 * timed in frames of 1/60 s. */
void wisp_w4_set_sample_rate(wisp_w4 *con, uint32_t rate);
void wisp_w4_audio(wisp_w4 *con, int16_t *stereo, uint32_t frames);

/* The cart's memory: the palette, the framebuffer, all of it. */
uint8_t *wisp_w4_ram(const wisp_w4 *con);

/* The disk in a board's flash (w4_disk.c), power-loss safe: the region
 * [offset, offset + length) of the port's flash, in whole blocks, holds two
 * copies (each half at least a block and 1,040 bytes); a save writes the
 * older one, data first and its header last, so a power cut leaves the
 * disk as it was before the save or after it. load gives an empty disk
 * (*len 0) when neither copy is whole. For wisp_w4_io.disk_written. */
wisp_err wisp_w4_disk_load(const wisp_port *port, uint32_t offset, uint32_t length,
                           uint8_t *data, uint32_t *len);
wisp_err wisp_w4_disk_save(const wisp_port *port, uint32_t offset, uint32_t length,
                           const uint8_t *data, uint32_t len);

/* ---- wisp's own demo console ---------------------------------------------
 * What examples/game/console.h declares (imports from "console"): a 240 x
 * 160 framebuffer of 16 colours (4 bits a pixel, low nibble first),
 * clear, fill_rect, set_pixel, buttons, log, random (console/demo.c). The
 * board gives the buttons and where the log goes, and shows `fb`. */
#define WISP_DEMO_WIDTH 240
#define WISP_DEMO_HEIGHT 160
#define WISP_DEMO_FUNCS 6

typedef struct wisp_demo {
    uint32_t (*buttons)(void *ctx); /* held this frame: examples/game/console.h's BTN_* */
    void (*log)(void *ctx, const char *text, uint32_t len);
    void *ctx;
    uint32_t rng;
    wisp_func *fn[WISP_DEMO_FUNCS];
    uint8_t fb[WISP_DEMO_WIDTH * WISP_DEMO_HEIGHT / 2];
} wisp_demo;

/* The API's host functions, made in the arena (set buttons, log and ctx
 * first or after); then instantiate with wisp_demo_resolve and the
 * wisp_demo as its ctx. */
wisp_err wisp_demo_init(wisp_demo *d, wisp_arena *arena);
wisp_err wisp_demo_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out);

/* Why wisp_w4_instantiate refused the cart (an import WASM-4 does not
 * have), or NULL. */
const char *wisp_w4_error(const wisp_w4 *con);

#endif
