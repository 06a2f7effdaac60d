/* wisp's own demo console (wisp_console.h): a 240 x 160 framebuffer of 16
 * colours, buttons, a log line, random numbers; the API games import from
 * "console" (examples/game/console.h). The board wires the buttons and the
 * log; the framebuffer is here for it to show. */
#include "wisp_console.h"

#include "w4_text.h"

static void pixel(wisp_demo *d, int32_t x, int32_t y, uint32_t color)
{
    const uint32_t i = (uint32_t)y * WISP_DEMO_WIDTH + (uint32_t)x;
    uint8_t *p = &d->fb[i >> 1];
    *p = (i & 1) ? (uint8_t)((*p & 0x0f) | color << 4) : (uint8_t)((*p & 0xf0) | color);
}

static int32_t clamp(int64_t v, int32_t lo, int32_t hi)
{
    return (int32_t)(v < lo ? lo : v > hi ? hi : v);
}

#define ARGS wisp_instance *caller, void *user, const wisp_value *a, wisp_value *r

static wisp_err api_clear(ARGS)
{
    (void)caller, (void)r;
    wisp_demo *d = user;
    const uint8_t c = (uint8_t)(a[0].i32 & 15);
    for (uint32_t i = 0; i < sizeof d->fb; i++)
        d->fb[i] = (uint8_t)(c | c << 4);
    return WISP_OK;
}

static wisp_err api_fill_rect(ARGS)
{
    (void)caller, (void)r;
    const int32_t x0 = clamp(a[0].i32, 0, WISP_DEMO_WIDTH);
    const int32_t y0 = clamp(a[1].i32, 0, WISP_DEMO_HEIGHT);
    const int32_t x1 = clamp((int64_t)a[0].i32 + a[2].i32, 0, WISP_DEMO_WIDTH);
    const int32_t y1 = clamp((int64_t)a[1].i32 + a[3].i32, 0, WISP_DEMO_HEIGHT);
    for (int32_t y = y0; y < y1; y++)
        for (int32_t x = x0; x < x1; x++)
            pixel(user, x, y, (uint32_t)a[4].i32 & 15);
    return WISP_OK;
}

static wisp_err api_set_pixel(ARGS)
{
    (void)caller, (void)r;
    if ((uint32_t)a[0].i32 < WISP_DEMO_WIDTH && (uint32_t)a[1].i32 < WISP_DEMO_HEIGHT)
        pixel(user, a[0].i32, a[1].i32, (uint32_t)a[2].i32 & 15);
    return WISP_OK;
}

static wisp_err api_buttons(ARGS)
{
    (void)caller, (void)a;
    wisp_demo *d = user;
    r[0].i32 = d->buttons ? (int32_t)d->buttons(d->ctx) : 0;
    return WISP_OK;
}

static wisp_err api_log(ARGS)
{
    (void)r;
    wisp_demo *d = user;
    wisp_memory *mem;
    const uint32_t ptr = (uint32_t)a[0].i32, len = (uint32_t)a[1].i32;
    if (wisp_instance_memory(caller, 0, &mem) != WISP_OK || ptr > wisp_memory_size(mem) ||
        len > wisp_memory_size(mem) - ptr)
        return wisp_host_trap(caller, "console.log: text outside the game's memory");
    if (d->log)
        d->log(d->ctx, (const char *)wisp_memory_data(mem) + ptr, len);
    return WISP_OK;
}

static wisp_err api_random(ARGS)
{
    (void)caller, (void)a;
    wisp_demo *d = user;
    uint32_t x = d->rng; /* xorshift32, seeded the same every run */
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    d->rng = x;
    r[0].i32 = (int32_t)x;
    return WISP_OK;
}

static const struct demo_fn {
    const char *name;
    uint8_t nparams, nresults;
    wisp_host_fn fn;
} api[WISP_DEMO_FUNCS] = {
    {"clear", 1, 0, api_clear},         {"fill_rect", 5, 0, api_fill_rect},
    {"set_pixel", 3, 0, api_set_pixel}, {"buttons", 0, 1, api_buttons},
    {"log", 2, 0, api_log},             {"random", 0, 1, api_random},
};

wisp_err wisp_demo_init(wisp_demo *d, wisp_arena *arena)
{
    static const uint8_t i32s[5] = {WISP_I32, WISP_I32, WISP_I32, WISP_I32, WISP_I32};
    d->rng = 0x2545f491u;
    for (uint32_t i = 0; i < WISP_DEMO_FUNCS; i++) {
        wisp_err e = wisp_func_new_host(arena, i32s, api[i].nparams, i32s, api[i].nresults,
                                        api[i].fn, d, api[i].name, &d->fn[i]);
        if (e != WISP_OK)
            return e;
    }
    return WISP_OK;
}

wisp_err wisp_demo_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    wisp_demo *d = ctx;
    if (imp->kind != WISP_EXTERN_FUNC || !w4_name_is(imp->module, imp->module_len, "console"))
        return WISP_ERR_NOT_FOUND;
    for (uint32_t i = 0; i < WISP_DEMO_FUNCS; i++) {
        if (w4_name_is(imp->name, imp->name_len, api[i].name)) {
            out->kind = WISP_EXTERN_FUNC;
            out->of.func = d->fn[i];
            return WISP_OK;
        }
    }
    return WISP_ERR_NOT_FOUND;
}
