/* Issue 15: growth must not waste the arena, and a failed instantiation
 * must not release the resolver's objects.
 *
 *   grow grow_alt.wasm grow_rollback.wasm grow_multi.wasm
 *
 * 1. alternating: grow_alt.wasm's memory grows a page at a time until the
 *    arena is full, alone and with a table.grow before each memory.grow;
 *    in turns it must reach 90% of the pages it reaches alone, with every
 *    page and element intact.
 * 2. random: memories (64 KiB and 1-byte pages) and tables, created between
 *    fixed allocations, grow in random order. After every step: contents
 *    written before are intact (every move copied them), new bytes are
 *    zero, the holes lie below `used` and off every live block, and in
 *    arenas where no hole can be given up `used` is exactly the live bytes
 *    plus the holes. The peak never exceeds F + 3 S (fixed bytes F, growable
 *    sizes S, the bound arena.c states), and a growth that fails in an arena
 *    of at least F + 3 S is an error. Small arenas make growth fail: a
 *    failure changes nothing. Scratch taken from the top is never touched.
 * 3. rollback: a resolver that builds and caches its objects in the same
 *    arena (one of them grown, so the arena has holes); instantiations that
 *    fail after resolving (a later import of the wrong type, out of arena
 *    memory) keep those objects, and a later one uses them.
 * 4. guest: grow_multi.wasm grows its three memories and two tables in a
 *    random order through the interpreter; samples of every one survive,
 *    bytes never written read zero, the peak stays within F + 3 S.
 * 5. zeroed: an arena over zero memory (wisp_arena_init_zeroed) skips
 *    zeroing only bytes never handed out: blocks from the bottom given back
 *    and taken again, scratch given back and reached by a bottom block, a
 *    grown block's new bytes, all read zero; bytes never handed out are
 *    never written.
 *
 * Built twice: on the plain core and on the ASan+UBSan one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wisp_int.h"

#include "../lib/check.h"
#include "readfile.h"

static uint8_t *must_read(const char *path, size_t *len)
{
    const char *why;
    uint8_t *b = read_file(path, len, &why);
    if (!b) {
        fprintf(stderr, "%s: %s\n", path, why);
        exit(1);
    }
    return b;
}

static size_t blk(size_t n) { return n ? (n + 7) & ~(size_t)7 : 8; }

/* ---- 1. alternating table.grow and memory.grow ---- */

static int32_t call_i32(wisp_instance *inst, const char *name, const wisp_value *args,
                        uint32_t nargs)
{
    wisp_func *f;
    wisp_value r[1] = {{0}};
    if (wisp_instance_find_func(inst, name, &f) != WISP_OK ||
        wisp_func_call(inst, f, args, nargs, r, 1) != WISP_OK)
        return -1000;
    return r[0].i32;
}

/* The pages grow_alt.wasm reaches in an arena of `size` bytes. */
static int32_t reach(uint8_t *mem, size_t size, const uint8_t *wasm, size_t len, int tables)
{
    wisp_arena a;
    wisp_module *m;
    wisp_instance *inst;
    wisp_arena_init(&a, mem, size);
    if (wisp_module_load(&a, wasm, len, &m) != WISP_OK ||
        wisp_instance_create(&a, m, NULL, NULL, NULL, &inst) != WISP_OK) {
        CHECK(0, "grow_alt.wasm: %s", wisp_arena_error(&a));
        return 0;
    }
    wisp_value arg = {.i32 = tables};
    int32_t pages = call_i32(inst, "grow", &arg, 1);
    CHECK(call_i32(inst, "check", NULL, 0) == 0, "%s: pages or elements lost in the moves",
          tables ? "alternating" : "alone");
    return pages;
}

static void test_alternating(const uint8_t *wasm, size_t len)
{
    size_t size = 64u << 20;
    uint8_t *mem = malloc(size);
    int32_t alone = reach(mem, size, wasm, len, 0), turns = reach(mem, size, wasm, len, 1);
    printf("64 MiB arena: memory.grow alone reaches %d pages, alternating with table.grow %d\n",
           alone, turns);
    CHECK(alone > 1000, "alone: %d pages", alone);
    CHECK((int64_t)turns * 10 >= (int64_t)alone * 9,
          "alternating reaches %d pages, under 90%% of the %d alone", turns, alone);
    free(mem);
}

/* ---- 2. random growth ---- */

enum { MEM64K, MEM1, TABLE };

typedef struct gobj {
    int kind;
    uint32_t id;
    wisp_memory *m;
    wisp_table *t;
} gobj;

typedef struct span {
    size_t off, len;
} span;

static uint64_t rng_state;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33) % n;
}

/* Memory contents: object `id`'s byte i is P[(i + id) % PLEN]; P holds two
 * copies so that a run of up to PLEN bytes is one memcmp/memcpy. */
#define PLEN ((1u << 20) + 7)
static uint8_t *P;

static void pat_init(void)
{
    P = malloc(2 * (size_t)PLEN);
    for (size_t i = 0; i < PLEN; i++)
        P[i] = P[i + PLEN] = (uint8_t)rnd(256);
}

static bool pat_same(const uint8_t *d, size_t from, size_t to, uint32_t id)
{
    while (from < to) {
        size_t k = (from + id) % PLEN, n = to - from < PLEN ? to - from : PLEN;
        if (memcmp(d + from, P + k, n))
            return false;
        from += n;
    }
    return true;
}

static void pat_fill(uint8_t *d, size_t from, size_t to, uint32_t id)
{
    while (from < to) {
        size_t k = (from + id) % PLEN, n = to - from < PLEN ? to - from : PLEN;
        memcpy(d + from, P + k, n);
        from += n;
    }
}

static uintptr_t tpat(uint32_t id, size_t i) { return ((uintptr_t)P[(i + id) % PLEN] << 4 | 1) + i * 16; }

static size_t gsize(const gobj *o) /* bytes of its block */
{
    return blk(o->kind == TABLE ? (size_t)o->t->size * sizeof(uintptr_t) : (size_t)o->m->size);
}

static size_t goff(const wisp_arena *a, const gobj *o)
{
    return (size_t)((o->kind == TABLE ? (uint8_t *)o->t->elems : o->m->data) - a->base);
}

static bool contents_ok(const gobj *o)
{
    if (o->kind == TABLE) {
        for (size_t i = 0; i < o->t->size; i++)
            if (o->t->elems[i] != tpat(o->id, i))
                return false;
        return true;
    }
    return pat_same(o->m->data, 0, (size_t)o->m->size, o->id);
}

static bool overlap(size_t a, size_t alen, size_t b, size_t blen)
{
    return a < b + blen && b < a + alen;
}

typedef struct scenario {
    wisp_arena a;
    gobj obj[8];
    int nobj;
    span fixed[64]; /* every block that never moves: structs and fixed allocations */
    int nfixed;
    size_t fixed_bytes;
    bool exact; /* no hole can be given up: check used exactly */
    size_t scratch_mark;
    uint8_t *scratch;
    size_t scratch_len;
    uint32_t scratch_id;
} scenario;

static size_t live_bytes(const scenario *s)
{
    size_t n = 0;
    for (int i = 0; i < s->nobj; i++)
        n += gsize(&s->obj[i]);
    return n;
}

/* Holes sane, blocks apart, contents intact (all of them when `all`, else
 * those of `only`): returns false on the first problem. */
static bool arena_ok(scenario *s, const char *when, bool all, const gobj *only)
{
    const wisp_arena *a = &s->a;
    size_t holes = 0;
#ifdef WISP_ARENA_HOLES
    for (int i = 0; i < WISP_ARENA_HOLES; i++) {
        const wisp_hole *h = &a->holes[i];
        if (!h->size)
            continue;
        holes += h->size;
        bool bad = h->off % 8 || h->size % 8 || h->off + h->size >= a->used;
        for (int j = 0; j < WISP_ARENA_HOLES && !bad; j++)
            bad = j != i && a->holes[j].size &&
                  (h->off + h->size == a->holes[j].off ||
                   overlap(h->off, h->size, a->holes[j].off, a->holes[j].size));
        for (int j = 0; j < s->nobj && !bad; j++)
            bad = overlap(h->off, h->size, goff(a, &s->obj[j]), gsize(&s->obj[j]));
        for (int j = 0; j < s->nfixed && !bad; j++)
            bad = overlap(h->off, h->size, s->fixed[j].off, s->fixed[j].len);
        if (bad) {
            CHECK(0, "%s: hole %d [%zu, +%zu) is wrong (used %zu)", when, i, h->off, h->size,
                  a->used);
            return false;
        }
    }
#endif
    for (int i = 0; i < s->nobj; i++) {
        const gobj *o = &s->obj[i];
        size_t off = goff(a, o), len = gsize(o);
        bool bad = off + len > a->used;
        for (int j = 0; j < i && !bad; j++)
            bad = overlap(off, len, goff(a, &s->obj[j]), gsize(&s->obj[j]));
        for (int j = 0; j < s->nfixed && !bad; j++)
            bad = overlap(off, len, s->fixed[j].off, s->fixed[j].len);
        if (bad || ((all || o == only) && !contents_ok(o))) {
            CHECK(0, "%s: object %d (kind %d) %s", when, i, o->kind,
                  bad ? "overlaps another block" : "lost its contents");
            return false;
        }
    }
    if (s->scratch && !pat_same(s->scratch, 0, s->scratch_len, s->scratch_id)) {
        CHECK(0, "%s: scratch overwritten", when);
        return false;
    }
    if (s->exact && a->used != s->fixed_bytes + live_bytes(s) + holes) {
        CHECK(0, "%s: used %zu != fixed %zu + live %zu + holes %zu", when, a->used,
              s->fixed_bytes, live_bytes(s), holes);
        return false;
    }
    return true;
}

static void add_fixed(scenario *s, const void *p, size_t len)
{
    s->fixed[s->nfixed++] = (span){(size_t)((const uint8_t *)p - s->a.base), blk(len)};
    s->fixed_bytes += blk(len);
}

static void fixed_alloc(scenario *s)
{
    size_t len = 8 + rnd(3) * rnd(400) * 8;
    void *p = wisp_alloc(&s->a, len);
    if (p) {
        memset(p, 0xa5, len); /* nobody else's */
        add_fixed(s, p, len);
    }
}

/* Creates the objects; false if the arena cannot hold them. */
static bool build(scenario *s, int nobj, bool pins)
{
    for (int i = 0; i < nobj; i++) {
        if (pins && rnd(2))
            fixed_alloc(s);
        gobj *o = &s->obj[s->nobj];
        o->kind = (int)rnd(3);
        o->id = rnd(1u << 30);
        if (o->kind == TABLE) {
            if (wisp_table_new(&s->a, WISP_EXTERNREF, rnd(3) * rnd(50), 0, false, &o->t))
                return false;
            add_fixed(s, o->t, sizeof *o->t);
            for (size_t k = 0; k < o->t->size; k++)
                o->t->elems[k] = tpat(o->id, k);
        } else {
            wisp_limits lim = {o->kind == MEM64K ? rnd(2) : rnd(3) * rnd(5000), 0, false,
                               o->kind == MEM64K ? 16 : 0};
            if (wisp_memory_create(&s->a, &lim, &o->m))
                return false;
            add_fixed(s, o->m, sizeof *o->m);
            pat_fill(o->m->data, 0, (size_t)o->m->size, o->id);
        }
        s->nobj++;
    }
    if (pins && rnd(2))
        fixed_alloc(s);
    return true;
}

typedef struct rstats {
    double worst; /* (peak - F) / S */
    uint64_t grows, moves, nomem;
} rstats;

/* One growth step; false on a failed check. */
static bool step(scenario *s, rstats *st, bool roomy)
{
    gobj *o = &s->obj[rnd((uint32_t)s->nobj)];
    int failed_before = failures;
    uint32_t delta, old;
    size_t before_off = goff(&s->a, o), before_size = gsize(o);
    wisp_arena saved = s->a;
    wisp_err e;
    size_t add;
    if (o->kind == TABLE) {
        delta = 1 + rnd(4) * rnd(400);
        add = (size_t)delta * sizeof(uintptr_t);
        e = wisp_table_grow(o->t, delta, 7, &old);
    } else {
        delta = o->kind == MEM64K ? 1 + rnd(2) * rnd(2) : 1 + rnd(4) * rnd(4000);
        add = (size_t)delta << o->m->page_log2;
        e = wisp_memory_grow(o->m, delta, &old);
    }
    if (e) {
        st->nomem++;
        /* all or nothing: the arena and the block as they were */
        CHECK(e == WISP_ERR_NOMEM && !memcmp(&saved, &s->a, sizeof saved) &&
                  goff(&s->a, o) == before_off && gsize(o) == before_size,
              "a failed growth changed something");
        size_t need = s->fixed_bytes + 3 * (live_bytes(s) + add);
        CHECK(!roomy || need > s->a.size - s->a.scratch,
              "growth by %zu bytes failed in an arena of %zu though F + 3 S is %zu", add,
              s->a.size, need);
        return failures == failed_before;
    }
    st->grows++;
    st->moves += goff(&s->a, o) != before_off;
    /* the new part is zero (or the init value), then gets its pattern */
    if (o->kind == TABLE) {
        for (size_t k = old; k < o->t->size; k++) {
            if (o->t->elems[k] != 7) {
                CHECK(0, "table element %zu not the init value", k);
                return false;
            }
            o->t->elems[k] = tpat(o->id, k);
        }
    } else {
        size_t from = (size_t)old << o->m->page_log2;
        for (size_t k = from; k < o->m->size; k++)
            if (o->m->data[k]) {
                CHECK(0, "new memory byte %zu is not zero", k);
                return false;
            }
        pat_fill(o->m->data, from, (size_t)o->m->size, o->id);
    }
    /* F: the fixed allocations and the scratch */
    size_t S = live_bytes(s), F = s->fixed_bytes + (s->scratch ? blk(s->scratch_len) : 0);
    double r = (double)(s->a.peak - F) / (double)S;
    if (r > st->worst)
        st->worst = r;
    if (s->a.peak > F + 3 * S) {
        CHECK(0, "peak %zu over F %zu + 3 S, S %zu", s->a.peak, F, S);
        return false;
    }
    /* a block that did not move was not copied, and the blocks are apart:
     * only a move can have damaged another block's contents */
    return arena_ok(s, "after a growth", goff(&s->a, o) != before_off, o);
}

static void test_random(void)
{
    size_t cap = 48u << 20;
    uint8_t *mem = malloc(cap);
    rng_state = 99;
    pat_init();
    rstats st = {0};
    int scenarios = 0;
    int failed_before = failures;
    for (uint32_t seed = 1; seed <= 240 && failures == failed_before; seed++) {
        rng_state = seed;
        scenario *s = calloc(1, sizeof *s);
        bool roomy = seed % 4 != 0;
        /* in a roomy arena growth may fail only where F + 3 S does not
         * fit; small arenas run out often */
        size_t size = roomy ? cap : 64 * 1024 + rnd(16) * 64 * 1024;
        wisp_arena_init(&s->a, mem, size);
        /* up to 4 growable blocks and the allocations after them: at most
         * 8 holes, none given up, so `used` adds up exactly */
        int nobj = 1 + (int)rnd(seed % 3 ? 4 : 7);
        s->exact = nobj <= 4;
        if (!build(s, nobj, seed % 5 != 0)) {
            free(s);
            continue;
        }
        scenarios++;
        if (rnd(3) == 0) { /* scratch at the top for the whole run */
            s->scratch_mark = s->a.scratch;
            s->scratch_len = 8 + rnd(4000);
            s->scratch = wisp_scratch_alloc(&s->a, s->scratch_len);
            s->scratch_id = rnd(1000);
            if (s->scratch)
                pat_fill(s->scratch, 0, s->scratch_len, s->scratch_id);
            else
                s->scratch_len = 0;
        }
        if (!arena_ok(s, "after creation", true, NULL)) {
            free(s);
            break;
        }
        int steps = 50 + (int)rnd(250);
        for (int i = 0; i < steps; i++) {
            if (!step(s, &st, roomy)) {
                printf("  (seed %u, step %d, %d objects)\n", seed, i, s->nobj);
                break;
            }
        }
        if (failures == failed_before)
            arena_ok(s, "at the end", true, NULL);
        if (s->scratch)
            wisp_scratch_release(&s->a, s->scratch_mark);
        free(s);
    }
    printf("random: %d scenarios, %llu growths (%llu moved), %llu failed for want of arena; "
           "worst peak (F + %.2f S)\n",
           scenarios, (unsigned long long)st.grows, (unsigned long long)st.moves,
           (unsigned long long)st.nomem, st.worst);
    free(P);
    CHECK(st.grows > 10000 && st.moves > 100 && st.nomem > 100,
          "the random test did not exercise growth");
    free(mem);
}

/* ---- 3. rollback keeps the resolver's objects ---- */

typedef struct cache {
    wisp_arena *a;
    wisp_func *f, *late, *k0;
    wisp_memory *mem;
    wisp_table *tab;
    wisp_global *g;
    bool late_wrong;  /* answer env.late with f: the wrong type */
    size_t used_after; /* a->used when the resolver last returned */
    int f_calls;
} cache;

static wisp_err host_f(wisp_instance *caller, void *user, const wisp_value *args,
                       wisp_value *results)
{
    (void)caller;
    ((cache *)user)->f_calls++;
    results[0].i32 = args[0].i32 * 10;
    return WISP_OK;
}

static wisp_err host_late(wisp_instance *caller, void *user, const wisp_value *args,
                          wisp_value *results)
{
    (void)caller, (void)user, (void)args, (void)results;
    return WISP_OK;
}

static wisp_err host_k0(wisp_instance *caller, void *user, const wisp_value *args,
                        wisp_value *results)
{
    (void)caller, (void)user, (void)args;
    results[0].i32 = 7;
    return WISP_OK;
}

static bool named(const wisp_import_desc *d, const char *s)
{
    return d->name_len == strlen(s) && !memcmp(d->name, s, d->name_len);
}

static wisp_err cache_resolve(void *ctx, const wisp_import_desc *d, wisp_extern *out)
{
    cache *c = ctx;
    static const uint8_t i32 = WISP_I32, i64 = WISP_I64;
    uint32_t old;
    out->kind = d->kind;
    if (named(d, "f")) {
        if (!c->f && wisp_func_new_host(c->a, &i32, 1, &i32, 1, host_f, c, "f", &c->f))
            return WISP_ERR_NOMEM;
        out->of.func = c->f;
    } else if (named(d, "mem")) {
        if (!c->mem) {
            if (wisp_memory_new(c->a, 1, 0, false, &c->mem))
                return WISP_ERR_NOMEM;
            c->mem->data[7] = 99;
        }
        out->of.memory = c->mem;
    } else if (named(d, "tab")) {
        if (!c->tab) {
            if (wisp_table_new(c->a, WISP_FUNCREF, 2, 0, false, &c->tab) ||
                wisp_func_new_host(c->a, NULL, 0, &i32, 1, host_k0, c, "k0", &c->k0))
                return WISP_ERR_NOMEM;
            c->tab->elems[0] = (uintptr_t)c->k0;
            /* grow the memory and the table now: blocks move, holes appear
             * below the objects the failed instantiations allocate */
            if (wisp_memory_grow(c->mem, 1, &old) || wisp_table_grow(c->tab, 1, 0, &old))
                return WISP_ERR_NOMEM;
        }
        out->of.table = c->tab;
    } else if (named(d, "g")) {
        if (!c->g && wisp_global_new(c->a, WISP_I32, false, (wisp_value){.i32 = 1234}, &c->g))
            return WISP_ERR_NOMEM;
        out->of.global = c->g;
    } else if (named(d, "late")) {
        if (c->late_wrong) {
            out->of.func = c->f;
        } else {
            if (!c->late &&
                wisp_func_new_host(c->a, &i64, 1, NULL, 0, host_late, c, "late", &c->late))
                return WISP_ERR_NOMEM;
            out->of.func = c->late;
        }
    } else {
        return WISP_ERR_NOT_FOUND;
    }
    c->used_after = c->a->used;
    return WISP_OK;
}

/* The objects' bytes, to compare before following their pointers (an
 * object that was overwritten may hold anything). */
typedef struct snap {
    wisp_func f, k0;
    wisp_memory mem;
    wisp_table tab;
    wisp_global g;
} snap;

static void take_snap(const cache *c, snap *s)
{
    s->f = *c->f, s->k0 = *c->k0, s->mem = *c->mem, s->tab = *c->tab, s->g = *c->g;
}

static bool same_snap(const cache *c, const snap *s)
{
    return !memcmp(c->f, &s->f, sizeof s->f) && !memcmp(c->k0, &s->k0, sizeof s->k0) &&
           !memcmp(c->mem, &s->mem, sizeof s->mem) && !memcmp(c->tab, &s->tab, sizeof s->tab) &&
           !memcmp(c->g, &s->g, sizeof s->g);
}

/* The cached objects are what the resolver made them. */
static void check_cache(const cache *c, const char *when)
{
    const uint8_t *p, *r;
    uint32_t np, nr, pages, max;
    bool has_max;
    wisp_value v = {0};
    wisp_memory_limits(c->mem, &pages, &max, &has_max);
    wisp_func_type(c->f, &p, &np, &r, &nr);
    CHECK(np == 1 && nr == 1 && p[0] == WISP_I32 && r[0] == WISP_I32, "%s: f's type", when);
    CHECK(wisp_global_get(c->g, &v) == WISP_OK && v.i32 == 1234, "%s: g is %d", when, v.i32);
    CHECK(pages >= 2 && wisp_memory_data(c->mem)[7] == 99, "%s: the memory (%u pages, [7]=%u)",
          when, pages, wisp_memory_data(c->mem)[7]);
    CHECK(c->tab->size >= 3 && c->tab->elems[0] == (uintptr_t)c->k0, "%s: the table", when);
}

static void test_rollback(const uint8_t *wasm, size_t len)
{
    size_t size = 1u << 20;
    uint8_t *mem = malloc(size);
    wisp_arena a;
    wisp_module *m;
    wisp_instance *inst = NULL;
    cache c = {.a = &a, .late_wrong = true};
    int failed_before = failures;
    wisp_arena_init(&a, mem, size);
    if (wisp_module_load(&a, wasm, len, &m) != WISP_OK) {
        CHECK(0, "grow_rollback.wasm: %s", wisp_arena_error(&a));
        free(mem);
        return;
    }
    wisp_config small = {.value_stack_slots = 1024, .call_depth = 64};
    /* too much in all, though its frames alone (128 KiB) would fit */
    wisp_config huge = {.value_stack_slots = 1u << 26, .call_depth = 4096};
    snap sn;

    /* the last import has the wrong type: unlinkable after resolving */
    wisp_err e = wisp_instance_create(&a, m, &small, cache_resolve, &c, &inst);
    CHECK(e == WISP_ERR_UNLINKABLE && !inst, "wrong late import: %s", wisp_err_str(e));
    CHECK(a.used == c.used_after && a.scratch == 0,
          "a failed instantiation leaves used %zu (resolver: %zu), scratch %zu", a.used,
          c.used_after, a.scratch);
    if (!c.f || !c.k0 || !c.mem || !c.tab || !c.g) {
        CHECK(0, "the resolver was not asked for every import before the failure");
        free(mem);
        return;
    }
    check_cache(&c, "after the unlinkable instantiation");
    take_snap(&c, &sn);

    /* everything resolves, then the stacks do not fit */
    c.late_wrong = false;
    e = wisp_instance_create(&a, m, &huge, cache_resolve, &c, &inst);
    CHECK(e == WISP_ERR_NOMEM && !inst, "huge stacks: %s", wisp_err_str(e));
    CHECK(a.used == c.used_after && a.scratch == 0,
          "a failed instantiation leaves used %zu (resolver: %zu), scratch %zu", a.used,
          c.used_after, a.scratch);
    /* the next allocations land where the failed ones were */
    void *filler = wisp_alloc(&a, 4096);
    memset(filler, 0x5a, 4096);
    CHECK(same_snap(&c, &sn) && wisp_memory_data(c.mem)[7] == 99,
          "the out-of-memory instantiation overwrote the resolver's objects");
    if (failures != failed_before) { /* the objects are gone: stop before using them */
        free(mem);
        return;
    }
    check_cache(&c, "after the out-of-memory instantiation");

    e = wisp_instance_create(&a, m, &small, cache_resolve, &c, &inst);
    CHECK(e == WISP_OK, "instantiation with the cached objects: %s", wisp_arena_error(&a));
    if (e) {
        free(mem);
        return;
    }
    check_cache(&c, "after the instantiation");
    wisp_value one = {.i32 = 1}, two = {.i32 = 2};
    CHECK(call_i32(inst, "run", &one, 1) == 10 + 1234 + 99 + 5 + 7, "run: %d",
          call_i32(inst, "run", &one, 1));
    /* the guest grows the imported memory and table past the holes */
    for (int i = 0; i < 6; i++)
        CHECK(call_i32(inst, "grow", i % 2 ? &one : &two, 1) > 0, "grow %d", i);
    check_cache(&c, "after the guest's growth");
    CHECK(call_i32(inst, "run", &two, 1) == 20 + 1234 + 99 + 5 + 7, "run after growth: %d",
          call_i32(inst, "run", &two, 1));
    CHECK(c.f_calls >= 2, "f was called %d times", c.f_calls);
    for (size_t i = 0; i < 4096; i++)
        if (((uint8_t *)filler)[i] != 0x5a) {
            CHECK(0, "the embedder's allocation was overwritten");
            break;
        }
    free(mem);
}

/* ---- 4. the guest grows three memories and two tables at random ---- */

static int32_t call3(wisp_instance *inst, wisp_func *f, int32_t x, int32_t y, int32_t z)
{
    wisp_value args[3] = {{.i32 = x}, {.i32 = y}, {.i32 = z}}, r[1] = {{0}};
    const uint8_t *p, *rt;
    uint32_t np, nr;
    wisp_func_type(f, &p, &np, &rt, &nr);
    if (wisp_func_call(inst, f, args, np, r, nr) != WISP_OK)
        return -1000;
    return r[0].i32;
}

static void test_guest(const uint8_t *wasm, size_t len)
{
    size_t size = 24u << 20;
    uint8_t *mem = malloc(size);
    static const char *const names[5] = {"m0", "m1", "m2", "t0", "t1"};
    double worst = 0;
    int grows = 0, refused = 0, failed_before = failures;
    for (uint32_t seed = 1; seed <= 3 && failures == failed_before; seed++) {
        wisp_arena a;
        wisp_module *m;
        wisp_instance *inst;
        wisp_func *grow, *fill, *check;
        wisp_extern x[5];
        wisp_arena_init(&a, mem, size);
        if (wisp_module_load(&a, wasm, len, &m) != WISP_OK ||
            wisp_instance_create(&a, m, NULL, NULL, NULL, &inst) != WISP_OK ||
            wisp_instance_find_func(inst, "grow", &grow) ||
            wisp_instance_find_func(inst, "fill", &fill) ||
            wisp_instance_find_func(inst, "check", &check)) {
            CHECK(0, "grow_multi.wasm: %s", wisp_arena_error(&a));
            break;
        }
        for (int w = 0; w < 5; w++)
            wisp_instance_export(inst, names[w], 2, &x[w]);
        call3(inst, fill, 0, 0, 65536);
        /* F: all but the five blocks; the peak from here on */
        size_t S = 0;
        for (int w = 0; w < 5; w++)
            S += blk(w < 3 ? wisp_memory_size(x[w].of.memory)
                           : (size_t)x[w].of.table->size * sizeof(uintptr_t));
        size_t F = a.used - S;
        a.peak = a.used + a.scratch;
        rng_state = seed * 7919;
        for (int i = 0; i < 150 && failures == failed_before; i++) {
            int32_t w = (int32_t)rnd(5), d = w < 3 ? (int32_t)rnd(3) : (int32_t)rnd(300);
            size_t add = w < 3 ? (size_t)d << 16 : (size_t)d * sizeof(uintptr_t);
            int32_t old = call3(inst, grow, w, d, 0);
            if (old < 0) {
                refused++;
                CHECK(F + 3 * (S + add) > size, "the guest's growth by %zu bytes failed though "
                      "F + 3 S is %zu", add, F + 3 * (S + add));
                continue;
            }
            grows++;
            S = 0;
            for (int k = 0; k < 5; k++)
                S += blk(k < 3 ? wisp_memory_size(x[k].of.memory)
                               : (size_t)x[k].of.table->size * sizeof(uintptr_t));
            if (w < 3)
                call3(inst, fill, w, old << 16, (old + d) << 16);
            else
                call3(inst, fill, w, old, old + d);
            double r = (double)(a.peak - F) / (double)S;
            worst = r > worst ? r : worst;
            CHECK(a.peak <= F + 3 * S, "peak %zu over F %zu + 3 S, S %zu", a.peak, F, S);
            for (int k = 0; k < 5; k++)
                if (k == w || i % 10 == 9)
                    CHECK(call3(inst, check, k, 0, 0) == 0,
                          "seed %u step %d: %s lost contents (growing %s)", seed, i, names[k],
                          names[w]);
        }
        for (int k = 0; k < 5; k++)
            CHECK(call3(inst, check, k, 0, 0) == 0, "seed %u: %s lost contents", seed, names[k]);
    }
    printf("guest: %d growths, %d refused; worst peak (F + %.2f S)\n", grows, refused, worst);
    CHECK(grows > 300, "the guest grew too little");
    free(mem);
}

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void test_zeroed(void)
{
    static uint8_t mem[1 << 16]; /* .bss: zero */
    wisp_arena a;
    CHECK(wisp_arena_init_zeroed(&a, mem, sizeof mem) == WISP_OK, "zeroed: init");
    uint8_t *b = wisp_alloc(&a, 100);
    memset(b, 0xab, 100);
    uint8_t *s = wisp_scratch_alloc(&a, 4096);
    memset(s, 0xcd, 4096);
    wisp_scratch_release(&a, 0);
    a.used = 0; /* the bottom given back, as a failed load does */
    uint8_t *c = wisp_alloc(&a, 200);
    CHECK(c == b && all_zero(c, 200), "zeroed: the bottom given back reads zero again");
    uint8_t *g = wisp_alloc(&a, 64);
    memset(g, 0xef, 64);
    void *gp = g;
    CHECK(wisp_realloc(&a, &gp, 64, 1000) == WISP_OK && all_zero((uint8_t *)gp + 64, 936),
          "zeroed: a grown block's new bytes read zero");
    memset(gp, 0x5a, 1000);
    uint8_t *mid = wisp_alloc(&a, 1000);
    CHECK(mid && all_zero(mid, 1000), "zeroed: after growth, a new block reads zero");
    /* a block reaching up into what the scratch used */
    size_t rest = sizeof mem - a.used - 8;
    uint8_t *d = wisp_alloc(&a, rest);
    CHECK(d && all_zero(d, rest), "zeroed: the scratch's old bytes read zero again");
    /* never handed out: a second arena's top, after bottom blocks only */
    static uint8_t mem2[1 << 16];
    CHECK(wisp_arena_init_zeroed(&a, mem2, sizeof mem2) == WISP_OK, "zeroed: init again");
    memset(wisp_alloc(&a, 512), 0x11, 512);
    (void)wisp_scratch_alloc(&a, 256);
    wisp_scratch_release(&a, 0);
    CHECK(all_zero(mem2 + 512, sizeof mem2 - 512), "zeroed: bytes never written stay zero");
    /* and fresh bytes are not written at all (the pages stay untouched):
     * marked bytes the arena was told are zero come back as they were */
    static _Alignas(8) uint8_t mem3[1 << 16];
    memset(mem3 + 1024, 0x77, 1024);
    CHECK(wisp_arena_init_zeroed(&a, mem3, sizeof mem3) == WISP_OK, "zeroed: init a third");
    uint8_t *f = wisp_alloc(&a, 4096);
    CHECK(f == mem3 && f[1024] == 0x77 && f[2047] == 0x77,
          "zeroed: bytes handed out the first time are not written");
    memset(mem3 + 1024, 0, 1024);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: grow grow_alt.wasm grow_rollback.wasm grow_multi.wasm\n");
        return 2;
    }
    size_t alt_len, rb_len, multi_len;
    uint8_t *alt = must_read(argv[1], &alt_len), *rb = must_read(argv[2], &rb_len);
    uint8_t *multi = must_read(argv[3], &multi_len);
    test_alternating(alt, alt_len);
    test_rollback(rb, rb_len);
    test_random();
    test_guest(multi, multi_len);
    test_zeroed();
    free(alt);
    free(rb);
    free(multi);
    return CHECK_SUMMARY();
}
