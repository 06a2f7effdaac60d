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
 * The frame loop and these lines are ../w4loop.c's, which the RP2040's
 * wisp-w4 runs too. The cart and the tape (one byte a frame for the first
 * gamepad, from the start again when it ends; absent or empty: no buttons)
 * are read through semihosting into the top of one static array; the rest
 * is the arena. The disk starts empty and lives in RAM. A trap prints
 * `trap: ...` and the backtrace (out.h's text, as the boards print it) and
 * exits 1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "hostfile.h"
#include "icount.h"
#include "w4loop.h"

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

static uint64_t instructions(void)
{
    return icount_ticks() * INSNS_PER_TICK;
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

    const bt_writer out = {out_write, NULL};
    w4loop l = {
        .cart = cart,
        .cart_len = (size_t)len,
        .tape = tape,
        .tape_len = (size_t)tape_len,
        .frames = (uint32_t)frames,
        .arena_mem = mem,
        .arena_size = top < W4_ARENA_SIZE ? top : W4_ARENA_SIZE,
        .code_cache_all_but = W4_CODE_CACHE_ALL_BUT,
        .out = &out,
        .io = {trace_line, NULL, format_g, NULL},
        .count = instructions,
        .con = &con,
    };
    return w4loop_run(&l) == W4LOOP_DONE ? 0 : 1;
}
