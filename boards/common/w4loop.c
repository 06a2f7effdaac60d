/* The wisp-w4 frame loop; see w4loop.h. */
#include "w4loop.h"

static void put_hex8(const bt_writer *w, uint32_t v)
{
    char s[8];
    for (int i = 7; i >= 0; i--, v >>= 4)
        s[i] = "0123456789abcdef"[v & 15u];
    bt_put(w, s, 8);
}

static void error_line(const bt_writer *w, const char *why)
{
    bt_str(w, "wisp error: ");
    bt_str(w, why);
    bt_put(w, "\n", 1);
}

static int trapped(w4loop *l)
{
    wisp_trap_info t;
    wisp_instance_trap(l->inst, &t);
    bt_write_backtrace(l->out, l->inst, t.message ? t.message : "", 32, NULL, NULL);
    return W4LOOP_TRAP;
}

uint32_t w4loop_hash(const uint8_t *ram)
{
    const uint32_t h = wisp_crc32(0, ram + WISP_W4_PALETTE, 16);
    return wisp_crc32(h, ram + WISP_W4_FRAMEBUFFER, WISP_W4_FRAMEBUFFER_SIZE);
}

/* The one place a cart is loaded (the module's code is translated here,
 * or, with a code cache, validated). */
static wisp_err load_cart(w4loop *l)
{
    const wisp_load_config lc = {WISP_FEATURES_ALL, 0, l->code_cache_all_but};
    return wisp_module_load_config(&l->arena, l->cart, l->cart_len, &lc, &l->module);
}

static void arena_line(w4loop *l, size_t load_peak)
{
    const bt_writer *w = l->out;
    bt_str(w, "arena load ");
    bt_u64(w, load_peak);
    bt_str(w, " run ");
    bt_u64(w, l->arena.used);
    bt_str(w, " code ");
    bt_u64(w, wisp_module_code_bytes(l->module));
    bt_put(w, "\n", 1);
}

int w4loop_run(w4loop *l)
{
    const bt_writer *w = l->out;
    wisp_w4_init(l->con, &l->io);
    if (l->setup)
        l->setup(l);
    l->module = NULL;
    l->inst = NULL;
    l->frame = 0;
    wisp_arena_init(&l->arena, l->arena_mem, l->arena_size);
    uint64_t t0 = l->count();
    wisp_err e = load_cart(l);
    const size_t load_peak = l->arena.peak;
    if (e == WISP_OK)
        e = wisp_w4_instantiate(l->con, &l->arena, l->module, NULL, &l->inst);
    bt_str(w, "load ");
    bt_u64(w, l->count() - t0);
    bt_put(w, "\n", 1);
    if (e == WISP_ERR_TRAP && l->inst)
        return trapped(l);
    if (e != WISP_OK) {
        const char *why = wisp_w4_error(l->con);
        if (!why)
            why = wisp_arena_error(&l->arena);
        error_line(w, why && *why ? why : wisp_err_str(e));
        return W4LOOP_ERROR;
    }
    /* nothing more comes out of the arena while the cart runs (its memory
     * cannot grow: one page at most) but a code cache, at the first call */
    if (!l->code_cache_all_but)
        arena_line(l, load_peak);
    const uint8_t *ram = wisp_w4_ram(l->con);
    for (; l->frame < l->frames; l->frame++) {
        uint8_t pad = 0;
        if (l->tape_len)
            pad = l->tape[l->frame % l->tape_len];
        else if (l->buttons)
            pad = l->buttons(l);
        const uint8_t pads[4] = {pad, 0, 0, 0};
        t0 = l->count();
        e = wisp_w4_frame(l->con, pads);
        const uint64_t n = l->count() - t0;
        if (e == WISP_ERR_TRAP)
            return trapped(l);
        if (e != WISP_OK) {
            bt_str(w, "wisp error: frame ");
            bt_u64(w, l->frame);
            bt_str(w, ": ");
            bt_str(w, wisp_err_str(e));
            bt_put(w, "\n", 1);
            return W4LOOP_ERROR;
        }
        l->hash = w4loop_hash(ram);
        if (l->show)
            l->show(l, l->frame);
        bt_str(w, "frame ");
        bt_u64(w, l->frame);
        bt_put(w, " ", 1);
        put_hex8(w, l->hash);
        bt_put(w, " ", 1);
        bt_u64(w, n);
        bt_put(w, "\n", 1);
    }
    if (l->code_cache_all_but) {
        arena_line(l, load_peak);
        wisp_code_stats st;
        wisp_module_code_stats(l->module, &st);
        bt_str(w, "code cache ");
        bt_u64(w, st.translations);
        bt_str(w, " translations ");
        bt_u64(w, st.evictions);
        bt_str(w, " evictions\n");
    }
    uint32_t slots, depth;
    wisp_instance_stack_use(l->inst, &slots, &depth);
    bt_str(w, "stacks ");
    bt_u64(w, slots);
    bt_str(w, " slots ");
    bt_u64(w, depth);
    bt_str(w, " frames\n");
    return W4LOOP_DONE;
}
