/* Default stack sizes of `wisp run`; see stack_size.h. */
#include "stack_size.h"

#include "inspect_module.h"
#include "inspect_read.h"

static uint64_t type_slots(const uint8_t *types, uint32_t n)
{
    uint64_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += types[i] == 0x7b ? 2 : 1; /* v128 takes two slots */
    return s;
}

/* Declared locals of one body: vec(count, valtype), counted in slots. */
static uint64_t body_locals(const uint8_t *buf, size_t start, size_t end)
{
    rd_err e = {0};
    rd r = rd_init(buf, end, &e);
    r.pos = start;
    uint32_t groups = 0;
    uint64_t slots = 0;
    if (!rd_u32(&r, "local groups", &groups))
        return 0;
    for (uint32_t g = 0; g < groups; g++) {
        uint32_t n = 0;
        uint8_t t = 0;
        if (!rd_u32(&r, "local count", &n) || !rd_u8(&r, "local type", &t))
            break;
        slots += (uint64_t)n * (t == 0x7b ? 2 : 1);
    }
    return slots;
}

uint64_t stack_frame_estimate(const uint8_t *bytes, size_t len)
{
    im_module m;
    size_t at;
    char err[8];
    if (!bytes || !im_parse(bytes, len, &m, &at, err, sizeof err))
        return 0;
    uint64_t most = 0;
    for (uint32_t f = m.nimported_funcs; f < m.nfuncs && m.has_code; f++) {
        uint32_t i = f - m.nimported_funcs;
        const im_type *t = &m.types[m.func_types[f]];
        uint64_t need = type_slots(t->params, t->nparams) + type_slots(t->results, t->nresults) +
                        body_locals(bytes, m.body_start[i], m.body_end[i]) +
                        (m.body_end[i] - m.body_start[i]);
        if (need > most)
            most = need;
    }
    im_free(&m);
    return most;
}

static uint32_t clamp(uint64_t want, uint64_t room, uint32_t floor)
{
    if (want > room)
        want = room;
    if (want < floor)
        want = floor;
    return want > UINT32_MAX ? UINT32_MAX : (uint32_t)want;
}

uint32_t stack_default_slots(const uint8_t *bytes, size_t len, size_t arena_size)
{
    uint64_t want = 4 * stack_frame_estimate(bytes, len);
    if (want < STACK_SLOTS_HOST)
        want = STACK_SLOTS_HOST;
    return clamp(want, arena_size / 4 / STACK_SLOT_BYTES, STACK_SLOTS_CORE);
}

uint32_t stack_default_depth(size_t arena_size)
{
    return clamp(STACK_DEPTH_HOST, arena_size / 16 / STACK_FRAME_BYTES, STACK_DEPTH_CORE);
}
