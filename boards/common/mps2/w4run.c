/* wisp-w4: a WASM-4 cart on a QEMU MPS2 machine (console/, the same layer
 * as `wisp play`), counting the guest instructions of every frame, side by
 * side with ../shared/peers/wasm4/w4ref-mps2.elf (WASM-4's own runtime on
 * wasm3, built for the same board), with the same arguments and lines:
 *
 *   qemu-system-arm -M mps2-an385 -nographic -monitor none -icount shift=0 \
 *     -semihosting-config enable=on,target=native,arg=CART.wasm,arg=FRAMES,arg=TAPE \
 *     -kernel wisp-w4.elf
 *
 *   load N                      instructions to load and instantiate the cart
 *   arena load A run R code C   bytes of arena: at its peak while the cart
 *                               loaded, in use while it runs (module,
 *                               instance, memory, stacks), and of that the
 *                               cart's translated code
 *   frame F HHHHHHHH N          after each frame: the CRC-32 of palette and
 *                               framebuffer (as `wisp play --headless`), and
 *                               the instructions of the frame (icount.h)
 *   (the cart's trace lines, in order, between them)
 *   stacks S slots F frames     the deepest value-stack slot and call frame
 *                               the cart used (wisp_instance_stack_use)
 *
 * The cart and the tape (one byte a frame for the first gamepad, from the
 * start again when it ends; absent or empty: no buttons) are read through
 * semihosting into the top of one static array; the rest is the arena. The
 * disk starts empty and lives in RAM. A trap prints `trap: ...` and the
 * backtrace (out.h's text, as the boards print it) and exits 1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt_text.h"
#include "hostfile.h"
#include "icount.h"
#include "wisp.h"
#include "wisp_console.h"
#include "wisp_port.h"

#ifndef W4RUN_MEM_SIZE
#define W4RUN_MEM_SIZE (3u * 1024u * 1024u) /* arena + cart + tape */
#endif

static uint8_t mem[W4RUN_MEM_SIZE] __attribute__((aligned(8)));
static size_t top = sizeof mem; /* files are read downwards from the end */
static wisp_w4 con;


static void trace_line(void *ctx, const char *text, uint32_t len)
{
    (void)ctx;
    fwrite(text, 1, len, stdout);
    putchar('\n');
}

static uint32_t format_g(void *ctx, double v, char *buf, uint32_t size)
{
    (void)ctx;
    int n = snprintf(buf, size, "%g", v);
    return n < 0 ? 0 : (uint32_t)n;
}

static void out_write(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    fwrite(s, 1, len, stdout);
}

static int trapped(wisp_instance *inst)
{
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    const bt_writer w = {out_write, NULL};
    bt_write_backtrace(&w, inst, t.message ? t.message : "", 32, NULL, NULL);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        printf("usage: wisp-w4 CART.wasm FRAMES [TAPE]\n");
        return 2;
    }
    uint8_t *cart, *tape = NULL;
    const long len = hostfile_read(mem, &top, argv[1], &cart);
    if (len < 0) {
        printf("cannot open %s\n", argv[1]);
        return 2;
    }
    long tape_len = argc > 3 ? hostfile_read(mem, &top, argv[3], &tape) : 0;
    if (tape_len < 0)
        tape_len = 0;
    const unsigned long frames = strtoul(argv[2], NULL, 10);
    icount_start();

    wisp_w4_io io = {trace_line, NULL, format_g, NULL};
    wisp_w4_init(&con, &io);
    wisp_arena arena;
    wisp_arena_init(&arena, mem, top);
    wisp_module *m;
    wisp_instance *inst = NULL;
    uint64_t t0 = icount_ticks();
    wisp_err e = wisp_module_load(&arena, cart, (size_t)len, &m);
    const size_t load_peak = arena.peak;
    if (e == WISP_OK)
        e = wisp_w4_instantiate(&con, &arena, m, NULL, &inst);
    printf("load %llu\n", (unsigned long long)((icount_ticks() - t0) * INSNS_PER_TICK));
    if (e == WISP_ERR_TRAP && inst)
        return trapped(inst);
    if (e != WISP_OK) {
        const char *why = wisp_w4_error(&con);
        if (!why)
            why = wisp_arena_error(&arena);
        printf("wisp error: %s\n", why && *why ? why : wisp_err_str(e));
        return 1;
    }
    /* nothing more comes out of the arena while the cart runs (its memory
     * cannot grow: one page at most) */
    printf("arena load %lu run %lu code %lu\n", (unsigned long)load_peak,
           (unsigned long)arena.used, (unsigned long)wisp_module_code_bytes(m));
    const uint8_t *ram = wisp_w4_ram(&con);
    for (unsigned long f = 0; f < frames; f++) {
        const uint8_t pads[4] = {tape_len ? tape[f % (unsigned long)tape_len] : 0, 0, 0, 0};
        t0 = icount_ticks();
        e = wisp_w4_frame(&con, pads);
        const uint64_t t1 = icount_ticks();
        if (e == WISP_ERR_TRAP)
            return trapped(inst);
        if (e != WISP_OK) {
            printf("wisp error: frame %lu: %s\n", f, wisp_err_str(e));
            return 1;
        }
        uint32_t h = wisp_crc32(0, ram + WISP_W4_PALETTE, 16);
        h = wisp_crc32(h, ram + WISP_W4_FRAMEBUFFER, WISP_W4_FRAMEBUFFER_SIZE);
        printf("frame %lu %08lx %llu\n", f, (unsigned long)h,
               (unsigned long long)((t1 - t0) * INSNS_PER_TICK));
    }
    uint32_t slots, depth;
    wisp_instance_stack_use(inst, &slots, &depth);
    printf("stacks %lu slots %lu frames\n", (unsigned long)slots, (unsigned long)depth);
    return 0;
}
