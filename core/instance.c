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
    if (!m)
        return nomem(a, "a memory");
    m->arena = a;
    m->page_log2 = lim->page_log2;
    m->max_pages = lim->has_max ? lim->max : limit;
    m->has_max = lim->has_max;
    uint64_t bytes = (uint64_t)lim->min << lim->page_log2;
    {
        /* never NULL, even for 0 pages: `data + 0` must stay a valid pointer */
        if (bytes > SIZE_MAX || !(m->data = wisp_alloc(a, bytes ? (size_t)bytes : 1)))
            return wisp_arena_fail(a, WISP_ERR_NOMEM, 0,
                                   "arena of %u bytes is too small for a memory of %u pages",
                                   (uint32_t)a->size, lim->min);
    }
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

static bool limits_match(uint32_t have_min, uint32_t have_max, bool have_has_max,
                         const wisp_limits *want)
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

static wisp_err bind_imports(wisp_arena *a, const wisp_module *m, wisp_instance *inst,
                             wisp_resolve_fn resolve, void *ctx)
{
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wisp_import *im = &m->imports[i];
        wisp_import_desc d = {im->module, im->module_len, im->name, im->name_len,
                              (wisp_extern_kind)im->kind};
        wisp_extern x = {0};
        wisp_err e = resolve ? resolve(ctx, &d, &x) : WISP_ERR_NOT_FOUND;
        if (e == WISP_ERR_NOMEM) /* the resolver ran out of arena building it */
            return wisp_arena_fail(a, WISP_ERR_NOMEM, 0, "arena of %u bytes is too small for "
                                   "the import %.*s.%.*s", (uint32_t)a->size, (int)im->module_len,
                                   im->module, (int)im->name_len, im->name);
        if (e != WISP_OK)
            return unlinkable(a, im, "unknown import");
        if (x.kind != (wisp_extern_kind)im->kind || !x.of.func)
            return unlinkable(a, im, "incompatible import type");
        switch (im->kind) {
        case WISP_EXTERN_FUNC: {
            const wisp_functype *want = &m->types[m->funcs[im->index].type];
            if (!wisp_functype_eq(x.of.func->type, want))
                return unlinkable(a, im, "incompatible import type");
            inst->funcs[nf++] = x.of.func;
            break;
        }
        case WISP_EXTERN_TABLE: {
            const wisp_tabledef *want = &m->tables[im->index];
            const wisp_table *t = x.of.table;
            if (t->elem != want->elem ||
                !limits_match(t->size, t->max, t->max != UINT32_MAX, &want->lim))
                return unlinkable(a, im, "incompatible import type");
            inst->tables[nt++] = x.of.table;
            break;
        }
        case WISP_EXTERN_MEMORY: {
            const wisp_memory *mem = x.of.memory;
            if (mem->page_log2 != m->mems[im->index].page_log2 ||
                !limits_match(mem->pages, mem->max_pages, mem->has_max, &m->mems[im->index]))
                return unlinkable(a, im, "incompatible import type");
            inst->mems[nm++] = x.of.memory;
            break;
        }
        case WISP_EXTERN_GLOBAL: {
            const wisp_globaldef *want = &m->globals[im->index];
            if (x.of.global->type != want->type || x.of.global->mut != want->mut)
                return unlinkable(a, im, "incompatible import type");
            inst->globals[ng++] = x.of.global;
            break;
        }
        }
    }
    return WISP_OK;
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
    size_t mark = a->used;
    wisp_config cfg = {0};
    if (config)
        cfg = *config;
    if (!cfg.value_stack_slots)
        cfg.value_stack_slots = WISP_DEFAULT_STACK_SLOTS;
    if (!cfg.call_depth)
        cfg.call_depth = WISP_DEFAULT_CALL_DEPTH;
    if (!cfg.max_memory_pages || cfg.max_memory_pages > WISP_MAX_PAGES)
        cfg.max_memory_pages = WISP_MAX_PAGES;

    /* Stacks no arena could hold are refused before their byte counts can
     * wrap a 32-bit size_t. */
    if (((uint64_t)cfg.call_depth + 1) * sizeof(((wisp_exec *)0)->frames[0]) >= SIZE_MAX ||
        (uint64_t)cfg.value_stack_slots * sizeof(((wisp_exec *)0)->stack[0]) >= SIZE_MAX)
        return nomem(a, "the configured stacks");

    wisp_err e;
    wisp_instance *inst = wisp_alloc(a, sizeof *inst);
    if (!inst)
        return nomem(a, "an instance");
    inst->mod = m;
    inst->arena = a;
    inst->funcs = wisp_alloc(a, (size_t)m->nfuncs * sizeof *inst->funcs);
    inst->tables = wisp_alloc(a, (size_t)m->ntables * sizeof *inst->tables);
    inst->mems = wisp_alloc(a, (size_t)m->nmems * sizeof *inst->mems);
    inst->globals = wisp_alloc(a, (size_t)m->nglobals * sizeof *inst->globals);
    inst->elem_items = wisp_alloc(a, (size_t)m->nelems * sizeof *inst->elem_items);
    inst->elem_len = wisp_alloc(a, (size_t)m->nelems * sizeof *inst->elem_len);
    inst->data_dropped = wisp_alloc(a, m->ndatas);
    wisp_func *own = wisp_alloc(a, (size_t)(m->nfuncs - m->nfunc_imports) * sizeof *own);
    wisp_exec *ex = &inst->exec;
    ex->frames = wisp_alloc(a, ((size_t)cfg.call_depth + 1) * sizeof *ex->frames);
    ex->stack = wisp_alloc(a, (size_t)cfg.value_stack_slots * sizeof *ex->stack);
    if (!inst->funcs || !inst->tables || !inst->mems || !inst->globals || !inst->elem_items ||
        !inst->elem_len || !inst->data_dropped || !own || !ex->frames || !ex->stack) {
        e = nomem(a, "the instance and its stacks");
        goto fail;
    }
    ex->frames_end = ex->frames + cfg.call_depth + 1;
    ex->top = ex->frames;
    ex->trap_frame = ex->frames;
    ex->stack_end = ex->stack + cfg.value_stack_slots;
    ex->sp = ex->stack;
    ex->fuel = INT64_MAX;

    if ((e = bind_imports(a, m, inst, resolve, resolve_ctx)))
        goto fail;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        wisp_func *f = &own[i - m->nfunc_imports];
        f->def = &m->funcs[i];
        f->type = &m->types[m->type_canon[f->def->type]];
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
    a->used = mark;
    return e;
}
