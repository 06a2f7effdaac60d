/* wisp-console: firmware that plays a handheld console, the way Firefly
 * Zero runs its apps. The game (a Wasm module embedded in flash, run in
 * place) imports the console API (examples/game/console.h: a 240x160
 * framebuffer of 16 colours, buttons, log, random) and exports `update`,
 * and optionally `boot` and `render`. The console calls boot once, then
 * update and render once per frame, each call with its own fuel budget.
 *
 * When the game traps (or runs out of fuel) the console prints the
 * symbolized backtrace and the last frame on the serial line, streams the
 * coredump framed over it (wisp pull), stores it in the flash slot, and
 * restarts. On the next boot it finds the stored dump, says so, and serves
 * the serial commands `coredump?` (send it; `wisp pull --request`) and
 * `coredump erase` (drop it and start the game again).
 *
 * The boards have no buttons in the emulator: the console plays a fixed
 * "attract mode" pattern instead, so every run is the same. Sizes come from
 * the board's meson.build: CONSOLE_ARENA_SIZE, CONSOLE_FRAMES (frames to
 * play before stopping; 0: for ever), CONSOLE_FUEL (per callback). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "out.h"
#include "wisp.h"
#include "wisp_console.h"
#include "wisp_sink.h"

#ifndef CONSOLE_ARENA_SIZE
#define CONSOLE_ARENA_SIZE (1024u * 1024u)
#endif
#ifndef CONSOLE_FRAMES
#define CONSOLE_FRAMES 0
#endif
#ifndef CONSOLE_FUEL
#define CONSOLE_FUEL 1000000 /* Firefly Zero gives 10,000,000 on a 240 MHz chip */
#endif
#define SCREEN_W WISP_DEMO_WIDTH
#define SCREEN_H WISP_DEMO_HEIGHT

extern const uint8_t game_wasm[];
extern const size_t game_wasm_len;

typedef struct console {
    wisp_port port;
    wisp_arena arena;
    wisp_instance *inst;
    uint32_t frame;
    bool rendered; /* render was called: the framebuffer shows something */
    int64_t fuel_max[3]; /* most fuel one boot/update/render call used */
    wisp_demo demo; /* the console API (console/demo.c) and its framebuffer */
} console;

static console con;
static uint8_t arena_mem[CONSOLE_ARENA_SIZE] __attribute__((aligned(8)));

/* ---- what the board wires to the console API ---------------------------------- */

/* The attract-mode pattern: sweep right and left, fire every 5th frame. */
static uint32_t attract_buttons(void *ctx)
{
    uint32_t f = ((console *)ctx)->frame;
    uint32_t held = (f / 40) % 2 ? 0x01 : 0x02; /* LEFT : RIGHT */
    if (f % 5 == 0)
        held |= 0x10; /* A */
    return held;
}

static void log_line(void *ctx, const char *text, uint32_t len)
{
    (void)ctx;
    out_str("game: ");
    out_name(text, len);
    out_char('\n');
}

/* ---- running the game ------------------------------------------------------ */

static void stop(void) __attribute__((noreturn));
static void stop(void)
{
    out_str("console: stopped\n");
    board_idle();
}

static void fail(const char *what, const char *why)
{
    out_str("console: ");
    out_str(what);
    out_str(": ");
    out_str(why);
    out_char('\n');
    stop();
}

static bool start_game(console *c)
{
    wisp_arena_init(&c->arena, arena_mem, sizeof arena_mem);
    c->demo.buttons = attract_buttons;
    c->demo.log = log_line;
    c->demo.ctx = c;
    wisp_err e0 = wisp_demo_init(&c->demo, &c->arena);
    if (e0 != WISP_OK)
        fail("cannot set up the console API", wisp_err_str(e0));
    wisp_module *mod;
    wisp_err e = wisp_module_load(&c->arena, game_wasm, game_wasm_len, &mod);
    if (e != WISP_OK)
        fail("the game is not a valid module", wisp_arena_error(&c->arena));
    e = wisp_instance_create(&c->arena, mod, NULL, wisp_demo_resolve, &c->demo, &c->inst);
    if (e == WISP_ERR_UNLINKABLE) {
        out_str("console: the game needs what the console does not provide: ");
        out_str(wisp_arena_error(&c->arena));
        out_str("\nconsole: it may import only console.clear, fill_rect, set_pixel, buttons, "
                "log, random\n");
        stop();
    }
    if (e == WISP_ERR_TRAP)
        return false; /* its start function trapped */
    if (e != WISP_OK)
        fail("cannot start the game", wisp_arena_error(&c->arena));
    return true;
}

/* The last frame as 60x20 characters, brighter colours denser. */
static void show_frame(const console *c)
{
    static const char shade[16] = " .:-=+*#%@oO0X&W";
    for (int32_t y = 0; y < SCREEN_H; y += 8) {
        char line[SCREEN_W / 4 + 2];
        for (int32_t x = 0; x < SCREEN_W; x += 4) {
            uint32_t i = (uint32_t)(y + 4) * SCREEN_W + (uint32_t)x + 2;
            uint8_t v = c->demo.fb[i >> 1];
            line[x / 4] = shade[(i & 1) ? v >> 4 : v & 15];
        }
        line[SCREEN_W / 4] = '\n';
        out_mem(line, SCREEN_W / 4 + 1);
    }
}

static void fuel_line(const console *c)
{
    static const char *const names[3] = {"boot", "update", "render"};
    out_str("console: most fuel per call:");
    for (int i = 0; i < 3; i++) {
        out_char(' ');
        out_str(names[i]);
        out_char(' ');
        out_i64(c->fuel_max[i]);
    }
    out_str(" (budget ");
    out_u64(CONSOLE_FUEL);
    out_str(")\n");
}

static void crashed(console *c, const char *where)
{
    out_str("console: the game crashed in ");
    out_str(where);
    out_str(" at frame ");
    out_u64(c->frame);
    out_char('\n');
    out_backtrace(c->inst, 32);
    if (c->rendered) {
        out_str("console: the last frame it drew:\n");
        show_frame(c);
    }
    fuel_line(c);
    out_str("console: sending the coredump (wisp pull)\n");
    wisp_coredump_options opt;
    memset(&opt, 0, sizeof opt);
    opt.executable_name = "game.wasm";
    wisp_err e = wisp_uart_coredump(&c->port, c->inst, &opt);
    out_char('\n');
    if (e != WISP_OK)
        fail("cannot send the coredump", wisp_port_err_str(e));
    e = wisp_slot_coredump(&c->port, c->inst, &opt);
    wisp_slot_info info;
    if (e == WISP_OK)
        e = wisp_slot_find(&c->port, &info);
    if (e != WISP_OK)
        fail("cannot store the coredump in the flash slot", wisp_port_err_str(e));
    out_str("console: coredump #");
    out_u64(info.seq);
    out_str(" (");
    out_u64(info.length);
    out_str(" bytes) stored in the flash slot; restarting\n");
    board_reset();
}

/* Calls export `name` if the game has it; a trap ends in crashed(). */
static void call(console *c, wisp_func *f, int which, const char *name)
{
    if (!f)
        return;
    wisp_instance_set_fuel(c->inst, CONSOLE_FUEL);
    wisp_err e = wisp_func_call(c->inst, f, NULL, 0, NULL, 0);
    int64_t left = wisp_instance_fuel(c->inst);
    if (left >= 0 && CONSOLE_FUEL - left > c->fuel_max[which])
        c->fuel_max[which] = CONSOLE_FUEL - left;
    if (e == WISP_ERR_TRAP)
        crashed(c, name);
    if (e != WISP_OK)
        fail(name, wisp_err_str(e));
}

static wisp_func *export_of(console *c, const char *name, bool required)
{
    wisp_func *f = NULL;
    if (wisp_instance_find_func(c->inst, name, &f) != WISP_OK)
        f = NULL;
    const uint8_t *pt, *rt;
    uint32_t np = 0, nr = 0;
    if (f)
        wisp_func_type(f, &pt, &np, &rt, &nr);
    if ((!f && required) || np || nr) {
        out_str("console: the game must export ");
        out_str(name);
        out_str(" as a function without parameters or results\n");
        stop();
    }
    return f;
}

/* A stored dump from the last run: wait for the host to take it. */
static void serve_stored(console *c, const wisp_slot_info *info)
{
    out_str("console: the last run crashed; coredump #");
    out_u64(info->seq);
    out_str(" (");
    out_u64(info->length);
    out_str(" bytes) is in the flash slot\n");
    out_str("console: send 'coredump?' to get it (wisp pull --request), 'coredump erase' "
            "to drop it and play again\n");
    wisp_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    for (;;) {
        wisp_err e = wisp_port_poll_command(&c->port, &cmd, 100);
        if (e != WISP_OK) {
            out_str("console: command failed: ");
            out_str(wisp_port_err_str(e));
            out_char('\n');
        }
        if (cmd.last == WISP_CMD_ERASE && e == WISP_OK) {
            out_str("console: coredump erased\n");
            return;
        }
    }
}

int main(void)
{
    console *c = &con;
    board_init();
    board_port_init(&c->port);
    out_str("wisp-console ");
    out_str(board_name);
    out_str(": game ");
    out_u64(game_wasm_len);
    out_str(" bytes at ");
    out_hex((uint32_t)(uintptr_t)game_wasm);
    out_str(", fuel ");
    out_u64(CONSOLE_FUEL);
    out_str(" per call\n");

    wisp_slot_info info;
    wisp_err e = wisp_slot_find(&c->port, &info);
    if (e == WISP_OK)
        serve_stored(c, &info);
    else if (e != WISP_ERR_NOT_FOUND)
        fail("cannot read the flash slot", wisp_port_err_str(e));

    if (!start_game(c))
        crashed(c, "its start function");
    wisp_func *boot = export_of(c, "boot", false);
    wisp_func *update = export_of(c, "update", true);
    wisp_func *render = export_of(c, "render", false);
    call(c, boot, 0, "boot");
    for (c->frame = 1; CONSOLE_FRAMES == 0 || c->frame <= CONSOLE_FRAMES; c->frame++) {
        call(c, update, 1, "update");
        call(c, render, 2, "render");
        c->rendered = render != NULL;
    }
    out_str("console: ");
    out_u64(CONSOLE_FRAMES);
    out_str(" frames played without a crash\n");
    fuel_line(c);
    stop();
}
