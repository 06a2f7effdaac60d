/* The embedder-facing calls that are thin wrappers over the other files:
 * exports, calls, fuel, traps, host functions, object accessors. */
#include "wisp_int.h"

const char *wisp_err_str(wisp_err e)
{
    switch (e) {
    case WISP_OK: return "ok";
    case WISP_ERR_NOMEM: return "out of arena memory";
    case WISP_ERR_MALFORMED: return "malformed module";
    case WISP_ERR_INVALID: return "invalid module";
    case WISP_ERR_UNSUPPORTED: return "unsupported feature";
    case WISP_ERR_UNLINKABLE: return "unlinkable module";
    case WISP_ERR_TRAP: return "trap";
    case WISP_ERR_NOT_FOUND: return "not found";
    case WISP_ERR_ARG: return "bad argument";
    }
    return "unknown error";
}

wisp_err wisp_instance_export(wisp_instance *inst, const char *name, uint32_t name_len,
                              wisp_extern *out)
{
    const wisp_module *m = inst->mod;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wisp_export *x = &m->exports[i];
        if (x->name_len != name_len || wisp_memcmp(x->name, name, name_len))
            continue;
        out->kind = (wisp_extern_kind)x->kind;
        switch (x->kind) {
        case WISP_EXTERN_FUNC: out->of.func = inst->funcs[x->index]; break;
        case WISP_EXTERN_TABLE: out->of.table = inst->tables[x->index]; break;
        case WISP_EXTERN_MEMORY: out->of.memory = inst->mems[x->index]; break;
        case WISP_EXTERN_GLOBAL: out->of.global = inst->globals[x->index]; break;
        }
        return WISP_OK;
    }
    return WISP_ERR_NOT_FOUND;
}

wisp_err wisp_instance_find_func(wisp_instance *inst, const char *name, wisp_func **out)
{
    wisp_extern x;
    wisp_err e = wisp_instance_export(inst, name, (uint32_t)wisp_strlen(name), &x);
    if (e)
        return e;
    if (x.kind != WISP_EXTERN_FUNC)
        return WISP_ERR_NOT_FOUND;
    *out = x.of.func;
    return WISP_OK;
}

void wisp_func_type(const wisp_func *f, const uint8_t **params, uint32_t *nparams,
                    const uint8_t **results, uint32_t *nresults)
{
    *params = f->type->params;
    *nparams = f->type->nparams;
    *results = f->type->results;
    *nresults = f->type->nresults;
}

wisp_err wisp_func_call(wisp_instance *inst, wisp_func *f, const wisp_value *args, uint32_t nargs,
                        wisp_value *results, uint32_t nresults)
{
    if (!inst || !f)
        return WISP_ERR_ARG;
    return wisp_exec_call(inst, f, args, nargs, results, nresults);
}

void wisp_instance_set_fuel(wisp_instance *inst, int64_t fuel)
{
    inst->exec.fuel = fuel < 0 ? INT64_MAX : fuel;
}

void wisp_instance_stack_use(const wisp_instance *inst, uint32_t *slots, uint32_t *frames)
{
    const wisp_exec *ex = &inst->exec;
    const wisp_cell *c = ex->stack_end;
    while (c > ex->stack && c[-1].i64 == 0)
        c--;
    *slots = (uint32_t)(c - ex->stack);
    const wisp_frame *f = ex->frames_end;
    while (f > ex->frames + 1 && !f[-1].func)
        f--;
    *frames = (uint32_t)(f - ex->frames - 1); /* frames[0] is the sentinel */
}

/* -1: unlimited, or fuel compiled out (-Dfuel=false) */
int64_t wisp_instance_fuel(const wisp_instance *inst)
{
#if WISP_FUEL
    return inst->exec.fuel == INT64_MAX ? -1 : inst->exec.fuel;
#else
    (void)inst;
    return -1;
#endif
}

wisp_err wisp_instance_resume(wisp_instance *inst, wisp_value *results, uint32_t nresults)
{
    return wisp_exec_resume(inst, results, nresults);
}

void wisp_instance_trap(const wisp_instance *inst, wisp_trap_info *out)
{
    out->kind = inst->exec.trap;
    out->message = inst->exec.trap_msg ? inst->exec.trap_msg : "no trap";
    out->exit_code = inst->exec.exit_code;
    wisp_trap_access(&inst->exec, out);
}

wisp_err wisp_host_trap(wisp_instance *caller, const char *message)
{
    caller->host_trap = WISP_TRAP_HOST;
    caller->host_msg = message;
    return WISP_ERR_TRAP;
}

wisp_err wisp_host_exit(wisp_instance *caller, int32_t code)
{
    caller->host_trap = WISP_TRAP_EXIT;
    caller->host_msg = "exit";
    caller->host_exit = code;
    return WISP_ERR_TRAP;
}

/* A value type a host function may take: fn32's, i32 and f32 only. */
static bool host_type(uint8_t t, bool fn32)
{
    return fn32 ? t == WISP_I32 || t == WISP_F32 : wisp_is_valtype(t);
}

static wisp_err new_host(wisp_arena *a, const uint8_t *params, uint32_t nparams,
                         const uint8_t *results, uint32_t nresults, wisp_host_fn fn,
                         wisp_host32_fn fn32, void *user, const char *debug_name, wisp_func **out)
{
    if (!a || !(fn || fn32) || !out || (nparams && !params) || (nresults && !results))
        return WISP_ERR_ARG;
    for (uint32_t i = 0; i < nparams; i++)
        if (!host_type(params[i], fn32 != 0))
            return WISP_ERR_ARG;
    for (uint32_t i = 0; i < nresults; i++)
        if (!host_type(results[i], fn32 != 0))
            return WISP_ERR_ARG;
    wisp_func *f = wisp_alloc(a, sizeof *f);
    wisp_functype *t = wisp_alloc(a, sizeof *t);
    uint8_t *types = wisp_alloc(a, (size_t)nparams + nresults);
    if (!f || !t || !types)
        return wisp_arena_fail(a, WISP_ERR_NOMEM, 0, "arena too small for a host function");
    wisp_memcpy(types, params, nparams);
    wisp_memcpy(types + nparams, results, nresults);
    t->params = types;
    t->nparams = nparams;
    t->results = types + nparams;
    t->nresults = nresults;
    wisp_functype_slots(t);
    f->type = t;
    f->host = fn;
    f->host32 = fn32;
    f->user = user;
    f->name = debug_name;
    *out = f;
    return WISP_OK;
}

wisp_err wisp_func_new_host(wisp_arena *a, const uint8_t *params, uint32_t nparams,
                            const uint8_t *results, uint32_t nresults, wisp_host_fn fn,
                            void *user, const char *debug_name, wisp_func **out)
{
    return new_host(a, params, nparams, results, nresults, fn, 0, user, debug_name, out);
}

wisp_err wisp_func_new_host32(wisp_arena *a, const uint8_t *params, uint32_t nparams,
                              const uint8_t *results, uint32_t nresults, wisp_host32_fn fn,
                              void *user, const char *debug_name, wisp_func **out)
{
    return new_host(a, params, nparams, results, nresults, 0, fn, user, debug_name, out);
}

wisp_err wisp_instance_memory(wisp_instance *inst, uint32_t index, wisp_memory **out)
{
    if (index >= inst->mod->nmems)
        return WISP_ERR_NOT_FOUND;
    *out = inst->mems[index];
    return WISP_OK;
}

uint8_t *wisp_memory_data(const wisp_memory *mem) { return mem->data; }
size_t wisp_memory_size(const wisp_memory *mem) { return (size_t)mem->size; }

wisp_err wisp_global_get(const wisp_global *g, wisp_value *out)
{
    *out = g->val;
    wisp_value_clean(out, g->type);
    return WISP_OK;
}

wisp_type wisp_global_type(const wisp_global *g) { return (wisp_type)g->type; }

uint32_t wisp_instance_memory_count(const wisp_instance *inst) { return inst->mod->nmems; }
uint32_t wisp_instance_global_count(const wisp_instance *inst) { return inst->mod->nglobals; }
const wisp_module *wisp_instance_module(const wisp_instance *inst) { return inst->mod; }

wisp_err wisp_instance_global(wisp_instance *inst, uint32_t index, wisp_global **out)
{
    if (index >= inst->mod->nglobals)
        return WISP_ERR_NOT_FOUND;
    *out = inst->globals[index];
    return WISP_OK;
}

void wisp_memory_limits(const wisp_memory *mem, uint32_t *pages, uint32_t *max_pages, bool *has_max)
{
    *pages = mem->pages;
    *max_pages = mem->max_pages;
    *has_max = mem->has_max;
}

bool wisp_global_mutable(const wisp_global *g) { return g->mut; }

uint32_t wisp_memory_page_size(const wisp_memory *mem) { return 1u << mem->page_log2; }
