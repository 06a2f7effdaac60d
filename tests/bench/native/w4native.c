/* w4native: one WASM-4 cart compiled ahead of time by wasm2c (native.py
 * builds it with glue.c, rt.c and this file) on QEMU mps2-an385, counting
 * the instructions of every frame the way wisp-w4 does
 * (boards/common/mps2/w4run.c, boards/common/w4loop.c), with the same
 * lines:
 *
 *   qemu-system-arm -M mps2-an385 -nographic -monitor none -icount shift=0 \
 *     -semihosting-config enable=on,target=native,arg=FRAMES,arg=TAPE \
 *     -kernel native-CART.elf
 *
 *   load N                 instructions to instantiate the cart and run
 *                          `_start`/`_initialize`
 *   frame F HHHHHHHH N     after each frame: the CRC-32 of palette and
 *                          framebuffer, and the frame's instructions
 *   (the cart's trace lines, in order, between them)
 *   tones T                `tone` calls (recorded, not played: mps2 has no
 *                          audio, and no sound is made)
 *   trap: WHY (frame F)    a trap (the cart's or an API call's bad
 *                          pointer), exit status 1
 *
 * The frame is ../shared/carts/README.md's: GAMEPAD1 from the tape (from
 * its start again when it ends), `start` on frame 0, the framebuffer
 * cleared on later frames unless SYSTEM_PRESERVE_FRAMEBUFFER, `update`.
 * The API is wisp's console code (console/w4_draw.c, w4_text.c, w4_font.c),
 * called with the same checks as console/w4_api.c makes. */
#include <stdio.h>
#include <stdlib.h>

#include "hostfile.h"
#include "icount.h"
#include "w4_draw.h"
#include "w4_text.h"
#include "w4native.h"

#define MEM_SIZE WISP_W4_MEMORY_SIZE

uint8_t w4n_ram[MEM_SIZE] __attribute__((aligned(8)));
#define ram w4n_ram
wasm_rt_memory_t w4n_memory = {w4n_ram, 1, 1, MEM_SIZE};

static uint8_t files[64 * 1024] __attribute__((aligned(8))); /* the tape */
static uint8_t disk[WISP_W4_DISK_SIZE];
static uint32_t disk_len;
static uint32_t tones;
static long frame = -1; /* -1: loading */

/* ---- output ------------------------------------------------------------------ */

static void put(const char *s, size_t n)
{
    fwrite(s, 1, n, stdout);
}

static void put_str(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    put(s, n);
}

static void put_u64(uint64_t v)
{
    char d[20];
    int i = 20;
    do {
        d[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(d + i, (size_t)(20 - i));
}

static void put_hex8(uint32_t v)
{
    char s[8];
    for (int i = 7; i >= 0; i--, v >>= 4)
        s[i] = "0123456789abcdef"[v & 15u];
    put(s, 8);
}

_Noreturn void w4n_trap(const char *why)
{
    put_str("trap: ");
    put_str(why);
    if (frame < 0) {
        put_str(" (loading)\n");
    } else {
        put_str(" (frame ");
        put_u64((uint64_t)frame);
        put_str(")\n");
    }
    fflush(stdout);
    exit(1);
}

/* zlib's CRC-32, a bit at a time (only between frames, not counted) */
static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static uint64_t instructions(void)
{
    return icount_ticks() * INSNS_PER_TICK;
}

/* ---- the API's checks (as console/w4_api.c) -------------------------------------- */

static uint8_t *framebuffer(void) { return ram + WISP_W4_FRAMEBUFFER; }
static uint16_t draw_colors(void)
{
    return (uint16_t)(ram[WISP_W4_DRAW_COLORS] | ram[WISP_W4_DRAW_COLORS + 1] << 8);
}

/* [addr, addr + len) inside the memory? */
static int inside(int64_t addr, int64_t len)
{
    return addr >= 0 && len >= 0 && addr <= MEM_SIZE && len <= MEM_SIZE - addr;
}

_Noreturn static void out_of_bounds(const char *call, const char *what, int64_t addr,
                                    int64_t len)
{
    static char msg[192];
    w4_msg m = w4_msg_begin(msg, sizeof msg);
    w4_msg_str(&m, call);
    w4_msg_str(&m, ": ");
    w4_msg_str(&m, what);
    w4_msg_str(&m, " ");
    w4_msg_hex(&m, addr);
    w4_msg_str(&m, "+");
    w4_msg_dec(&m, len);
    w4_msg_str(&m, " is outside the cart's memory (65536 bytes)");
    w4n_trap(msg);
}

/* The length of the NUL-terminated string at addr, or -1 when it runs
 * past the end of the memory. */
static int64_t cstr_len(uint32_t addr)
{
    for (uint32_t i = addr; i < MEM_SIZE; i++)
        if (!ram[i])
            return i - addr;
    return -1;
}

/* ---- drawing ------------------------------------------------------------------ */

static void blit_sub(const char *call, uint32_t ptr, int x, int y, int width, int height,
                     int src_x, int src_y, int stride, unsigned flags)
{
    const w4_sprite s = {ram + ptr, src_x, src_y, stride, ram + MEM_SIZE};
    int64_t first, last;
    if (!w4_blit_reads(&s, x, y, width, height, flags, &first, &last))
        return;
    if (!inside((int64_t)ptr + first, last - first + 1))
        out_of_bounds(call, "sprite bytes", (int64_t)ptr + first, last - first + 1);
    w4_blit(framebuffer(), draw_colors(), &s, x, y, width, height, flags);
}

void w4n_blit(uint32_t ptr, uint32_t x, uint32_t y, uint32_t width, uint32_t height,
              uint32_t flags)
{
    blit_sub("blit", ptr, (int32_t)x, (int32_t)y, (int32_t)width, (int32_t)height, 0, 0,
             (int32_t)width, flags);
}

void w4n_blitSub(uint32_t ptr, uint32_t x, uint32_t y, uint32_t width, uint32_t height,
                 uint32_t src_x, uint32_t src_y, uint32_t stride, uint32_t flags)
{
    blit_sub("blitSub", ptr, (int32_t)x, (int32_t)y, (int32_t)width, (int32_t)height,
             (int32_t)src_x, (int32_t)src_y, (int32_t)stride, flags);
}

void w4n_line(uint32_t x1, uint32_t y1, uint32_t x2, uint32_t y2)
{
    w4_line(framebuffer(), draw_colors(), (int32_t)x1, (int32_t)y1, (int32_t)x2, (int32_t)y2);
}

void w4n_hline(uint32_t x, uint32_t y, uint32_t len)
{
    w4_hline(framebuffer(), draw_colors(), (int32_t)x, (int32_t)y, (int32_t)len);
}

void w4n_vline(uint32_t x, uint32_t y, uint32_t len)
{
    w4_vline(framebuffer(), draw_colors(), (int32_t)x, (int32_t)y, (int32_t)len);
}

void w4n_oval(uint32_t x, uint32_t y, uint32_t width, uint32_t height)
{
    w4_oval(framebuffer(), draw_colors(), (int32_t)x, (int32_t)y, (int32_t)width,
            (int32_t)height);
}

void w4n_rect(uint32_t x, uint32_t y, uint32_t width, uint32_t height)
{
    w4_rect(framebuffer(), draw_colors(), (int32_t)x, (int32_t)y, (int32_t)width,
            (int32_t)height);
}

/* Characters from x, a newline back to x one row (8 pixels) down. */
static void draw_text(const w4_chars *s, int x, int y)
{
    uint8_t *fb = framebuffer();
    const uint16_t colors = draw_colors();
    int cx = x;
    for (uint32_t i = 0; i < s->n; i++) {
        const unsigned c = w4_char_at(s, i);
        if (c == '\n') {
            y += 8;
            cx = x;
        } else {
            w4_char(fb, colors, c, cx, y);
            cx += 8;
        }
    }
}

void w4n_text(uint32_t str, uint32_t x, uint32_t y)
{
    const int64_t n = cstr_len(str);
    if (n < 0)
        out_of_bounds("text", "string without its NUL", str, MEM_SIZE - (int64_t)str);
    const w4_chars s = {ram + str, (uint32_t)n, 1};
    draw_text(&s, (int32_t)x, (int32_t)y);
}

void w4n_textUtf8(uint32_t str, uint32_t len, uint32_t x, uint32_t y)
{
    if (!inside(str, len))
        out_of_bounds("textUtf8", "text", str, len);
    const w4_chars s = {ram + str, len, 1};
    draw_text(&s, (int32_t)x, (int32_t)y);
}

void w4n_textUtf16(uint32_t str, uint32_t len, uint32_t x, uint32_t y)
{
    if (!inside(str, len))
        out_of_bounds("textUtf16", "text", str, len);
    const w4_chars s = {ram + str, len / 2, 2};
    draw_text(&s, (int32_t)x, (int32_t)y);
}

/* ---- sound: recorded only ---------------------------------------------------------- */

void w4n_tone(uint32_t frequency, uint32_t duration, uint32_t volume, uint32_t flags)
{
    (void)frequency, (void)duration, (void)volume, (void)flags;
    tones++;
}

/* ---- the disk (1,024 bytes in RAM, empty at the start) ------------------------------ */

uint32_t w4n_diskr(uint32_t dest, uint32_t size)
{
    const uint32_t n = size < disk_len ? size : disk_len;
    if (!inside(dest, n))
        out_of_bounds("diskr", "destination", dest, n);
    for (uint32_t i = 0; i < n; i++)
        ram[dest + i] = disk[i];
    return n;
}

uint32_t w4n_diskw(uint32_t src, uint32_t size)
{
    const uint32_t n = size < WISP_W4_DISK_SIZE ? size : WISP_W4_DISK_SIZE;
    if (!inside(src, n))
        out_of_bounds("diskw", "source", src, n);
    for (uint32_t i = 0; i < n; i++)
        disk[i] = ram[src + i];
    disk_len = n;
    return n;
}

/* ---- trace ------------------------------------------------------------------------ */

static void trace_line(const char *text, uint32_t len)
{
    put(text, len);
    put("\n", 1);
}

void w4n_trace(uint32_t str)
{
    const int64_t n = cstr_len(str);
    if (n < 0)
        out_of_bounds("trace", "string without its NUL", str, MEM_SIZE - (int64_t)str);
    trace_line((const char *)ram + str, (uint32_t)n);
}

void w4n_traceUtf8(uint32_t str, uint32_t len)
{
    if (!inside(str, len))
        out_of_bounds("traceUtf8", "text", str, len);
    uint32_t n = 0; /* as printf's "%.*s": up to a NUL */
    while (n < len && ram[str + n])
        n++;
    trace_line((const char *)ram + str, n);
}

void w4n_traceUtf16(uint32_t str, uint32_t len)
{
    if (!inside(str, len))
        out_of_bounds("traceUtf16", "text", str, len);
    static char line[W4_TRACE_MAX];
    const w4_chars s = {ram + str, len / 2, 2};
    trace_line(line, w4_utf16_to_utf8(&s, line, sizeof line));
}

static uint32_t format_g(void *ctx, double v, char *buf, uint32_t size)
{
    (void)ctx;
    const int n = snprintf(buf, size, "%g", v);
    return n < 0 ? 0 : (uint32_t)n;
}

void w4n_tracef(uint32_t fmt, uint32_t args)
{
    const int64_t n = cstr_len(fmt);
    if (n < 0)
        out_of_bounds("tracef", "format without its NUL", fmt, MEM_SIZE - (int64_t)fmt);
    static char line[W4_TRACE_MAX];
    static const wisp_w4_io io = {0, 0, format_g, 0};
    w4_tracef_bad bad;
    const uint32_t len = w4_tracef(&io, ram, fmt, (uint32_t)n, args, line, sizeof line, &bad);
    if (bad.len)
        out_of_bounds("tracef", bad.what, bad.addr, bad.len);
    trace_line(line, len);
}

/* ---- the console ---------------------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* What the cart finds before its data segments are applied (the rest of
 * the memory is zero: it is in .bss). */
static void start_state(void)
{
    static const uint32_t palette[4] = {0xe0f8cf, 0x86c06c, 0x306850, 0x071821};
    for (int i = 0; i < 4; i++)
        put32(ram + WISP_W4_PALETTE + 4 * i, palette[i]);
    ram[WISP_W4_DRAW_COLORS] = 0x03;
    ram[WISP_W4_DRAW_COLORS + 1] = 0x12;
    ram[WISP_W4_MOUSE_X] = 0xff;
    ram[WISP_W4_MOUSE_X + 1] = 0x7f;
    ram[WISP_W4_MOUSE_Y] = 0xff;
    ram[WISP_W4_MOUSE_Y + 1] = 0x7f;
}

#ifdef W4N_PROFILE
void w4n_profile_dump(void (*line)(uint32_t addr, uint32_t count)); /* prof.c */
void w4n_profile_on(int on);
#define PROFILE_ON(on) w4n_profile_on(on)

static void profile_line(uint32_t addr, uint32_t count)
{
    put_str("prof ");
    put_hex8(addr);
    put(" ", 1);
    put_u64(count);
    put("\n", 1);
}
#else
#define PROFILE_ON(on) ((void)0)
#endif

int main(int argc, char **argv)
{
    if (argc < 2) {
        put_str("usage: w4native FRAMES [TAPE]\n");
        return 2;
    }
    const unsigned long frames = strtoul(argv[1], NULL, 10);
    uint8_t *tape = NULL;
    size_t top = sizeof files;
    long tape_len = argc > 2 ? hostfile_read(files, &top, argv[2], &tape) : 0;
    if (tape_len < 0) {
        put_str("cannot read the tape\n");
        return 2;
    }
    icount_start();
    /* SysTick starts from 0 and reloads at its first tick: the reading
     * before that is not on the scale of those after it */
    const uint64_t first = instructions();
    while (instructions() == first)
        ;

    PROFILE_ON(0);

    const w4n_cart *c = &w4n_cart_fns;
    uint64_t t0 = instructions();
    start_state();
    wasm_rt_init();
    c->instantiate();
    if (c->start_)
        c->start_();
    if (c->initialize)
        c->initialize();
    put_str("load ");
    put_u64(instructions() - t0);
    put("\n", 1);

    for (frame = 0; (unsigned long)frame < frames; frame++) {
        PROFILE_ON(1); /* a profile samples the frames only */
        t0 = instructions();
        ram[WISP_W4_GAMEPAD1] = tape_len ? tape[(unsigned long)frame % (unsigned long)tape_len] : 0;
        ram[WISP_W4_GAMEPAD1 + 1] = 0;
        ram[WISP_W4_GAMEPAD1 + 2] = 0;
        ram[WISP_W4_GAMEPAD1 + 3] = 0;
        if (frame == 0) {
            if (c->start)
                c->start();
        } else if (!(ram[WISP_W4_SYSTEM_FLAGS] & WISP_W4_SYSTEM_PRESERVE_FRAMEBUFFER)) {
            w4_clear(framebuffer());
        }
        if (c->update)
            c->update();
        const uint64_t n = instructions() - t0;
        PROFILE_ON(0);
        const uint32_t h = crc32(crc32(0, ram + WISP_W4_PALETTE, 16), framebuffer(),
                                 WISP_W4_FRAMEBUFFER_SIZE);
        put_str("frame ");
        put_u64((uint64_t)frame);
        put(" ", 1);
        put_hex8(h);
        put(" ", 1);
        put_u64(n);
        put("\n", 1);
    }
    put_str("tones ");
    put_u64(tones);
    put("\n", 1);
#ifdef W4N_PROFILE
    w4n_profile_dump(profile_line);
#endif
    fflush(stdout);
    return 0;
}
