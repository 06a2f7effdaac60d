/* The trap-time walk. Nothing is recorded while running: the frame stack
 * already holds each activation's function, frame base and return point,
 * and the Wasm offset and operand stack of a position are found by
 * translating that one function again, dry (translate.c, wisp_locate). */
#include "wisp_int.h"
#include "opcodes.h"
#include "opinfo.h"
#include "simd.h"

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
    slot_value(wisp_frame_fp(fr) + slot, t, value);
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
        slot_value(wisp_frame_fp(fr) + l->stack[k].slot, l->stack[k].type, value);
    }
    return WISP_OK;
}

/* ---- the access an out-of-bounds trap was making ------------------------
 * Read back from the trapping instruction: its operand slots still hold
 * what it read (a fused add's result is stored in its home slot on the way
 * to the trap, interp.c oob_add), and its offset word holds offset + size.
 * The hot path records nothing. */

/* log2 of the bytes each plain load or store moves, from OP_I32_LOAD on
 * (WISP_MEMOPS' natural alignment); the fused forms name their plain one. */
static const uint8_t plain_log2[] = {
#define X(name, opc, align, type) align,
    WISP_MEMOPS(X)
#undef X
};
#define PLAIN_(name, base) OP_##base - OP_I32_LOAD,
static const uint8_t add_plain[] = {WISP_MEMADD(PLAIN_)}; /* from OP_I32_LOAD_ADD */
static const uint8_t idx_plain[] = {WISP_MEMIDX(PLAIN_)}; /* from OP_I32_LOAD_IDX */
#if !WISP_COMPACT
static const uint8_t shl_plain[] = {WISP_MEMSHL(PLAIN_)}; /* from OP_I32_LOAD_SHL */
static const uint8_t abs_plain[] = {WISP_MEMABS(PLAIN_)}; /* from OP_I32_LOAD_ABS */
#endif
#undef PLAIN_
#define IN_LIST(op, first, list) ((op) - (uint32_t)(first) < sizeof(list))
_Static_assert(WISP_ACCESS_COPY_FROM == WISP_ACCESS_COPY_TO + 1 &&
               WISP_ACCESS_INIT_FROM == WISP_ACCESS_INIT_TO + 1, "a _FROM follows its _TO");

/* The opcode of an instruction's first code word (direct threading stores
 * its handler; in the compact build aliases share one, the first of them
 * in numbering order has the same operands and size). */
static uint32_t word_op(uint32_t word)
{
    const void *const *h = wisp_handlers();
    if (!h)
        return word;
    for (uint32_t op = 0; op < (WISP_SIMD ? (uint32_t)OP_SIMD__END : (uint32_t)OP__COUNT); op++)
        if (wisp_op_word(h, op) == word)
            return wisp_op_unpaired(op);
    return UINT32_MAX;
}

#if WISP_ACC
/* An accumulator form has its plain op's operands, word for word. */
static uint32_t plain_form(uint32_t op)
{
    switch (op) {
#define X(name, base, ...) case OP_##name: return OP_##base;
        WISP_ACCOPS(X)
        WISP_ACCOPS_B(X)
#undef X
    default: return op;
    }
}
#endif

void wisp_trap_access(const wisp_exec *ex, wisp_trap_info *out)
{
    out->access = WISP_ACCESS_NONE;
    out->memory = 0;
    out->address = out->length = out->memory_size = 0;
    const wisp_frame *fr = ex->trap_frame;
    /* (frames[0] is a sentinel: a trap with no wasm frame, e.g. a data segment) */
    if (ex->trap != WISP_TRAP_MEMORY_OOB || !fr || fr <= ex->frames || ex->trap_in_call ||
        !fr->func || !fr->func->def || !fr->ip)
        return;
    const wisp_instance *inst = fr->func->inst;
    const uint32_t *ip = fr->ip;
    const wisp_cell *fp = wisp_frame_fp(fr);
#define SLOT32(k) ((uint64_t)(uint32_t)fp[wisp_slot_index(ip[k])].i32)
    uint32_t op = word_op(ip[0]), plain, mem = 0;
    uint64_t ea, len, size;
    wisp_access_kind kind;
#if WISP_SIMD
    if (op == OP_V128_LOAD && wisp_handlers()) /* the shared handler: the opcode follows */
        op = *++ip;
    if (op >= OP_V128_LOAD && op < OP_SIMD__END) {
        uint32_t width;
        bool store;
        if (!wisp_simd_access(ip, fp, &mem, &ea, &width, &store))
            return;
        len = width;
        kind = store ? WISP_ACCESS_STORE : WISP_ACCESS_LOAD;
        goto check;
    }
#endif
#if WISP_ACC
    op = plain_form(op);
#endif
    /* a load or store: the end word is offset + size, what it adds to */
    if (op - (uint32_t)OP_I32_LOAD <= (uint32_t)(OP_I64_STORE32 - OP_I32_LOAD)) {
        plain = op - OP_I32_LOAD; /* "d addr end" / "addr value end" */
        ea = SLOT32(op >= OP_I32_STORE ? 1 : 2) + ip[3];
#if !WISP_COMPACT
    } else if (op == OP_BR_TABLE_LOAD8_U_ADD) { /* its byte load, as I32_LOAD8_U_ADD */
        plain = OP_I32_LOAD8_U - OP_I32_LOAD;
        ea = SLOT32(5) + ip[4];
    } else if (op == OP_I32_LOAD_ADD_KEEP) { /* as I32_LOAD_ADD */
        plain = 0;
        ea = SLOT32(5) + ip[4];
#endif
    } else if (IN_LIST(op, OP_I32_LOAD_ADD, add_plain)) { /* a + imm, in the home slot ip[5] */
        plain = add_plain[op - OP_I32_LOAD_ADD];
        ea = SLOT32(5) + ip[4];
    } else if (IN_LIST(op, OP_I32_LOAD_IDX, idx_plain)) { /* a + b, the same */
        plain = idx_plain[op - OP_I32_LOAD_IDX];
        ea = SLOT32(5) + ip[4];
    } else if (op == OP_I32_STORE_ADD_K || op == OP_I32_STORE8_ADD_K ||
               op == OP_I32_STORE_IDX_K || op == OP_I32_STORE8_IDX_K) {
        plain = op == OP_I32_STORE_ADD_K || op == OP_I32_STORE_IDX_K ? OP_I32_STORE - OP_I32_LOAD
                                                                   : OP_I32_STORE8 - OP_I32_LOAD;
        ea = SLOT32(5) + ip[4];
#if !WISP_COMPACT
    } else if (IN_LIST(op, OP_I32_LOAD_SHL, shl_plain)) { /* home ip[6], end ip[5] */
        plain = shl_plain[op - OP_I32_LOAD_SHL];
        ea = SLOT32(6) + ip[5];
    } else if (IN_LIST(op, OP_I32_LOAD_ABS, abs_plain)) { /* "d end" / "value end" */
        plain = abs_plain[op - OP_I32_LOAD_ABS];
        ea = ip[2];
#endif
    } else if (op == OP_LOAD_MEM || op == OP_STORE_MEM) { /* addr + offset, memory, the op */
        plain = ip[5] - OP_I32_LOAD;
        if (plain > (uint32_t)(OP_I64_STORE32 - OP_I32_LOAD))
            return;
        mem = ip[4];
        ea = SLOT32(op == OP_LOAD_MEM ? 2 : 1) + ip[3] + (1u << plain_log2[plain]);
    } else {
        /* bulk: the destination range, and if that fits the source's */
        if (op == OP_MEMORY_INIT)
            ip++; /* seg d s n mem: then as "d s n mem" */
        else if (op != OP_MEMORY_FILL && op != OP_MEMORY_COPY)
            return;
        mem = ip[4];
        ea = SLOT32(1);
        len = SLOT32(3);
        kind = op == OP_MEMORY_FILL   ? WISP_ACCESS_FILL
               : op == OP_MEMORY_COPY ? WISP_ACCESS_COPY_TO
                                      : WISP_ACCESS_INIT_TO;
        if (kind == WISP_ACCESS_FILL || mem >= inst->mod->nmems ||
            ea + len > inst->mems[mem]->size)
            goto check;
        ea = SLOT32(2);
        kind++; /* COPY_FROM, INIT_FROM (wisp.h lists each after its _TO) */
        if (op == OP_MEMORY_COPY) {
            mem = ip[5];
            goto check;
        }
        mem = ip[0]; /* the data segment */
        if (mem >= inst->mod->ndatas)
            return;
        size = inst->data_dropped[mem] ? 0 : inst->mod->datas[mem].len;
        goto found;
    }
    len = (uint64_t)1 << plain_log2[plain];
    ea -= len;
    kind = plain >= (uint32_t)(OP_I32_STORE - OP_I32_LOAD) ? WISP_ACCESS_STORE : WISP_ACCESS_LOAD;
check:
    if (mem >= inst->mod->nmems)
        return;
    size = inst->mems[mem]->size;
found:
    if (ea + len <= size) /* it fits: the slots do not say what trapped */
        return;
    out->access = kind;
    out->memory = mem;
    out->address = ea;
    out->length = len;
    out->memory_size = size;
#undef SLOT32
}

#else
/* WISP_TRAP_INFO=0 (meson -Dtrap_info=false): the build `make bench` runs
 * beside the default one to measure what backtraces cost while running. */
void wisp_trap_access(const wisp_exec *ex, wisp_trap_info *out)
{
    (void)ex;
    out->access = WISP_ACCESS_NONE;
    out->memory = 0;
    out->address = out->length = out->memory_size = 0;
}

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
