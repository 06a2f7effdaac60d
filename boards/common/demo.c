/* wisp-demo: the firmware every board runs. It loads the guest module
 * embedded in flash (guest.wat; the core borrows its bytes in place: XIP),
 * calls each exported function that takes no parameters in a fresh
 * instance, as `wisp run --invoke NAME` does on the host, and prints over
 * the board's serial line:
 *
 *   wisp-demo microbit: guest 618 bytes at 0x0000c1d0, borrowed in place
 *   fib15 -> 610
 *   grow -> 512 576
 *   crash -> trap
 *   trap: integer divide by zero
 *     #0 0x165 scale_damage (wasm-function[9]) base=12 divisor=0 crit=3
 *     ...
 *   arena 6104 of 9216 bytes, stack 1432 of 3072 bytes
 *   wisp-demo: done
 *
 * The first trap's coredump goes out twice through the board's wisp_port
 * (port.c): streamed framed over the serial line (wisp_uart_coredump), and
 * stored in the board's flash slot (wisp_slot_coredump); before the last
 * line the stored one is read back from the slot and sent framed too
 * (wisp_slot_send), so `wisp pull --file` on the captured serial output
 * gets both, and `wisp pull --stored` the one read back from flash:
 *
 *   coredump 1187 bytes -> serial, flash slot #3 at 0x3f040
 *   ...
 *   slot: sending the stored coredump
 *   <framed dump>
 *
 * After its last line it serves the serial commands `coredump?` and
 * `coredump erase` (wisp pull --request) for as long as it runs; at boot it
 * says whether the slot holds a dump from an earlier run.
 *
 * Results are printed as the host prints them (one value after another,
 * space-separated); a trap is followed by its symbolized backtrace
 * (out.h). Errors print `wisp error: WHY` and stop. Sizes come from
 * the board's meson.build: DEMO_ARENA_SIZE (the static arena),
 * DEMO_STACK_SLOTS and DEMO_CALL_DEPTH (wisp_config). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "board.h"
#include "out.h"
#include "stack_use.h"
#include "wisp.h"
#include "wisp_sink.h"

#ifndef DEMO_ARENA_SIZE
#define DEMO_ARENA_SIZE (64u * 1024u)
#endif
#ifndef DEMO_STACK_SLOTS
#define DEMO_STACK_SLOTS 0 /* the core's default */
#endif
#ifndef DEMO_CALL_DEPTH
#define DEMO_CALL_DEPTH 0
#endif
#define DEMO_MAX_RESULTS 8
#define DEMO_BACKTRACE_DEPTH 32

extern const uint8_t guest_wasm[];
extern const size_t guest_wasm_len;

static uint8_t arena_mem[DEMO_ARENA_SIZE] __attribute__((aligned(8)));
static wisp_port port;

/* ---- one export ------------------------------------------------------------ */

static size_t arena_peak;

static void load_error(wisp_arena *arena, wisp_err e)
{
    const char *why = wisp_arena_error(arena);
    out_str("wisp error: ");
    out_str(why && *why ? why : wisp_err_str(e));
    out_char('\n');
}

/* Loads the module and instantiates it in a fresh arena; false on error. */
static bool fresh_instance(wisp_arena *arena, wisp_module **mod, wisp_instance **inst)
{
    wisp_arena_init(arena, arena_mem, sizeof arena_mem);
    wisp_err e = wisp_module_load(arena, guest_wasm, guest_wasm_len, mod);
    if (e == WISP_OK) {
        wisp_config cfg = {DEMO_STACK_SLOTS, DEMO_CALL_DEPTH, 0};
        e = wisp_instance_create(arena, *mod, &cfg, NULL, NULL, inst);
    }
    if (e != WISP_OK) {
        load_error(arena, e);
        return false;
    }
    return true;
}

static void port_error(const char *what, wisp_err e)
{
    out_str("coredump error: ");
    out_str(what);
    out_str(": ");
    out_str(wisp_port_err_str(e));
    out_char('\n');
}

/* Over the serial line, then into the flash slot. */
static void save_coredump(wisp_instance *inst)
{
    wisp_coredump_options opt;
    memset(&opt, 0, sizeof opt);
    opt.executable_name = "guest.wasm";
    wisp_err e = wisp_uart_coredump(&port, inst, &opt);
    if (e != WISP_OK) {
        port_error("serial", e);
        return;
    }
    wisp_slot_info info;
    e = wisp_slot_coredump(&port, inst, &opt);
    if (e == WISP_OK)
        e = wisp_slot_find(&port, &info);
    if (e != WISP_OK) {
        port_error("flash slot", e);
        return;
    }
    out_slot_stored(&info);
}

/* Runs export `index` (a function) if it takes no parameters. */
static bool run_export(uint32_t index)
{
    wisp_arena arena;
    wisp_module *mod;
    wisp_instance *inst;
    if (!fresh_instance(&arena, &mod, &inst))
        return false;
    const char *name;
    uint32_t name_len;
    wisp_extern_kind kind;
    if (wisp_module_export(mod, index, &name, &name_len, &kind) != WISP_OK ||
        kind != WISP_EXTERN_FUNC)
        return true;
    wisp_extern ext;
    if (wisp_instance_export(inst, name, name_len, &ext) != WISP_OK)
        return true;
    const uint8_t *pt, *rt;
    uint32_t np, nr;
    wisp_func_type(ext.of.func, &pt, &np, &rt, &nr);
    out_name(name, name_len);
    if (np || nr > DEMO_MAX_RESULTS) {
        out_str(" skipped (parameters)\n");
        return true;
    }
    out_str(" ->");
    wisp_value res[DEMO_MAX_RESULTS];
    memset(res, 0, sizeof res);
    wisp_err e = wisp_func_call(inst, ext.of.func, NULL, 0, res, nr);
    if (e == WISP_ERR_TRAP) {
        out_str(" trap\n");
        out_backtrace(inst, DEMO_BACKTRACE_DEPTH);
        /* The first trap's coredump; the host writes the same one with
         * `wisp run --invoke NAME --coredump F guest.wasm`. */
        static bool dumped;
        if (!dumped) {
            dumped = true;
            save_coredump(inst);
        }
    } else if (e != WISP_OK) {
        out_str(" error ");
        out_str(wisp_err_str(e));
        out_char('\n');
    } else {
        for (uint32_t k = 0; k < nr; k++) {
            out_char(' ');
            out_value(rt[k], res[k]);
        }
        out_char('\n');
    }
    if (arena.peak > arena_peak)
        arena_peak = arena.peak;
    return true;
}

int main(void)
{
    board_init();
    board_port_init(&port);
    stack_paint(32); /* clear of this frame */
    out_str("wisp-demo ");
    out_str(board_name);
    out_str(": guest ");
    out_u64(guest_wasm_len);
    out_str(" bytes at ");
    out_hex((uint32_t)(uintptr_t)guest_wasm);

    wisp_arena arena;
    wisp_module *mod;
    wisp_instance *inst;
    if (!fresh_instance(&arena, &mod, &inst))
        board_idle();
    size_t len;
    const uint8_t *bytes = wisp_module_bytes(mod, &len);
    out_str(bytes == guest_wasm ? ", borrowed in place\n" : ", copied\n");
    wisp_slot_info stored;
    if (wisp_slot_find(&port, &stored) == WISP_OK) {
        out_str("flash slot: coredump #");
        out_u64(stored.seq);
        out_str(" from an earlier run, ");
        out_u64(stored.length);
        out_str(" bytes\n");
    }

    uint32_t n = wisp_module_export_count(mod);
    for (uint32_t i = 0; i < n; i++)
        if (!run_export(i))
            break;

    out_str("slot: sending the stored coredump\n");
    wisp_err se = wisp_slot_send(&port);
    out_char('\n');
    if (se != WISP_OK)
        port_error("slot", se);

    out_str("arena ");
    out_u64(arena_peak);
    out_str(" of ");
    out_u64(sizeof arena_mem);
    out_str(" bytes, stack ");
    out_u64(stack_peak());
    out_str(" of ");
    out_u64(stack_reserve());
    out_str(" bytes\n");
    out_str("wisp-demo: done\n");
    /* From here on, answer `coredump?` and `coredump erase` (wisp pull
     * --request) for as long as the board runs. */
    wisp_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    for (;;)
        wisp_port_poll_command(&port, &cmd, 1000);
}
