/* The WASM-4 console's life cycle (wisp_console.h): the cart's memory in
 * its start state, its imports, its start-up calls, and the frame. */
#include "wisp_console.h"

#include "w4_api.h"
#include "w4_apu.h"
#include "w4_draw.h"
#include "w4_text.h"

void wisp_w4_init(wisp_w4 *con, const wisp_w4_io *io)
{
    uint8_t *p = (uint8_t *)con;
    for (uint32_t i = 0; i < sizeof *con; i++)
        p[i] = 0;
    if (io)
        con->io = *io;
    w4_apu_init(&con->apu, 44100);
}

void wisp_w4_set_mouse(wisp_w4 *con, int16_t x, int16_t y, uint8_t buttons)
{
    uint8_t *ram = wisp_w4_ram(con);
    if (!ram)
        return;
    ram[WISP_W4_MOUSE_X] = (uint8_t)x;
    ram[WISP_W4_MOUSE_X + 1] = (uint8_t)((uint16_t)x >> 8);
    ram[WISP_W4_MOUSE_Y] = (uint8_t)y;
    ram[WISP_W4_MOUSE_Y + 1] = (uint8_t)((uint16_t)y >> 8);
    ram[WISP_W4_MOUSE_BUTTONS] = buttons;
}

void wisp_w4_set_sample_rate(wisp_w4 *con, uint32_t rate)
{
    w4_apu_init(&con->apu, rate);
}

void wisp_w4_audio(wisp_w4 *con, int16_t *stereo, uint32_t frames)
{
    w4_apu_samples(&con->apu, stereo, frames);
}

void wisp_w4_set_disk(wisp_w4 *con, const uint8_t *data, uint32_t len)
{
    con->disk_len = len < WISP_W4_DISK_SIZE ? len : WISP_W4_DISK_SIZE;
    for (uint32_t i = 0; i < con->disk_len; i++)
        con->disk[i] = data[i];
}

uint8_t *wisp_w4_ram(const wisp_w4 *con)
{
    return con->memory ? wisp_memory_data(con->memory) : (uint8_t *)0;
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* What the cart finds before its data segments are applied (a new memory
 * is zero already). */
static void start_state(uint8_t *ram)
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

typedef struct resolver {
    wisp_w4 *con;
    wisp_arena *arena;
    const wisp_module *m;
    char why[96];
} resolver;

/* The type the cart declared the function import imp with: the import
 * whose descriptor points at the same name bytes. */
static void declared_type(const wisp_module *m, const wisp_import_desc *imp,
                          const uint8_t **p, uint32_t *np, const uint8_t **r, uint32_t *nr)
{
    const uint32_t n = wisp_module_import_count(m);
    for (uint32_t i = 0; i < n; i++) {
        wisp_import_desc d;
        if (wisp_module_import(m, i, &d) == WISP_OK && d.name == imp->name &&
            d.module == imp->module &&
            wisp_module_import_func_type(m, i, p, np, r, nr) == WISP_OK)
            return;
    }
}

static wisp_err resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    resolver *rs = ctx;
    wisp_w4 *con = rs->con;
    if (!w4_name_is(imp->module, imp->module_len, "env")) {
        /* keep the first reason: it names the import */
    } else if (imp->kind == WISP_EXTERN_MEMORY && w4_name_is(imp->name, imp->name_len, "memory")) {
        if (!con->memory) {
            wisp_err e = wisp_memory_new(rs->arena, 1, 1, true, &con->memory);
            if (e != WISP_OK)
                return e;
            start_state(wisp_memory_data(con->memory));
        }
        out->kind = WISP_EXTERN_MEMORY;
        out->of.memory = con->memory;
        return WISP_OK;
    } else if (imp->kind == WISP_EXTERN_FUNC) {
        const uint8_t *p = 0, *r = 0;
        uint32_t np = 0, nr = 0;
        declared_type(rs->m, imp, &p, &np, &r, &nr);
        wisp_err e = w4_api_func(con, rs->arena, imp->name, imp->name_len, p, np, r, nr,
                                 &out->of.func);
        if (e == WISP_OK) {
            out->kind = WISP_EXTERN_FUNC;
            return WISP_OK;
        }
        if (e != WISP_ERR_NOT_FOUND)
            return e;
    }
    if (con->unknown_import)
        return con->unknown_import(con->unknown_import_ctx, imp, out);
    if (!rs->why[0]) {
        w4_msg m = w4_msg_begin(rs->why, sizeof rs->why);
        w4_msg_mem(&m, imp->module, imp->module_len);
        w4_msg_str(&m, ".");
        w4_msg_mem(&m, imp->name, imp->name_len);
    }
    return WISP_ERR_UNLINKABLE;
}

/* Calls the export `name` if there is one, ignoring what it returns. */
static wisp_err call_if_exported(wisp_instance *inst, const char *name)
{
    wisp_func *f;
    if (wisp_instance_find_func(inst, name, &f) != WISP_OK)
        return WISP_OK;
    const uint8_t *p, *r;
    uint32_t np, nr;
    wisp_func_type(f, &p, &np, &r, &nr);
    wisp_value res[4];
    if (np || nr > 4)
        return WISP_ERR_UNLINKABLE;
    return wisp_func_call(inst, f, 0, 0, res, nr);
}

/* A handheld's stacks unless the embedder says: the 100 carts of
 * ../shared/carts use at most 140 slots and 15 frames in 600 frames (make
 * bench-carts measures them); this leaves room for some recursion, and at
 * least four calls of the cart's largest frame. Every KiB here is code
 * cache on a 264 KiB device. */
#define W4_STACK_SLOTS 512u
#define W4_CALL_DEPTH 128u

wisp_err wisp_w4_instantiate(wisp_w4 *con, wisp_arena *arena, const wisp_module *m,
                             const wisp_config *config, wisp_instance **out)
{
    resolver rs = {con, arena, m, {0}};
    wisp_config stacks = {W4_STACK_SLOTS, W4_CALL_DEPTH, 0};
    if (!config) {
        const uint32_t four = 4u * wisp_module_frame_slots(m);
        if (four > stacks.value_stack_slots)
            stacks.value_stack_slots = four;
        config = &stacks;
    }
    con->memory = 0;
    con->started = false;
    *out = 0;
    wisp_err e = wisp_instance_create(arena, m, config, resolve, &rs, out);
    if (e == WISP_ERR_UNLINKABLE && rs.why[0]) {
        char *msg = con->trap_message;
        w4_msg mm = w4_msg_begin(msg, sizeof con->trap_message);
        w4_msg_str(&mm, "the cart imports ");
        w4_msg_str(&mm, rs.why);
        w4_msg_str(&mm, ", which WASM-4 does not have");
    }
    if (e != WISP_OK)
        return e;
    con->inst = *out;
    if (!con->memory) { /* a cart that defines its own memory instead */
        wisp_memory *mem;
        if (wisp_instance_memory(*out, 0, &mem) == WISP_OK)
            con->memory = mem;
    }
    /* the API and drawing read and write anywhere in WASM-4's 64 KiB map */
    if (!con->memory || wisp_memory_size(con->memory) < WISP_W4_MEMORY_SIZE) {
        w4_msg mm = w4_msg_begin(con->trap_message, sizeof con->trap_message);
        w4_msg_str(&mm, con->memory ? "the cart's own memory is smaller than WASM-4's 64 KiB"
                                    : "the cart has no memory");
        con->memory = 0;
        return WISP_ERR_UNLINKABLE;
    }
    if (wisp_instance_find_func(*out, "start", &con->start) != WISP_OK)
        con->start = 0;
    if (wisp_instance_find_func(*out, "update", &con->update) != WISP_OK)
        con->update = 0;
    e = call_if_exported(*out, "_start");
    if (e == WISP_OK)
        e = call_if_exported(*out, "_initialize");
    return e;
}

wisp_err wisp_w4_frame(wisp_w4 *con, const uint8_t gamepads[4])
{
    uint8_t *ram = wisp_w4_ram(con);
    for (int i = 0; i < 4; i++)
        ram[WISP_W4_GAMEPAD1 + i] = gamepads[i];
    wisp_err e = WISP_OK;
    if (!con->started) {
        con->started = true;
        if (con->start)
            e = wisp_func_call(con->inst, con->start, 0, 0, 0, 0);
    } else if (!(ram[WISP_W4_SYSTEM_FLAGS] & WISP_W4_SYSTEM_PRESERVE_FRAMEBUFFER)) {
        w4_clear(ram + WISP_W4_FRAMEBUFFER);
    }
    if (e == WISP_OK && con->update)
        e = wisp_func_call(con->inst, con->update, 0, 0, 0, 0);
    return e;
}

const char *wisp_w4_error(const wisp_w4 *con)
{
    return con->trap_message[0] ? con->trap_message : 0;
}
