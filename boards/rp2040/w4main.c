/* wisp-w4 for the Raspberry Pi Pico: a WASM-4 cart from the cart region of
 * flash (w4map.h; boards/rp2040/w4cart.py writes it), run in place by the
 * console layer through ../common/w4loop.c, the frame loop mps2's wisp-w4
 * runs too. Around it, the handheld:
 *   screen   an ST7789 on SPI0, the 160x160 picture in its middle (lcd.h)
 *   sound    PWM on GP28 (audio.h), which also paces the frames: 60 a second
 *   gamepad  the tape in flash when there is one, else six buttons (buttons.h)
 *   disk     a flash sector pair (disk.h), kept across resets
 * and on UART0 (115200 8N1) w4loop's lines, `frame F HHHHHHHH N` with N the
 * frame's clk_sys cycles (SysTick, icount.c), between
 *
 *   wisp-w4 rp2040: cart NAME, N bytes at 0xADDR; tape T bytes, F frames
 *   ...
 *   cart borrowed in place          (wisp_module_load read it from flash)
 *   arena P of A bytes, stack S of R bytes
 *   wisp-w4: done
 *
 * Sending the byte 'f' asks for the next frame's memory: a line
 * `fb F HEX` (the 16 palette bytes, then the 6,400 framebuffer bytes)
 * before its frame line. When the cart traps: the backtrace, the coredump
 * streamed framed over the UART (`wisp pull`) and stored in the flash slot,
 * which is then read back and sent framed too (`wisp pull --stored`), as
 * wisp-demo does. After `done` the firmware answers `coredump?` and
 * `coredump erase` (`wisp pull --request`). */
#include <stdio.h>
#include <string.h>

#include "audio.h"
#include "board.h"
#include "buttons.h"
#include "disk.h"
#include "icount.h"
#include "lcd.h"
#include "out.h"
#include "stack_use.h"
#include "w4loop.h"
#include "w4map.h"
#include "wisp_sink.h"

static uint8_t arena_mem[W4_ARENA_SIZE] __attribute__((aligned(8)));
static wisp_w4 con;
static wisp_port port;

static void trace_line(void *ctx, const char *text, uint32_t len)
{
    (void)ctx;
    out_mem(text, len);
    out_char('\n');
}

static uint32_t format_g(void *ctx, double v, char *buf, uint32_t size)
{
    (void)ctx;
    int n = snprintf(buf, size, "%g", v);
    return n < 0 ? 0 : (uint32_t)n;
}

static void setup(w4loop *l)
{
    disk_load(l->con);
    audio_init(l->con);
}

static uint8_t buttons(w4loop *l)
{
    (void)l;
    return buttons_read();
}

static void hex_dump(const uint8_t *p, uint32_t n)
{
    char s[64];
    while (n) {
        uint32_t k = 0;
        for (; k < sizeof s / 2 && n; k++, n--, p++) {
            s[2 * k] = "0123456789abcdef"[*p >> 4];
            s[2 * k + 1] = "0123456789abcdef"[*p & 15u];
        }
        out_mem(s, 2 * k);
    }
}

/* After each frame: the screen, the sound, and a memory dump if asked.
 * The screen is sent while the sound is made: done before the next frame
 * changes the memory. */
static void show(w4loop *l, uint32_t frame)
{
    const uint8_t *ram = wisp_w4_ram(l->con);
    lcd_start(ram, l->hash);
    audio_frame(l->con, lcd_poll); /* the LCD's lines go out meanwhile */
    lcd_finish();
    int c;
    bool dump = false;
    while ((c = board_read()) >= 0)
        dump |= c == 'f';
    if (dump) {
        out_str("fb ");
        out_u64(frame);
        out_char(' ');
        hex_dump(ram + WISP_W4_PALETTE, 16);
        hex_dump(ram + WISP_W4_FRAMEBUFFER, WISP_W4_FRAMEBUFFER_SIZE);
        out_char('\n');
    }
}

/* Over the serial line, then into the flash slot. */
static void save_coredump(wisp_instance *inst, const char *name)
{
    wisp_coredump_options opt;
    memset(&opt, 0, sizeof opt);
    opt.executable_name = name;
    opt.thread_name = "main";
    opt.format = WISP_COREDUMP_STANDARD;
    wisp_err e = wisp_uart_coredump(&port, inst, &opt);
    out_char('\n');
    wisp_slot_info info;
    if (e == WISP_OK)
        e = wisp_slot_coredump(&port, inst, &opt);
    if (e == WISP_OK)
        e = wisp_slot_find(&port, &info);
    if (e != WISP_OK) {
        out_str("coredump error: ");
        out_str(wisp_port_err_str(e));
        out_char('\n');
        return;
    }
    out_slot_stored(&info);
    /* what the slot holds now, read back (`wisp pull --stored`) */
    out_str("slot: sending the stored coredump\n");
    wisp_slot_send(&port);
    out_char('\n');
}

/* The header, its lengths inside the region, and the CRC of all it covers. */
static bool cart_ok(const w4_cart_header *h)
{
    if (h->magic != W4_CART_MAGIC || h->version != W4_CART_VERSION ||
        h->cart_len > W4_CART_REGION - W4_CART_HEADER ||
        h->tape_len > W4_CART_REGION - W4_CART_HEADER - h->cart_len)
        return false;
    uint32_t crc = wisp_crc32(0, &h->version, 16);
    crc = wisp_crc32(crc, h->name, sizeof h->name);
    crc = wisp_crc32(crc, (const uint8_t *)h + W4_CART_HEADER, h->cart_len + h->tape_len);
    return crc == h->crc;
}

static void serve(void) __attribute__((noreturn));
static void serve(void)
{
    out_str("wisp-w4: done\n");
    wisp_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    for (;;)
        wisp_port_poll_command(&port, &cmd, 1000);
}

int main(void)
{
    board_init();
    board_port_init(&port);
    icount_start(); /* also wakes lcd.c's waits */
    stack_paint(32);
    const w4_cart_header *h = (const w4_cart_header *)(W4_FLASH_BASE + W4_CART_OFFSET);
    out_str("wisp-w4 rp2040: ");
    if (!cart_ok(h)) {
        out_str("no cart in flash at ");
        out_hex(W4_FLASH_BASE + W4_CART_OFFSET);
        out_str(" (boards/rp2040/w4cart.py writes one)\n");
        serve();
    }
    char name[sizeof h->name + 1];
    memcpy(name, h->name, sizeof h->name);
    name[sizeof h->name] = 0;
    const uint8_t *cart = (const uint8_t *)h + W4_CART_HEADER;
    out_str("cart ");
    out_str(name);
    out_str(", ");
    out_u64(h->cart_len);
    out_str(" bytes at ");
    out_hex((uint32_t)(uintptr_t)cart);
    out_str("; tape ");
    out_u64(h->tape_len);
    out_str(" bytes, ");
    out_u64(h->frames);
    out_str(" frames\n");
    wisp_slot_info stored;
    if (wisp_slot_find(&port, &stored) == WISP_OK) {
        out_str("flash slot: coredump #");
        out_u64(stored.seq);
        out_str(" from an earlier run, ");
        out_u64(stored.length);
        out_str(" bytes\n");
    }
    buttons_init();
    lcd_init();

    w4loop l = {
        .cart = cart,
        .cart_len = h->cart_len,
        .tape = cart + h->cart_len,
        .tape_len = h->tape_len,
        .frames = h->frames ? h->frames : UINT32_MAX,
        .arena_mem = arena_mem,
        .arena_size = sizeof arena_mem,
        .code_cache_all_but = W4_CODE_CACHE_ALL_BUT,
        .out = &out_writer,
        .io = {trace_line, disk_written, format_g, NULL},
        .count = icount_ticks, /* clk_sys cycles */
        .setup = setup,
        .buttons = buttons,
        .show = show,
        .con = &con,
    };
    const int r = w4loop_run(&l);
    if (r == W4LOOP_TRAP)
        save_coredump(l.inst, name);
    if (l.module) {
        size_t len;
        out_str(wisp_module_bytes(l.module, &len) == cart ? "cart borrowed in place\n"
                                                          : "cart copied\n");
    }
    out_str("arena ");
    out_u64(l.arena.peak);
    out_str(" of ");
    out_u64(sizeof arena_mem);
    out_str(" bytes, stack ");
    out_u64(stack_peak());
    out_str(" of ");
    out_u64(stack_reserve());
    out_str(" bytes\n");
    serve();
}
