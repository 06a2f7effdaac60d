/* Instantiation: bind imports, build the instance's functions, tables,
 * memories and globals in the arena, run the segments and the start
 * function. Also the growable objects (memory.grow, table.grow). */
#include "wisp_int.h"

static wisp_err nomem(wisp_arena *a, const char *what)
{
    return wisp_arena_fail(a, WISP_ERR_NOMEM, 0, "arena of %u bytes is too small for %s",
                           (uint32_t)a->size, what);
}

/* ---- objects ---- */

/* The most pages a memory of this page size can have (4 GiB in all). */
static uint32_t page_limit(uint8_t log2) { return log2 ? WISP_MAX_PAGES : UINT32_MAX; }

wisp_err wisp_memory_create(wisp_arena *a, const wisp_limits *lim, wisp_memory **out)
{
    uint32_t limit = page_limit(lim->page_log2);
    if (lim->min > limit || (lim->has_max && (lim->max < lim->min || lim->max > limit)))
        return WISP_ERR_ARG;
    wisp_memory *m = wisp_alloc(a, sizeof *m);
    uint64_t bytes = (uint64_t)lim->min << lim->page_log2;
    /* data is never NULL, even for 0 pages (wisp_alloc gives 8 bytes):
     * `data + 0` must stay a valid pointer */
    if (!m || bytes > SIZE_MAX || !(m->data = wisp_alloc(a, (size_t)bytes)))
        return wisp_arena_fail(a, WISP_ERR_NOMEM, 0,
                               "arena of %u bytes is too small for a memory of %u pages",
                               (uint32_t)a->size, lim->min);
    m->arena = a;
    m->page_log2 = lim->page_log2;
    m->max_pages = lim->has_max ? lim->max : limit;
    m->has_max = lim->has_max;
    m->pages = lim->min;
    m->size = bytes;
    *out = m;
    return WISP_OK;
}

wisp_err wisp_memory_new(wisp_arena *a, uint32_t min, uint32_t max, bool has_max,
                         wisp_memory **out)
{
    if (!a || !out)
        return WISP_ERR_ARG;
    wisp_limits lim = {min, max, has_max, 16};
    return wisp_memory_create(a, &lim, out);
}

wisp_err wisp_memory_grow(wisp_memory *m, uint32_t delta, uint32_t *old_pages)
{
    *old_pages = m->pages;
    if (delta == 0)
        return WISP_OK;
    if (delta > m->max_pages - m->pages)
        return WISP_ERR_NOMEM;
    uint64_t new_size = (uint64_t)(m->pages + delta) << m->page_log2;
    if (new_size > SIZE_MAX)
        return WISP_ERR_NOMEM;
    void *p = m->data;
    TRY(wisp_realloc(m->arena, &p, (size_t)m->size, (size_t)new_size));
    m->data = p;
    m->pages += delta;
    m->size = new_size;
    return WISP_OK;
}

wisp_err wisp_table_new(wisp_arena *a, wisp_type elem, uint32_t min, uint32_t max, bool has_max,
                        wisp_table **out)
{
    if (!a || !out || !wisp_is_reftype((uint8_t)elem) || (has_max && max < min))
        return WISP_ERR_ARG;
    if (min > WISP_MAX_TABLE)
        return wisp_arena_fail(a, WISP_ERR_NOMEM, 0, "table of %u elements is too large", min);
    wisp_table *t = wisp_alloc(a, sizeof *t);
    if (!t || !(t->elems = wisp_alloc(a, (size_t)min * sizeof(uintptr_t))))
        return nomem(a, "a table");
    t->arena = a;
    t->elem = (uint8_t)elem;
    t->size = min;
    t->max = has_max ? max : UINT32_MAX;
    *out = t;
    return WISP_OK;
}

wisp_err wisp_table_grow(wisp_table *t, uint32_t delta, uintptr_t init, uint32_t *old_size)
{
    *old_size = t->size;
    if (delta == 0)
        return WISP_OK;
    if (delta > t->max - t->size || t->size + delta > WISP_MAX_TABLE)
        return WISP_ERR_NOMEM;
    void *p = t->elems;
    TRY(wisp_realloc(t->arena, &p, (size_t)t->size * sizeof(uintptr_t),
                     (size_t)(t->size + delta) * sizeof(uintptr_t)));
    t->elems = p;
    for (uint32_t i = t->size; i < t->size + delta; i++)
        t->elems[i] = init;
    t->size += delta;
    return WISP_OK;
}

wisp_err wisp_global_new(wisp_arena *a, wisp_type type, bool mutable_, wisp_value v,
                         wisp_global **out)
{
    if (!a || !out || !wisp_is_valtype((uint8_t)type))
        return WISP_ERR_ARG;
    wisp_global *g = wisp_alloc(a, sizeof *g);
    if (!g)
        return nomem(a, "a global");
    g->type = (uint8_t)type;
    g->mut = mutable_;
    g->val = v;
    *out = g;
    return WISP_OK;
}

/* ---- instantiation ---- */

/* noinline: one copy for tables and memories (-Os would inline two) */
__attribute__((noinline)) static bool limits_match(uint32_t have_min, uint32_t have_max,
                                                   bool have_has_max, const wisp_limits *want)
{
    if (have_min < want->min)
        return false;
    if (want->has_max && (!have_has_max || have_max > want->max))
        return false;
    return true;
}

static wisp_err unlinkable(wisp_arena *a, const wisp_import *im, const char *why)
{
    return wisp_arena_fail(a, WISP_ERR_UNLINKABLE, 0, "%s: %.*s.%.*s", why, (int)im->module_len,
                           im->module, (int)im->name_len, im->name);
}

/* Resolves every import into ext[] and checks its type; allocates nothing
 * itself, so it runs before wisp_instance_create takes its rollback mark.
 * After a failure the resolver still sees the other imports (so it can
 * list every missing one); the first failure is the error. */
static wisp_err resolve_imports(wisp_arena *a, const wisp_module *m, wisp_extern *ext,
                                wisp_resolve_fn resolve, void *ctx)
{
    wisp_err first = WISP_OK;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wisp_import *im = &m->imports[i];
        wisp_import_desc d = {im->module, im->module_len, im->name, im->name_len,
                              (wisp_extern_kind)im->kind};
        wisp_extern *x = &ext[i];
        wisp_err e = resolve ? resolve(ctx, &d, x) : WISP_ERR_NOT_FOUND;
        if (e == WISP_ERR_NOMEM) /* the resolver ran out of arena building it */
            return wisp_arena_fail(a, WISP_ERR_NOMEM, 0, "arena of %u bytes is too small for "
                                   "the import %.*s.%.*s", (uint32_t)a->size, (int)im->module_len,
                                   im->module, (int)im->name_len, im->name);
        bool ok = e == WISP_OK && x->kind == (wisp_extern_kind)im->kind && x->of.func;
        switch (ok ? im->kind : 0xffu) { /* the type of what it gave */
        case WISP_EXTERN_FUNC:
            ok = wisp_functype_eq(x->of.func->type, &m->types[m->funcs[im->index].type]);
            break;
        case WISP_EXTERN_TABLE: {
            const wisp_tabledef *want = &m->tables[im->index];
            const wisp_table *t = x->of.table;
            ok = t->elem == want->elem &&
                 limits_match(t->size, t->max, t->max != UINT32_MAX, &want->lim);
            break;
        }
        case WISP_EXTERN_MEMORY: {
            const wisp_memory *mem = x->of.memory;
            ok = mem->page_log2 == m->mems[im->index].page_log2 &&
                 limits_match(mem->pages, mem->max_pages, mem->has_max, &m->mems[im->index]);
            break;
        }
        case WISP_EXTERN_GLOBAL: {
            const wisp_globaldef *want = &m->globals[im->index];
            ok = x->of.global->type == want->type && x->of.global->mut == want->mut;
            break;
        }
        default: /* not resolved, or of another kind */
            break;
        }
        if (!ok && !first)
            first = unlinkable(a, im, e ? "unknown import" : "incompatible import type");
    }
    return first;
}

/* Element segment items become refs once, at instantiation. */
static wisp_err eval_elems(wisp_arena *a, const wisp_module *m, wisp_instance *inst)
{
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wisp_elemseg *s = &m->elems[i];
        uintptr_t *items = wisp_alloc(a, (size_t)s->count * sizeof(uintptr_t));
        if (!items)
            return nomem(a, "element segments");
        wisp_reader r = {m->bytes, m->bytes + s->items_off, m->bytes + m->len, NULL};
        for (uint32_t k = 0; k < s->count; k++) {
            if (s->exprs) {
                items[k] = wisp_const_eval_at(inst, &r).ref;
            } else {
                uint32_t f;
                rd_u32(&r, &f);
                items[k] = (uintptr_t)inst->funcs[f];
            }
        }
        inst->elem_items[i] = items;
        inst->elem_len[i] = s->count;
    }
    return WISP_OK;
}

static wisp_err run_segments(wisp_instance *inst)
{
    const wisp_module *m = inst->mod;
    wisp_exec *ex = &inst->exec;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wisp_elemseg *s = &m->elems[i];
        if (s->mode == SEG_PASSIVE)
            continue;
        if (s->mode == SEG_ACTIVE) {
            wisp_table *t = inst->tables[s->table];
            uint32_t off = (uint32_t)wisp_const_eval(inst, s->offset_off).i32;
            if ((uint64_t)off + s->count > t->size)
                return wisp_trap(ex, WISP_TRAP_TABLE_OOB, NULL);
            wisp_memcpy(t->elems + off, inst->elem_items[i], (size_t)s->count * sizeof(uintptr_t));
        }
        inst->elem_len[i] = 0; /* active and declarative segments are dropped */
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const wisp_dataseg *d = &m->datas[i];
        if (d->mode != SEG_ACTIVE)
            continue;
        wisp_memory *mem = inst->mems[d->mem];
        uint32_t off = (uint32_t)wisp_const_eval(inst, d->offset_off).i32;
        if ((uint64_t)off + d->len > mem->size)
            return wisp_trap(ex, WISP_TRAP_MEMORY_OOB, NULL);
        wisp_memcpy(mem->data + off, m->bytes + d->data_off, d->len);
        inst->data_dropped[i] = 1;
    }
    return WISP_OK;
}

wisp_err wisp_instance_create(wisp_arena *a, const wisp_module *m, const wisp_config *config,
                              wisp_resolve_fn resolve, void *resolve_ctx, wisp_instance **out)
{
    if (!a || !m || !out)
        return WISP_ERR_ARG;
    *out = NULL;
    a->error[0] = 0;
    wisp_config cfg = {0};
    if (config)
        cfg = *config;
    if (!cfg.value_stack_slots)
        cfg.value_stack_slots = WISP_DEFAULT_STACK_SLOTS;
    if (!cfg.call_depth)
        cfg.call_depth = WISP_DEFAULT_CALL_DEPTH;
    if (!cfg.max_memory_pages || cfg.max_memory_pages > WISP_MAX_PAGES)
        cfg.max_memory_pages = WISP_MAX_PAGES;

    /* The resolver runs first, its results in scratch, and the rollback
     * mark comes after it: what it builds in this arena survives a failed
     * instantiation (a resolver may cache it for the next attempt). */
    wisp_err e;
    size_t smark = a->scratch, mark;
    wisp_extern *ext = wisp_scratch_alloc(a, (size_t)m->nimports * sizeof *ext);
    if (!ext) {
        e = nomem(a, "the imports");
        goto release;
    }
    if ((e = resolve_imports(a, m, ext, resolve, resolve_ctx)))
        goto release;
    mark = a->used;

    /* One block: the instance, its stacks, its functions and arrays (the
     * 8-aligned parts first). The stacks are counted in 64 bits, so sizes
     * no arena could hold are refused before a 32-bit size_t wraps; the
     * rest cannot wrap: the module's arrays of the same counts, already in
     * the arena, are larger. */
    size_t nown = m->nfuncs - m->nfunc_imports;
    const uint64_t slot_bytes = (uint64_t)cfg.value_stack_slots * sizeof(wisp_cell);
    /* (wisp_config.h WISP_STACK_SKEW; slot_bytes and the skew are multiples of 8) */
    const uint64_t skew = WISP_STACK_SKEW ? (WISP_STACK_SKEW + 4096u - slot_bytes % 4096u) % 4096u : 0;
    uint64_t stacks = slot_bytes + skew + ((uint64_t)cfg.call_depth + 1) * sizeof(wisp_frame);
    size_t bytes = sizeof(wisp_instance) + nown * sizeof(wisp_func) +
                   ((size_t)m->nfuncs + m->ntables + m->nmems + m->nglobals + m->nelems) *
                       sizeof(void *) +
                   (size_t)m->nelems * sizeof(uint32_t) + m->ndatas;
    wisp_instance *inst;
    if (stacks > SIZE_MAX - bytes || !(inst = wisp_alloc(a, bytes + (size_t)stacks))) {
        e = nomem(a, "the instance and its stacks");
        goto fail;
    }
    inst->mod = m;
    inst->arena = a;
    wisp_exec *ex = &inst->exec;
    ex->stack = ex->sp = (wisp_cell *)(inst + 1);
    ex->stack_end = ex->stack + cfg.value_stack_slots;
    ex->frames = ex->top = ex->trap_frame = (wisp_frame *)((uint8_t *)ex->stack_end + skew);
    ex->frames_end = ex->frames + cfg.call_depth + 1;
    ex->fuel = INT64_MAX;
    wisp_func *own = (wisp_func *)ex->frames_end;
    uint8_t *q = (uint8_t *)(own + nown);
    inst->funcs = (void *)q;
    q += (size_t)m->nfuncs * sizeof(void *);
    inst->tables = (void *)q;
    q += (size_t)m->ntables * sizeof(void *);
    inst->mems = (void *)q;
    q += (size_t)m->nmems * sizeof(void *);
    inst->globals = (void *)q;
    q += (size_t)m->nglobals * sizeof(void *);
    inst->elem_items = (void *)q;
    q += (size_t)m->nelems * sizeof(void *);
    inst->elem_len = (void *)q;
    inst->data_dropped = q + (size_t)m->nelems * sizeof(uint32_t);

    wisp_func **fi = inst->funcs;
    wisp_table **ti = inst->tables;
    wisp_memory **mi = inst->mems;
    wisp_global **gi = inst->globals;
    for (const wisp_extern *x = ext; x < ext + m->nimports; x++) {
        switch (x->kind) {
        case WISP_EXTERN_FUNC: *fi++ = x->of.func; break;
        case WISP_EXTERN_TABLE: *ti++ = x->of.table; break;
        case WISP_EXTERN_MEMORY: *mi++ = x->of.memory; break;
        default: *gi++ = x->of.global; break;
        }
    }
    wisp_scratch_release(a, smark);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        wisp_func *f = &own[i - m->nfunc_imports];
        f->def = &m->funcs[i];
        f->type_canon = m->type_canon[f->def->type];
        f->type = &m->types[f->type_canon];
        f->mod = m;
        f->inst = inst;
        f->index = i;
        inst->funcs[i] = f;
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        const wisp_tabledef *t = &m->tables[i];
        if ((e = wisp_table_new(a, (wisp_type)t->elem, t->lim.min, t->lim.max, t->lim.has_max,
                                &inst->tables[i])))
            goto fail;
    }
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        const wisp_globaldef *g = &m->globals[i];
        wisp_global *gl = wisp_alloc(a, sizeof *gl);
        if (!gl) {
            e = nomem(a, "globals");
            goto fail;
        }
        gl->type = g->type;
        gl->mut = g->mut;
        gl->val = wisp_const_eval(inst, g->init_off);
        inst->globals[i] = gl;
    }
    if ((e = eval_elems(a, m, inst)))
        goto fail;
    /* memories last: the last one can then grow in place */
    for (uint32_t i = m->nmem_imports; i < m->nmems; i++) {
        wisp_limits l = m->mems[i];
        /* the embedder's cap is in 64 KiB pages; convert to this memory's */
        uint64_t cap = (uint64_t)cfg.max_memory_pages << (16 - l.page_log2);
        uint32_t max = l.has_max ? l.max : page_limit(l.page_log2);
        if (max > cap)
            max = cap < l.min ? l.min : (uint32_t)cap;
        bool declared = l.has_max;
        l.max = max;
        l.has_max = true;
        if ((e = wisp_memory_create(a, &l, &inst->mems[i])))
            goto fail;
        inst->mems[i]->has_max = declared; /* the cap is ours, not the module's */
    }
    /* from here the instance exists: a trap leaves the segments' effects
     * on imported tables and memories in place, as the spec says */
    *out = inst;
    if ((e = run_segments(inst)))
        return e;
    if (m->start >= 0)
        return wisp_exec_call(inst, inst->funcs[m->start], NULL, 0, NULL, 0);
    return WISP_OK;
fail:
    /* only this call's own allocations go: the resolver's lie below `mark`,
     * and nothing here grows a block, so no hole lies above it */
    a->used = mark;
release:
    wisp_scratch_release(a, smark);
    return e;
}
