/* The WASM-4 functions a cart imports from "env" (w4_api.h): one table of
 * names and signatures, one host function each. Every pointer and length
 * from the cart is checked against its memory first; a bad one traps the
 * cart with a message naming the call and the bytes (the reference
 * runtime reads or writes outside the memory instead). */
#include "w4_api.h"

#include "w4_apu.h"
#include "w4_draw.h"
#include "w4_text.h"

/* ---- the cart's memory ---------------------------------------------------- */

static uint8_t *ram(wisp_w4 *con) { return wisp_memory_data(con->memory); }
/* the framebuffer and DRAW_COLORS, from ram(con) (taken once a call) */
static uint8_t *framebuffer(uint8_t *m) { return m + WISP_W4_FRAMEBUFFER; }
static uint16_t draw_colors(const uint8_t *m)
{
    return (uint16_t)(m[WISP_W4_DRAW_COLORS] | m[WISP_W4_DRAW_COLORS + 1] << 8);
}

/* Traps the cart: "CALL: WHAT 0xADDR+LEN is outside the memory (65536 bytes)". */
static wisp_err out_of_bounds(wisp_instance *caller, wisp_w4 *con, const char *call,
                              const char *what, int64_t addr, int64_t len)
{
    w4_msg m = w4_msg_begin(con->trap_message, sizeof con->trap_message);
    w4_msg_str(&m, call);
    w4_msg_str(&m, ": ");
    w4_msg_str(&m, what);
    w4_msg_str(&m, " ");
    w4_msg_hex(&m, addr);
    w4_msg_str(&m, "+");
    w4_msg_dec(&m, len);
    w4_msg_str(&m, " is outside the cart's memory (");
    w4_msg_dec(&m, WISP_W4_MEMORY_SIZE);
    w4_msg_str(&m, " bytes)");
    return wisp_host_trap(caller, con->trap_message);
}

/* [addr, addr + len) inside the memory? (addr and len as the cart's u32) */
static bool inside(int64_t addr, int64_t len)
{
    return addr >= 0 && len >= 0 && addr <= WISP_W4_MEMORY_SIZE &&
           len <= WISP_W4_MEMORY_SIZE - addr;
}

/* The length of the NUL-terminated string at addr, or -1 when it runs
 * past the end of the memory. */
static int64_t cstr_len(wisp_w4 *con, uint32_t addr)
{
    const uint8_t *p = ram(con);
    for (uint32_t i = addr; i < WISP_W4_MEMORY_SIZE; i++)
        if (!p[i])
            return i - addr;
    return -1;
}

/* host functions on 32-bit words (wisp_host32_fn): no wisp_value arrays */
#define ARGS wisp_instance *caller, void *user, const uint32_t *a, uint32_t *r
#define U32(i) (a[i])
#define I32(i) ((int32_t)a[i])
#define CON ((wisp_w4 *)user)

/* ---- drawing ------------------------------------------------------------- */

static wisp_err blit_sub(wisp_instance *caller, wisp_w4 *con, const char *call, uint32_t ptr,
                         int x, int y, int width, int height, int src_x, int src_y, int stride,
                         unsigned flags)
{
    uint8_t *m = ram(con);
    const w4_sprite s = {m + ptr, src_x, src_y, stride, m + WISP_W4_MEMORY_SIZE};
    int64_t first, last;
    if (!w4_blit_reads(&s, x, y, width, height, flags, &first, &last))
        return WISP_OK;
    if (!inside((int64_t)ptr + first, last - first + 1))
        return out_of_bounds(caller, con, call, "sprite bytes", (int64_t)ptr + first,
                             last - first + 1);
    w4_blit(framebuffer(m), draw_colors(m), &s, x, y, width, height, flags);
    return WISP_OK;
}

static wisp_err api_blit(ARGS)
{
    (void)r;
    return blit_sub(caller, CON, "blit", U32(0), I32(1), I32(2), I32(3), I32(4), 0, 0,
                    I32(3), U32(5));
}

static wisp_err api_blit_sub(ARGS)
{
    (void)r;
    return blit_sub(caller, CON, "blitSub", U32(0), I32(1), I32(2), I32(3), I32(4),
                    I32(5), I32(6), I32(7), U32(8));
}

static wisp_err api_line(ARGS)
{
    (void)caller, (void)r;
    uint8_t *m = ram(CON);
    w4_line(framebuffer(m), draw_colors(m), I32(0), I32(1), I32(2), I32(3));
    return WISP_OK;
}

static wisp_err api_hline(ARGS)
{
    (void)caller, (void)r;
    uint8_t *m = ram(CON);
    w4_hline(framebuffer(m), draw_colors(m), I32(0), I32(1), I32(2));
    return WISP_OK;
}

static wisp_err api_vline(ARGS)
{
    (void)caller, (void)r;
    uint8_t *m = ram(CON);
    w4_vline(framebuffer(m), draw_colors(m), I32(0), I32(1), I32(2));
    return WISP_OK;
}

static wisp_err api_oval(ARGS)
{
    (void)caller, (void)r;
    uint8_t *m = ram(CON);
    w4_oval(framebuffer(m), draw_colors(m), I32(0), I32(1), I32(2), I32(3));
    return WISP_OK;
}

static wisp_err api_rect(ARGS)
{
    (void)caller, (void)r;
    uint8_t *m = ram(CON);
    w4_rect(framebuffer(m), draw_colors(m), I32(0), I32(1), I32(2), I32(3));
    return WISP_OK;
}

/* Characters from x, a newline back to x one row (8 pixels) down. */
static void draw_text(wisp_w4 *con, const w4_chars *s, int x, int y)
{
    uint8_t *m = ram(con), *fb = framebuffer(m);
    const uint16_t colors = draw_colors(m);
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

static wisp_err api_text(ARGS)
{
    (void)r;
    const int64_t n = cstr_len(CON, U32(0));
    if (n < 0)
        return out_of_bounds(caller, CON, "text", "string without its NUL", U32(0),
                             WISP_W4_MEMORY_SIZE - (int64_t)U32(0));
    const w4_chars s = {ram(CON) + U32(0), (uint32_t)n, 1};
    draw_text(CON, &s, I32(1), I32(2));
    return WISP_OK;
}

static wisp_err api_text_utf8(ARGS)
{
    (void)r;
    if (!inside(U32(0), U32(1)))
        return out_of_bounds(caller, CON, "textUtf8", "text", U32(0), U32(1));
    const w4_chars s = {ram(CON) + U32(0), U32(1), 1};
    draw_text(CON, &s, I32(2), I32(3));
    return WISP_OK;
}

static wisp_err api_text_utf16(ARGS)
{
    (void)r;
    if (!inside(U32(0), U32(1)))
        return out_of_bounds(caller, CON, "textUtf16", "text", U32(0), U32(1));
    const w4_chars s = {ram(CON) + U32(0), U32(1) / 2, 2};
    draw_text(CON, &s, I32(2), I32(3));
    return WISP_OK;
}

/* ---- sound ---------------------------------------------------------------------- */

static wisp_err api_tone(ARGS)
{
    (void)caller, (void)r;
    w4_apu_tone(&CON->apu, U32(0), U32(1), U32(2), U32(3));
    return WISP_OK;
}

/* ---- the disk ----------------------------------------------------------------- */

static wisp_err api_diskr(ARGS)
{
    wisp_w4 *con = CON;
    uint32_t n = U32(1) < con->disk_len ? U32(1) : con->disk_len;
    if (!inside(U32(0), n))
        return out_of_bounds(caller, con, "diskr", "destination", U32(0), n);
    uint8_t *dst = ram(con) + U32(0);
    for (uint32_t i = 0; i < n; i++)
        dst[i] = con->disk[i];
    r[0] = n;
    return WISP_OK;
}

static wisp_err api_diskw(ARGS)
{
    wisp_w4 *con = CON;
    uint32_t n = U32(1) < WISP_W4_DISK_SIZE ? U32(1) : WISP_W4_DISK_SIZE;
    if (!inside(U32(0), n))
        return out_of_bounds(caller, con, "diskw", "source", U32(0), n);
    const uint8_t *src = ram(con) + U32(0);
    for (uint32_t i = 0; i < n; i++)
        con->disk[i] = src[i];
    con->disk_len = n;
    if (con->io.disk_written)
        con->io.disk_written(con->io.ctx, con->disk, n);
    r[0] = n;
    return WISP_OK;
}

/* ---- trace -------------------------------------------------------------------- */

static void trace_line(wisp_w4 *con, const char *text, uint32_t len)
{
    if (con->io.trace)
        con->io.trace(con->io.ctx, text, len);
}

static wisp_err api_trace(ARGS)
{
    (void)r;
    const int64_t n = cstr_len(CON, U32(0));
    if (n < 0)
        return out_of_bounds(caller, CON, "trace", "string without its NUL", U32(0),
                             WISP_W4_MEMORY_SIZE - (int64_t)U32(0));
    trace_line(CON, (const char *)ram(CON) + U32(0), (uint32_t)n);
    return WISP_OK;
}

static wisp_err api_trace_utf8(ARGS)
{
    (void)r;
    if (!inside(U32(0), U32(1)))
        return out_of_bounds(caller, CON, "traceUtf8", "text", U32(0), U32(1));
    /* as printf's "%.*s": up to a NUL */
    const uint8_t *p = ram(CON) + U32(0);
    uint32_t n = 0;
    while (n < U32(1) && p[n])
        n++;
    trace_line(CON, (const char *)p, n);
    return WISP_OK;
}

static wisp_err api_trace_utf16(ARGS)
{
    (void)r;
    if (!inside(U32(0), U32(1)))
        return out_of_bounds(caller, CON, "traceUtf16", "text", U32(0), U32(1));
    char line[W4_TRACE_MAX];
    const w4_chars s = {ram(CON) + U32(0), U32(1) / 2, 2};
    trace_line(CON, line, w4_utf16_to_utf8(&s, line, sizeof line));
    return WISP_OK;
}

static wisp_err api_tracef(ARGS)
{
    (void)r;
    wisp_w4 *con = CON;
    const int64_t n = cstr_len(con, U32(0));
    if (n < 0)
        return out_of_bounds(caller, con, "tracef", "format without its NUL", U32(0),
                             WISP_W4_MEMORY_SIZE - (int64_t)U32(0));
    char line[W4_TRACE_MAX];
    w4_tracef_bad bad;
    const uint32_t len = w4_tracef(&con->io, ram(con), U32(0), (uint32_t)n, U32(1), line,
                                   sizeof line, &bad);
    if (bad.len)
        return out_of_bounds(caller, con, "tracef", bad.what, bad.addr, bad.len);
    trace_line(con, line, len);
    return WISP_OK;
}

/* ---- the table ------------------------------------------------------------------ */

/* params: one letter an i32 ('i'); result: 'i' or none */
static const struct w4_entry {
    const char *name;
    const char *params;
    bool result;
    wisp_host32_fn fn;
} api[] = {
    {"blit", "iiiiii", false, api_blit},
    {"blitSub", "iiiiiiiii", false, api_blit_sub},
    {"line", "iiii", false, api_line},
    {"hline", "iii", false, api_hline},
    {"vline", "iii", false, api_vline},
    {"oval", "iiii", false, api_oval},
    {"rect", "iiii", false, api_rect},
    {"text", "iii", false, api_text},
    {"textUtf8", "iiii", false, api_text_utf8},
    {"textUtf16", "iiii", false, api_text_utf16},
    {"tone", "iiii", false, api_tone},
    {"diskr", "ii", true, api_diskr},
    {"diskw", "ii", true, api_diskw},
    {"trace", "i", false, api_trace},
    {"traceUtf8", "ii", false, api_trace_utf8},
    {"traceUtf16", "ii", false, api_trace_utf16},
    {"tracef", "ii", false, api_tracef},
};
#define NAPI (sizeof api / sizeof api[0])
_Static_assert(NAPI == WISP_W4_API_FUNCS, "WISP_W4_API_FUNCS");

static const uint8_t i32s[9] = {WISP_I32, WISP_I32, WISP_I32, WISP_I32, WISP_I32,
                                WISP_I32, WISP_I32, WISP_I32, WISP_I32};

/* An API function declared with fewer or more i32 parameters, or without
 * its result or with one it has not: the call made to fit. */
static wisp_err adapted(wisp_instance *caller, void *user, const uint32_t *a, uint32_t *r)
{
    const wisp_w4_adapter *ad = user;
    uint32_t args[9] = {0}, res[1] = {0};
    for (uint32_t i = 0; i < ad->nparams && i < 9; i++)
        args[i] = a[i];
    wisp_err e = api[ad->api].fn(caller, ad->con, args, res);
    if (ad->nresults)
        r[0] = res[0];
    return e;
}

static bool all_i32(const uint8_t *t, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (t[i] != WISP_I32)
            return false;
    return true;
}

wisp_err w4_api_func(wisp_w4 *con, wisp_arena *arena, const char *name, uint32_t name_len,
                     const uint8_t *params, uint32_t nparams, const uint8_t *results,
                     uint32_t nresults, wisp_func **out)
{
    for (uint32_t i = 0; i < NAPI; i++) {
        if (!w4_name_is(name, name_len, api[i].name))
            continue;
        uint32_t np = 0;
        while (api[i].params[np])
            np++;
        const uint32_t nr = api[i].result ? 1 : 0;
        if (nparams == np && nresults == nr && all_i32(params, np) && all_i32(results, nr))
            return wisp_func_new_host32(arena, i32s, np, i32s, nr, api[i].fn, con, api[i].name,
                                        out);
        if (!all_i32(params, nparams) || nresults > 1 || !all_i32(results, nresults))
            return WISP_ERR_UNLINKABLE;
        wisp_w4_adapter *ad = &con->adapters[i];
        ad->con = con;
        ad->api = (uint8_t)i;
        ad->nparams = (uint8_t)(nparams < 255 ? nparams : 255);
        ad->nresults = (uint8_t)nresults;
        return wisp_func_new_host32(arena, params, nparams, results, nresults, adapted, ad,
                                    api[i].name, out);
    }
    return WISP_ERR_NOT_FOUND;
}
