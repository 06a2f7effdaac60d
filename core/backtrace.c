/* The trap-time walk. Nothing is recorded while running: the frame stack
 * already holds each activation's function, frame base and return point,
 * and the Wasm offset and operand stack of a position are found by
 * translating that one function again, dry (translate.c, wisp_locate). */
#include "wisp_int.h"

#if WISP_TRAP_INFO

static bool host_on_top(const wisp_exec *ex)
{
    const wisp_func *f = ex->trap_callee;
    return ex->trap_in_call && f && !f->def;
}

uint32_t wisp_backtrace_count(const wisp_instance *inst)
{
    const wisp_exec *ex = &inst->exec;
    if (ex->trap == WISP_TRAP_NONE || !ex->trap_frame)
        return 0;
    return (uint32_t)(ex->trap_frame - ex->frames) + host_on_top(ex);
}

/* The wasm activation behind API frame index i, and whether its ip is a
 * return point (it was calling out) rather than the trapping instruction. */
static const wisp_frame *wasm_frame(const wisp_exec *ex, uint32_t i, bool *at_call)
{
    if (host_on_top(ex)) {
        if (i == 0)
            return NULL;
        i--;
    }
    *at_call = i > 0 || ex->trap_in_call;
    return ex->trap_frame - i;
}

static wisp_locate *locate(wisp_instance *inst, uint32_t i, const wisp_frame *fr, bool at_call)
{
    wisp_exec *ex = &inst->exec;
    if (ex->bt_cached && ex->bt_index == i)
        return &ex->bt;
    const wisp_funcdef *d = fr->func->def;
    wisp_locate *l = &ex->bt;
    l->want = (uint32_t)(fr->ip - d->code);
    l->want_end = at_call;
    l->nstack = l->stack_first = 0;
    l->wasm_off = 0;
    const wisp_module *m = fr->func->inst->mod;
    /* keep the arena's last error: a trap is not a load failure */
    wisp_arena *a = fr->func->inst->arena;
    char saved[sizeof a->error];
    wisp_memcpy(saved, a->error, sizeof saved);
    if (wisp_translate_locate(a, m, fr->func->index, l) != WISP_OK || !l->found) {
        l->wasm_off = 0;
        l->nstack = l->stack_first = 0;
    }
    wisp_memcpy(a->error, saved, sizeof saved);
    ex->bt_cached = true;
    ex->bt_index = i;
    return l;
}

wisp_err wisp_backtrace_frame(wisp_instance *inst, uint32_t i, wisp_frame_info *out)
{
    wisp_exec *ex = &inst->exec;
    if (i >= wisp_backtrace_count(inst))
        return WISP_ERR_NOT_FOUND;
    wisp_memset(out, 0, sizeof *out);
    bool at_call;
    const wisp_frame *fr = wasm_frame(ex, i, &at_call);
    if (!fr) {
        out->host_name = ex->trap_callee->name ? ex->trap_callee->name : "host";
        return WISP_OK;
    }
    const wisp_func *f = fr->func;
    const wisp_locate *l = locate(inst, i, fr, at_call);
    out->module = f->inst->mod;
    out->instance = f->inst;
    out->func_index = f->index;
    out->module_offset = l->wasm_off;
    out->code_offset = l->wasm_off ? l->wasm_off - f->def->body_off : 0;
    out->nlocals = f->def->nlocals;
    out->nstack = l->nstack;
    out->tail_called = !fr->entered;
    return WISP_OK;
}

/* The type of local `index` and its slot: parameters, then the body's
 * declarations; a v128 takes two slots. 0 if the body cannot be read. */
static uint8_t local_type(const wisp_func *f, uint32_t index, uint32_t *slot)
{
    const wisp_functype *t = f->type;
    uint32_t s = 0;
    for (uint32_t i = 0; i < t->nparams; i++) {
        if (i == index) {
            *slot = s;
            return t->params[i];
        }
        s += wisp_type_slots(t->params[i]);
    }
    const wisp_module *m = f->inst->mod;
    const uint8_t *body = m->bytes + f->def->body_off;
    wisp_reader r = {m->bytes, body, body + f->def->body_len, NULL};
    uint32_t runs, k = t->nparams;
    if (rd_u32(&r, &runs))
        return 0;
    for (uint32_t i = 0; i < runs; i++) {
        uint32_t n;
        uint8_t ty;
        if (rd_u32(&r, &n) || rd_u8(&r, &ty))
            return 0;
        if (index - k < n) {
            *slot = s + (index - k) * wisp_type_slots(ty);
            return ty;
        }
        k += n;
        s += n * wisp_type_slots(ty);
    }
    return 0;
}

static void slot_value(const wisp_cell *s, uint8_t type, wisp_value *v)
{
    v->v128[1] = 0;
    v->i64 = s[0].i64;
    if (type == WISP_V128)
        v->v128[1] = (uint64_t)s[1].i64;
    wisp_value_clean(v, type);
}

wisp_err wisp_backtrace_local(wisp_instance *inst, uint32_t i, uint32_t index, wisp_type *type,
                              wisp_value *value)
{
    if (i >= wisp_backtrace_count(inst))
        return WISP_ERR_NOT_FOUND;
    bool at_call;
    const wisp_frame *fr = wasm_frame(&inst->exec, i, &at_call);
    if (!fr || index >= fr->func->def->nlocals)
        return WISP_ERR_NOT_FOUND;
    uint32_t slot = 0;
    uint8_t t = local_type(fr->func, index, &slot);
    if (!t)
        return WISP_ERR_NOT_FOUND;
    *type = (wisp_type)t;
    slot_value(fr->fp + slot, t, value);
    return WISP_OK;
}

wisp_err wisp_backtrace_stack(wisp_instance *inst, uint32_t i, uint32_t index, wisp_type *type,
                              wisp_value *value)
{
    if (i >= wisp_backtrace_count(inst))
        return WISP_ERR_NOT_FOUND;
    bool at_call;
    const wisp_frame *fr = wasm_frame(&inst->exec, i, &at_call);
    if (!fr)
        return WISP_ERR_NOT_FOUND;
    const wisp_locate *l = locate(inst, i, fr, at_call);
    /* entries below the kept window are unknown */
    if (index >= l->nstack || index < l->stack_first)
        return WISP_ERR_NOT_FOUND;
    const uint32_t k = index - l->stack_first;
    *type = (wisp_type)l->stack[k].type;
    if (l->stack[k].is_const) {
        value->v128[1] = 0;
        value->i64 = (int64_t)l->stack[k].imm;
    } else {
        slot_value(fr->fp + l->stack[k].slot, l->stack[k].type, value);
    }
    return WISP_OK;
}

#else
/* WISP_TRAP_INFO=0 (meson -Dtrap_info=false): the build `make bench` runs
 * beside the default one to measure what backtraces cost while running. */
uint32_t wisp_backtrace_count(const wisp_instance *inst)
{
    (void)inst;
    return 0;
}

wisp_err wisp_backtrace_frame(wisp_instance *inst, uint32_t i, wisp_frame_info *out)
{
    (void)inst, (void)i, (void)out;
    return WISP_ERR_UNSUPPORTED;
}

wisp_err wisp_backtrace_local(wisp_instance *inst, uint32_t i, uint32_t index, wisp_type *type,
                              wisp_value *value)
{
    (void)inst, (void)i, (void)index, (void)type, (void)value;
    return WISP_ERR_UNSUPPORTED;
}

wisp_err wisp_backtrace_stack(wisp_instance *inst, uint32_t i, uint32_t index, wisp_type *type,
                              wisp_value *value)
{
    (void)inst, (void)i, (void)index, (void)type, (void)value;
    return WISP_ERR_UNSUPPORTED;
}
#endif
