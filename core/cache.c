/* The code cache (wisp_load_config.code_cache_bytes): a module whose
 * translated code would not fit the device keeps only the code of the
 * functions called lately.
 *
 * At load every body is validated and translated once, which measures
 * what it needs (code length, frame and stack sizes), and its code is
 * dropped: the function's code becomes the cache's stub, one LAZY
 * instruction. Entering a function runs its code, so the first call runs
 * LAZY, which translates the body into the cache (wisp_translate_again:
 * the same code the load made) and goes on in it. Nothing on the hot path
 * checks anything.
 *
 * The cache is one block of the arena: blocks {function, bytes} + code,
 * one after another in the order they were made. When the next one does
 * not fit, the oldest blocks whose function is on no call stack are
 * dropped (their functions get the stub again) and the rest slide down;
 * the return points saved in frames of a function that moved move with
 * it. That needs every call stack that may hold this module's code: each
 * is noted the first time it enters it (attach: at a call from the
 * embedder, or a call from another instance's code). A
 * translation's scratch comes from the free end of the cache, so a cache
 * that holds the largest function alone always works for a call stack of
 * one frame. */
#include "wisp_int.h"
#include "opcodes.h"

typedef struct block {
    uint32_t func, bytes; /* bytes: the header and the code, a multiple of 8 */
} block;

#define ALIGN8(x) (((size_t)(x) + 7u) & ~(size_t)7u)

static size_t code_bytes(const wisp_funcdef *d) { return ALIGN8((size_t)d->code_len * 4u); }

wisp_err wisp_cache_create(wisp_arena *a, wisp_module *m, size_t size, size_t all_but)
{
    wisp_code_cache *c = wisp_alloc(a, sizeof *c);
    uint8_t *live = wisp_alloc(a, m->nfuncs / 8u + 1u);
    if (!c || !live)
        return wisp_arena_fail(a, WISP_ERR_NOMEM, 0, "arena too small for the code cache");
    c->live = live;
    c->stub[0] = wisp_op_word(wisp_handlers(), OP_LAZY);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        wisp_funcdef *d = &m->funcs[i];
        const size_t mark = a->used;
        TRY(wisp_translate(a, m, i, NULL));
        a->used = mark; /* validated and measured: the code goes */
        const size_t scratch = wisp_translate_scratch(d);
        const size_t need = sizeof(block) + code_bytes(d) + scratch;
        if (scratch > c->scratch_max)
            c->scratch_max = scratch;
        if (need > c->largest) {
            c->largest = need;
            c->largest_func = i;
        }
        d->code = c->stub;
    }
    m->cache = c;
    if (!size) { /* made at the first call, of what the arena has left then */
        c->arena = a;
        c->all_but = all_but;
        return WISP_OK;
    }
    size &= ~(size_t)7u;
    if (size < c->largest)
        return wisp_arena_fail(a, WISP_ERR_NOMEM, m->funcs[c->largest_func].body_off,
                               "code cache of %u bytes is too small: function %u needs %u",
                               (uint32_t)size, c->largest_func, (uint32_t)c->largest);
    if (!(c->base = wisp_alloc(a, size)))
        return wisp_arena_fail(a, WISP_ERR_NOMEM, 0,
                               "arena too small for a code cache of %u bytes", (uint32_t)size);
    c->size = size;
    return WISP_OK;
}

/* A cache of all the arena left but c->all_but bytes, at the first call:
 * the instances have taken what they need by then. It leaves too the
 * scratch a trap's backtrace takes to re-translate a function. */
static wisp_err make_cache(wisp_exec *ex, wisp_code_cache *c)
{
    wisp_arena *a = c->arena;
    const size_t left = a->size - a->used - a->scratch, keep = c->all_but + c->scratch_max;
    const size_t size = (left > keep ? left - keep : 0) & ~(size_t)7u;
    if (size < c->largest) {
        wisp_snprintf(ex->msg_buf, sizeof ex->msg_buf,
                      "code cache: the arena has %u bytes left, function %u needs %u",
                      (uint32_t)size, c->largest_func, (uint32_t)c->largest);
        return wisp_trap(ex, WISP_TRAP_CODE_CACHE, ex->msg_buf);
    }
    c->base = wisp_alloc(a, size);
    c->size = size;
    return WISP_OK;
}

wisp_err wisp_cache_attach(wisp_exec *ex, const wisp_func *f)
{
    wisp_code_cache *c = f->inst->mod->cache;
    for (const wisp_cache_user *u = c->users; u; u = u->next)
        if (u->ex == ex)
            return WISP_OK;
    wisp_instance *owner = (wisp_instance *)(void *)((uint8_t *)ex - offsetof(wisp_instance, exec));
    wisp_cache_user *u = wisp_alloc(owner->arena, sizeof *u);
    if (!u)
        return wisp_trap(ex, WISP_TRAP_CODE_CACHE,
                         "code cache: no arena left to note another instance calling in");
    u->ex = ex;
    u->next = c->users;
    c->users = u;
    return WISP_OK;
}

/* Mark the functions of m that some call stack is in. */
static void mark_live(wisp_code_cache *c, const wisp_module *m)
{
    wisp_memset(c->live, 0, m->nfuncs / 8u + 1u);
    for (const wisp_cache_user *u = c->users; u; u = u->next) {
        const wisp_exec *ex = u->ex;
        for (const wisp_frame *fr = ex->frames + 1; fr <= ex->top; fr++) {
            const wisp_func *f = fr->func;
            if (f->inst && f->inst->mod == m) {
                const uint32_t k = (uint32_t)(f->def - m->funcs);
                c->live[k / 8u] |= (uint8_t)(1u << (k % 8u));
            }
        }
    }
}

/* The code of d moved from `from` to d->code: so do the return points in it. */
static void relocate(wisp_code_cache *c, const wisp_funcdef *d, const uint32_t *from)
{
    for (const wisp_cache_user *u = c->users; u; u = u->next) {
        wisp_exec *ex = u->ex;
        for (wisp_frame *fr = ex->frames + 1; fr <= ex->top; fr++)
            if (fr->ip >= from && fr->ip <= from + d->code_len)
                fr->ip = d->code + (fr->ip - from);
    }
}

/* Drop the oldest blocks no call stack is in until `need` bytes are free
 * (or none is left to drop), and slide the others down. */
static void make_room(wisp_code_cache *c, wisp_module *m, size_t need)
{
    mark_live(c, m);
    size_t src = 0, dst = 0, freed = 0;
    while (src < c->used) {
        const block b = *(const block *)(c->base + src);
        wisp_funcdef *d = &m->funcs[b.func];
        if (c->size - c->used + freed < need && !(c->live[b.func / 8u] >> (b.func % 8u) & 1u)) {
            d->code = c->stub;
            freed += b.bytes;
            c->evictions++;
        } else if (dst != src) {
            const uint32_t *from = d->code;
            wisp_memmove(c->base + dst, c->base + src, b.bytes);
            d->code = (const uint32_t *)(c->base + dst + sizeof(block));
            relocate(c, d, from);
        }
        if (d->code != c->stub)
            dst += b.bytes;
        src += b.bytes;
    }
    c->used = dst;
}

wisp_err wisp_cache_fill(wisp_exec *ex, wisp_func *f, const void *const *handlers)
{
    wisp_module *m = (wisp_module *)f->inst->mod; /* its cache and code pointers change */
    wisp_code_cache *c = m->cache;
    const uint32_t k = (uint32_t)(f->def - m->funcs);
    wisp_funcdef *d = &m->funcs[k];
    TRY(wisp_cache_attach(ex, f));
    if (!c->base)
        TRY(make_cache(ex, c));
    const size_t need = sizeof(block) + code_bytes(d) + wisp_translate_scratch(d);
    for (int pass = 0; pass < 2; pass++) {
        /* the second pass (the estimate fell short) drops all it can */
        if (pass || c->size - c->used < need)
            make_room(c, m, pass ? c->size : need);
        if (c->size - c->used >= (pass ? sizeof(block) + code_bytes(d) : need)) {
            wisp_arena sub;
            wisp_arena_init(&sub, c->base + c->used + sizeof(block),
                            c->size - c->used - sizeof(block));
            const wisp_err e = wisp_translate_again(&sub, m, k, handlers);
            if (e == WISP_OK) {
                block *b = (block *)(c->base + c->used);
                b->func = k;
                b->bytes = (uint32_t)(sizeof(block) + code_bytes(d));
                c->used += b->bytes;
                c->translations++;
                return WISP_OK;
            }
            d->code = c->stub; /* the translator set it */
            if (e != WISP_ERR_NOMEM) /* it validated at load: cannot happen */
                return wisp_trap(ex, WISP_TRAP_CODE_CACHE, "code cache: translation failed");
        }
    }
    wisp_snprintf(ex->msg_buf, sizeof ex->msg_buf,
                  "code cache of %u bytes full: %u in use on the call stack, function %u needs %u",
                  (uint32_t)c->size, (uint32_t)c->used, k, (uint32_t)need);
    return wisp_trap(ex, WISP_TRAP_CODE_CACHE, ex->msg_buf);
}

void wisp_module_code_stats(const wisp_module *m, wisp_code_stats *out)
{
    wisp_memset(out, 0, sizeof *out);
    const wisp_code_cache *c = m->cache;
    if (c) {
        out->translations = c->translations;
        out->evictions = c->evictions;
        out->used = c->used;
        out->size = c->size;
    }
}
