/* The translator: validates one function body and, in the same pass,
 * compiles it to internal code (opcodes.h).
 *
 * Internal code addresses frame slots, not a stack: the Wasm operand stack
 * position i lives right above the locals (its "home" slot: the slots of
 * the locals and of positions 0..i-1, a v128 taking two), so every operand's slot is known at
 * translate time. A local.get is not copied at once; it stays a reference to
 * the local's slot ("deferred") until something could change the local or
 * control flow joins, so `local.get a; local.get b; i32.add` is one
 * instruction reading the two locals directly. A local.set right after the
 * instruction that produced its value retargets that instruction, and so
 * does the move of a block's or function's single result.
 *
 * Some pairs become one instruction (super-instructions, fuse.inc): a
 * compare and the branch on it, an i32.add (of a constant or not) and the
 * memory access using it as the address, (x >> k) & m, x * y + z,
 * x + y + k, an op and a constant shift of its operand, a float add and
 * a multiply, up to three moves or two adds of a constant in a row, moves
 * and a branch (never across a label: label_pc). Fusing drops or rewrites
 * what was just emitted; a trap-time lookup (locate) runs the same steps,
 * so code positions stay the same. An operand the instruction just before
 * computed is read from an accumulator (WISP_ACC: acc_end, acc_slot;
 * acc.inc).
 *
 * The code buffer grows at the bottom of the arena; the operand and control
 * stacks are scratch at the top and are given back when the body is done.
 *
 * A v128 takes two slots wherever it is (locals, operands, arguments) and
 * is never deferred as a constant; the 0xfd prefix is simd_translate.inc. */
#include "wisp_int.h"
#include "opcodes.h"
#include "simd.h"

#define MAX_LOCALS 50000u
#define T_ANY 0 /* the bottom type of unreachable code */
#define NO_FIXUP UINT32_MAX

/* Where an operand's value is: in its home slot, still in a local (a
 * deferred local.get), or a constant not yet written anywhere. */
enum { K_SLOT, K_LOCAL, K_CONST };

typedef struct opd {
    uint8_t type;
    uint8_t kind;
    uint32_t slot; /* K_SLOT: its home; K_LOCAL: the local */
    uint32_t pos;  /* stack position */
    uint32_t home; /* its home slot */
    uint64_t imm;  /* K_CONST: the bits */
} opd;

enum { C_BLOCK, C_LOOP, C_IF, C_ELSE, C_FUNC };

typedef struct ctl {
    uint8_t kind;
    bool unreachable;  /* after br/return/unreachable: the stack is polymorphic */
    bool dead;         /* an enclosing block is unreachable: emit nothing */
    uint32_t height;   /* operand height at entry, params excluded */
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    uint8_t single;    /* a one-result block type */
    uint32_t target;   /* loop: pc of the head */
    uint32_t fixups;   /* chain of branch words to patch with the end pc */
    uint32_t else_fix; /* if: the BR_UNLESS word to patch at else/end */
} ctl;

typedef struct tr {
    wisp_reader r;
    const wisp_module *m;
    wisp_arena *a;
    uint32_t *code;
    uint32_t pc, cap;
    uint8_t *local_types;
    uint32_t *local_slot; /* slot of each local (a v128 takes two) */
    uint32_t nlocals, nlocal_slots;
    /* declared locals (not parameters) below 64 that nothing wrote yet:
     * zero until the first branch target (label_pc) */
    uint64_t unwritten;
    uint32_t max_slot;    /* slots used by locals and operands, at most */
    opd *stack;
    uint32_t h, max_h, stack_cap;
    uint32_t ndeferred;
    ctl *ctls;
    uint32_t nctl, ctl_cap;
    uint32_t last_dst; /* pc of the dst word of the last result-producing op, or NO_FIXUP */
    uint32_t last_dst_slot; /* the slot that op writes */
    uint32_t last_op, last_pc, last_args[5]; /* the last instruction, for fusing */
    uint32_t prev_op, prev_pc, prev_args[3]; /* and the one before it */
    uint32_t label_pc; /* the last pc a branch targets: no fusing across it */
    /* WISP_ACC: where the last instruction ends if it left its result in
     * the accumulator (else NO_FIXUP), and that result's slot; the same
     * before it, for when it is dropped again */
    uint32_t acc_end, acc_slot, acc_end0, acc_slot0, acc_end1, acc_slot1;
    uint32_t op_h;     /* operand height when the current instruction began */
    uint32_t max_ctl;
    const void *const *handlers; /* direct threading (wisp_handlers), or NULL */
    wisp_locate *loc;  /* set for a trap-time lookup: emit nothing */
    uint32_t op_off;   /* module offset of the current instruction */
    const char *op_name;
#if WISP_SIMD
    uint32_t op_simd;  /* 1 + its WISP_SIMD_OPS entry: names it if op_name is NULL */
#endif
} tr;

static wisp_err fail(tr *t, const char *what)
{
    return wisp_arena_fail(t->a, WISP_ERR_INVALID, t->op_off, "%s", what);
}

static wisp_err nomem(tr *t)
{
    return wisp_arena_fail(t->a, WISP_ERR_NOMEM, t->op_off,
                           "arena of %u bytes is too small to translate this function",
                           (uint32_t)t->a->size);
}

static wisp_err type_mismatch(tr *t)
{
    const char *name = t->op_name;
#if WISP_SIMD
    if (!name && t->op_simd)
        name = wisp_simd_name(t->op_simd - 1);
#endif
    return wisp_arena_fail(t->a, WISP_ERR_INVALID, t->op_off, "type mismatch in %s",
                           name ? name : "instruction");
}

static ctl *cur(tr *t) { return &t->ctls[t->nctl - 1]; }
static bool dead(tr *t) { return cur(t)->unreachable || cur(t)->dead; }

/* ---- emitting ---- */

/* Trap-time lookup: the same translation run dry (no code written) finds
 * the Wasm instruction that emitted the internal instruction at loc->want. */
static void locate_hit(tr *t, uint32_t op, uint32_t len)
{
    wisp_locate *l = t->loc;
    bool call = op == OP_CALL || op == OP_CALL_INDIRECT || op == OP_RETURN_CALL ||
                op == OP_RETURN_CALL_INDIRECT || op == OP_CALL_LOCAL;
    bool hit = l->want_end ? (t->pc + len == l->want && call) : t->pc == l->want;
    if (!hit || l->found)
        return;
    l->found = true;
    l->wasm_off = t->op_off;
    /* a call's arguments became the callee's locals: show what is below them */
    uint32_t h = l->want_end ? t->h : t->op_h;
    uint32_t first = h > WISP_BT_STACK ? h - WISP_BT_STACK : 0;
    l->nstack = h;
    l->stack_first = first;
    for (uint32_t i = first; i < h; i++) {
        const opd *o = &t->stack[i];
        l->stack[i - first].type = o->type;
        l->stack[i - first].is_const = o->kind == K_CONST;
        l->stack[i - first].slot = o->slot;
        l->stack[i - first].imm = o->imm;
    }
}

#include "acc.inc"

static wisp_err emit_op(tr *t, uint32_t op, int n, const uint32_t *args)
{
    if (dead(t))
        return WISP_OK;
    uint32_t word_op = op;
#if WISP_ACC
    /* an operand the instruction just before left in the accumulator, and
     * no branch lands between them: the accumulator form reads it there */
    uint32_t swapped[8];
    if (op < OP__COUNT && acc_form[op] && t->acc_end == t->pc && t->label_pc != t->pc) {
        const int k = acc_arg[op] & 3;
        if (args[k] == t->acc_slot) {
            word_op = acc_form[op];
        } else if (args[k + 1] == t->acc_slot && acc_form_b[op]) {
            word_op = acc_form_b[op];
        } else if (args[k + 1] == t->acc_slot && ((acc_arg[op] & 4) || acc_mirror[op]) && n <= 8) {
            /* operands k and k + 1 swap: the op commutes, or its mirror
             * (a < b is b > a) takes them the other way round */
            for (int i = 0; i < n; i++)
                swapped[i] = args[i];
            swapped[k] = args[k + 1];
            swapped[k + 1] = args[k];
            args = swapped;
            if (!(acc_arg[op] & 4))
                op = acc_mirror[op];
            word_op = acc_form[op];
        }
    }
#endif
    /* two moves, or two adds of a constant, in a row (no label between)
     * become one instruction: its operands are both instructions' */
    uint32_t pair = 0, prior_len = 0;
    if (op == OP_COPY && t->last_op == OP_COPY)
        pair = OP_COPY2, prior_len = 3;
    else if (op == OP_COPY && t->last_op == OP_COPY2 && !WISP_OMITTED(OP_COPY3))
        pair = OP_COPY3, prior_len = 5; /* (and a third) */
    else if (op == OP_I32_ADD_IMM && t->last_op == op)
        pair = OP_I32_ADD_IMM2, prior_len = 4;
    if (pair && t->last_pc + prior_len == t->pc && t->label_pc != t->pc) {
        if (t->cap - t->pc < (uint32_t)n)
            return nomem(t);
        if (t->code) {
            t->code[t->last_pc] = wisp_op_word(t->handlers, pair);
            for (int i = 0; i < n; i++)
                t->code[t->pc + (uint32_t)i] = args[i];
        }
        t->pc += (uint32_t)n;
        acc_forget(t);
        t->last_op = pair;
        for (int i = 0; i < n && i < 5; i++)
            t->last_args[i] = args[i]; /* the second one's */
        t->last_dst = NO_FIXUP;
        return WISP_OK;
    }
#if !WISP_COMPACT
    /* moves then a branch (a loop's back edge): one instruction */
    const uint32_t moves = t->last_op == OP_COPY ? 1 : t->last_op == OP_COPY2 ? 2
                           : t->last_op == OP_COPY3 ? 3 : 0;
    if (op == OP_BR && moves && t->last_pc + 1 + 2 * moves == t->pc && t->label_pc != t->pc) {
        static const uint16_t with_br[] = {0, OP_COPY_BR, OP_COPY2_BR, OP_COPY3_BR};
        if (t->cap - t->pc < 1)
            return nomem(t);
        if (t->code) {
            t->code[t->last_pc] = wisp_op_word(t->handlers, with_br[moves]);
            t->code[t->pc] = args[0];
        }
        t->pc++;
        acc_forget(t);
        t->last_op = with_br[moves];
        t->last_dst = NO_FIXUP;
        return WISP_OK;
    }
#endif
    /* directly threaded SIMD ops share one handler: the opcode follows it */
    const uint32_t simd_word = WISP_SIMD && t->handlers && op >= OP_V128_LOAD;
    if (t->cap - t->pc < (uint32_t)n + 1 + simd_word)
        return nomem(t);
    t->prev_op = t->last_op;
    t->prev_pc = t->last_pc;
    for (int i = 0; i < 3; i++)
        t->prev_args[i] = t->last_args[i];
    t->last_op = op;
    t->last_pc = t->pc;
    for (int i = 0; i < n && i < 5; i++)
        t->last_args[i] = args[i];
    if (t->loc) {
        locate_hit(t, op, (uint32_t)n + 1 + simd_word);
        t->pc += (uint32_t)n + 1 + simd_word;
    } else {
        t->code[t->pc++] = wisp_op_word(t->handlers, word_op);
        if (simd_word)
            t->code[t->pc++] = op;
        for (int i = 0; i < n; i++)
            t->code[t->pc++] = args[i];
    }
#if WISP_ACC
    t->acc_end1 = t->acc_end0;
    t->acc_slot1 = t->acc_slot0;
    t->acc_end0 = t->acc_end;
    t->acc_slot0 = t->acc_slot;
    t->acc_end = op < OP__COUNT && acc_sets[op] ? t->pc : NO_FIXUP;
    t->acc_slot = n ? args[0] : 0;
#endif
    t->last_dst = NO_FIXUP;
    return WISP_OK;
}

#define EMIT0(t, op) emit_op(t, op, 0, NULL)
#define EMIT(t, op, ...) \
    emit_op(t, op, (int)(sizeof((uint32_t[]){__VA_ARGS__}) / sizeof(uint32_t)), (uint32_t[]){__VA_ARGS__})

/* The home slot of stack position pos (pos <= height: all below are live). */
static uint32_t home(tr *t, uint32_t pos)
{
    if (pos == 0)
        return t->nlocal_slots;
    const opd *below = &t->stack[pos - 1];
    return below->home + wisp_type_slots(below->type);
}

/* Branch words hold a signed offset from the word itself. */
static void patch(tr *t, uint32_t at, uint32_t target)
{
    if (target == t->pc)
        t->label_pc = target;
    if (t->code)
        t->code[at] = (uint32_t)((int32_t)target - (int32_t)at);
}

static void patch_chain(tr *t, uint32_t chain, uint32_t target)
{
    if (target == t->pc) /* (in both modes: the chain is empty in a lookup) */
        t->label_pc = target;
    while (t->code && chain != NO_FIXUP) {
        uint32_t next = t->code[chain];
        patch(t, chain, target);
        chain = next;
    }
}

/* ---- the operand stack ---- */

static wisp_err push(tr *t, uint8_t type)
{
    if (t->h == t->stack_cap)
        return nomem(t);
    opd *o = &t->stack[t->h];
    o->type = type;
    o->kind = K_SLOT;
    o->home = o->slot = home(t, t->h);
    o->pos = t->h;
    t->h++;
    if (t->h > t->max_h)
        t->max_h = t->h;
    if (o->home + wisp_type_slots(type) > t->max_slot)
        t->max_slot = o->home + wisp_type_slots(type);
    return WISP_OK;
}

/* Pop an operand of type `want` (T_ANY: any) into *o. */
static wisp_err pop(tr *t, uint8_t want, opd *o)
{
    ctl *c = cur(t);
    if (t->h == c->height) {
        if (!c->unreachable)
            return type_mismatch(t);
        o->type = T_ANY;
        o->kind = K_SLOT;
        o->home = o->slot = home(t, t->h);
        o->pos = t->h;
        o->imm = 0;
        return WISP_OK;
    }
    *o = t->stack[--t->h];
    if (o->kind != K_SLOT)
        t->ndeferred--;
    if (want != T_ANY && o->type != T_ANY && o->type != want)
        return type_mismatch(t);
    return WISP_OK;
}

/* A constant is not written anywhere until an instruction needs it in a
 * slot; many take it as an immediate instead. */
static wisp_err push_const(tr *t, uint8_t type, uint64_t imm)
{
    TRY(push(t, type));
    if (!dead(t)) {
        opd *o = &t->stack[t->h - 1];
        o->kind = K_CONST;
        o->imm = imm;
        t->ndeferred++;
    }
    return WISP_OK;
}

/* After br/return/unreachable the rest of the block is unreachable. */
static void kill_rest(tr *t)
{
    ctl *c = cur(t);
    while (t->h > c->height)
        if (t->stack[--t->h].kind != K_SLOT)
            t->ndeferred--;
    c->unreachable = true;
}

static wisp_err emit_const(tr *t, uint32_t dst, uint8_t type, uint64_t imm)
{
    if (type == WISP_I32 || type == WISP_F32)
        return EMIT(t, OP_CONST32, dst, (uint32_t)imm);
    return EMIT(t, OP_CONST64, dst, (uint32_t)imm, (uint32_t)(imm >> 32));
}

/* Emit what puts operand o's value into slot dst. */
static wisp_err emit_move(tr *t, const opd *o, uint32_t dst)
{
    if (o->kind == K_CONST)
        return emit_const(t, dst, o->type, o->imm);
    if (o->slot == dst)
        return WISP_OK;
#if WISP_SIMD
    if (o->type == WISP_V128)
        return EMIT(t, OP_COPY_V128, dst, o->slot);
#endif
    return EMIT(t, OP_COPY, dst, o->slot);
}

static bool in_place(const opd *o, uint32_t dst) { return o->kind != K_CONST && o->slot == dst; }

static wisp_err materialize_at(tr *t, uint32_t pos)
{
    opd *o = &t->stack[pos];
    if (o->kind == K_SLOT)
        return WISP_OK;
    TRY(emit_move(t, o, home(t, pos)));
    o->kind = K_SLOT;
    o->slot = home(t, pos);
    t->ndeferred--;
    return WISP_OK;
}

/* A popped operand's value in a slot, for instructions that take slots. */
static uint32_t slot_of(tr *t, opd *o, wisp_err *e)
{
    if (o->kind == K_CONST) {
        o->kind = K_SLOT;
        o->slot = home(t, o->pos);
        wisp_err r = emit_const(t, o->slot, o->type, o->imm);
        if (r && !*e)
            *e = r;
    }
    return o->slot;
}

static wisp_err pop_slot(tr *t, uint8_t want, opd *o)
{
    wisp_err e = pop(t, want, o);
    if (!e)
        slot_of(t, o, &e);
    return e;
}

/* Every deferred operand from position `from` up goes to its home slot. */
static wisp_err materialize_from(tr *t, uint32_t from)
{
    for (uint32_t i = t->h; t->ndeferred && i > from; i--)
        TRY(materialize_at(t, i - 1));
    return WISP_OK;
}

static wisp_err materialize_local(tr *t, uint32_t local)
{
    for (uint32_t i = t->h; t->ndeferred && i > 0; i--)
        if (t->stack[i - 1].kind == K_LOCAL && t->stack[i - 1].slot == local)
            TRY(materialize_at(t, i - 1));
    return WISP_OK;
}

static bool local_referenced(tr *t, uint32_t local)
{
    for (uint32_t i = t->h; t->ndeferred && i > 0; i--)
        if (t->stack[i - 1].kind == K_LOCAL && t->stack[i - 1].slot == local)
            return true;
    return false;
}

/* Check the top n operands against `types` without popping. */
static wisp_err check_top(tr *t, const uint8_t *types, uint32_t n)
{
    ctl *c = cur(t);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t avail = t->h - c->height;
        if (i >= avail) {
            if (!c->unreachable)
                return type_mismatch(t);
            continue;
        }
        uint8_t have = t->stack[t->h - 1 - i].type;
        if (have != T_ANY && have != types[n - 1 - i])
            return type_mismatch(t);
    }
    return WISP_OK;
}

static wisp_err pop_types(tr *t, const uint8_t *types, uint32_t n)
{
    opd o;
    for (uint32_t i = n; i > 0; i--)
        TRY(pop(t, types[i - 1], &o));
    return WISP_OK;
}

static wisp_err push_types(tr *t, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        TRY(push(t, types[i]));
    return WISP_OK;
}

/* Move the top n operands to slots dst.. (a branch or return carrying
 * values). Deferred operands go home first so the moves cannot clobber a
 * local that a later move still reads. */
static wisp_err move_top(tr *t, uint32_t dst, uint32_t n)
{
    if (dead(t) || n == 0)
        return WISP_OK;
    if (n == 1) {
        /* the instruction that just computed the value writes it to dst
         * instead (the values this discards are dead: the callers are
         * unconditional branches and block ends) */
        const opd *o = &t->stack[t->h - 1];
        if (o->kind == K_SLOT && t->last_dst != NO_FIXUP && o->slot == t->last_dst_slot &&
            o->slot == home(t, t->h - 1)) {
            if (t->code)
                t->code[t->last_dst] = dst;
            t->last_args[0] = dst; /* (d comes first, or first of the second half) */
            t->last_dst = NO_FIXUP;
            return WISP_OK;
        }
        return emit_move(t, o, dst);
    }
    TRY(materialize_from(t, t->h - n));
    /* dst is never above the sources, so copying upward is safe */
    const uint32_t first = home(t, t->h - n);
    for (uint32_t i = 0; i < n; i++) {
        const opd *o = &t->stack[t->h - n + i];
        TRY(emit_move(t, o, dst + (o->home - first)));
    }
    return WISP_OK;
}

/* ---- labels ---- */

static uint32_t label_arity(ctl *c) { return c->kind == C_LOOP ? c->nparams : c->nresults; }
static const uint8_t *label_types(ctl *c) { return c->kind == C_LOOP ? c->params : c->results; }

/* Emit a jump to label c; `word` is where the branch target goes. */
static void link_branch(tr *t, ctl *c, uint32_t word)
{
    if (c->kind == C_LOOP) {
        patch(t, word, c->target);
    } else if (t->code) {
        t->code[word] = c->fixups;
        c->fixups = word;
    }
}

/* Whether a branch to label l must move its n values first (they are not
 * all in the label's slots already). */
static bool branch_moves(tr *t, ctl *l, uint32_t n)
{
    if (l->kind == C_FUNC)
        return true;
    if (!n)
        return false;
    const uint32_t dst = home(t, l->height);
    if (n == 1)
        return !in_place(&t->stack[t->h - 1], dst);
    for (uint32_t i = 0; i < n; i++)
        if (t->stack[t->h - n + i].kind != K_SLOT)
            return true;
    return home(t, t->h - n) != dst;
}

static wisp_err emit_br(tr *t, ctl *c)
{
    if (dead(t))
        return WISP_OK;
    if (c->kind == C_FUNC) {
        TRY(move_top(t, 0, c->nresults));
        return EMIT0(t, OP_RETURN);
    }
    TRY(move_top(t, home(t, c->height), label_arity(c)));
    TRY(EMIT(t, OP_BR, 0));
    link_branch(t, c, t->pc - 1);
    return WISP_OK;
}

static wisp_err read_label(tr *t, ctl **out)
{
    uint32_t depth;
    TRY(rd_u32(&t->r, &depth));
    if (depth >= t->nctl)
        return fail(t, "unknown label");
    *out = &t->ctls[t->nctl - 1 - depth];
    return WISP_OK;
}

static wisp_err read_blocktype(tr *t, ctl *c)
{
    int64_t bt;
    uint32_t off = rd_off(&t->r);
    if (t->r.p < t->r.end && (*t->r.p == 0x40 || wisp_is_valtype(*t->r.p))) {
        uint8_t b = *t->r.p++;
        c->nparams = 0;
        c->params = NULL;
        c->nresults = b != 0x40;
        c->single = b;
        c->results = &c->single;
        return WISP_OK;
    }
#if !WISP_SIMD
    if (t->r.p < t->r.end && *t->r.p == WISP_V128)
        return wisp_arena_fail(t->a, WISP_ERR_UNSUPPORTED, off,
                               "SIMD (v128) is not supported by this build");
#endif
    TRY(rd_s33(&t->r, &bt));
    if (bt < 0)
        return rd_malformed(&t->r, "malformed block type");
    if ((uint64_t)bt >= t->m->ntypes)
        return wisp_arena_fail(t->a, WISP_ERR_INVALID, off, "unknown type");
    const wisp_functype *ft = &t->m->types[bt];
    c->nparams = ft->nparams;
    c->params = ft->params;
    c->nresults = ft->nresults;
    c->results = ft->results;
    return WISP_OK;
}

static wisp_err push_ctl(tr *t, ctl *c)
{
    if (t->nctl == t->ctl_cap)
        return nomem(t);
    c->dead = t->nctl ? dead(t) : false;
    c->unreachable = false;
    c->fixups = NO_FIXUP;
    c->else_fix = NO_FIXUP;
    ctl *n = &t->ctls[t->nctl++];
    if (t->nctl > t->max_ctl)
        t->max_ctl = t->nctl;
    *n = *c;
    if (c->results == &c->single)
        n->results = &n->single; /* the one-result type lives in the entry */
    return WISP_OK;
}

/* Enter a block: params move into the block; nothing deferred crosses
 * a control boundary (a local.set in one arm must not change what an
 * operand below the block means on another path). */
static wisp_err enter_block(tr *t, ctl *c)
{
    TRY(check_top(t, c->params, c->nparams));
    if (!dead(t))
        TRY(materialize_from(t, 0));
    uint32_t avail = t->h - cur(t)->height;
    uint32_t take = c->nparams < avail ? c->nparams : avail;
    /* in unreachable code the params may be missing: pad with the params' types */
    t->h -= take;
    c->height = t->h;
    TRY(push_ctl(t, c));
    TRY(push_types(t, c->params, c->nparams));
    return WISP_OK;
}

/* Pop the block's results and check the stack is back to its height. */
static wisp_err check_end(tr *t, ctl *c)
{
    TRY(pop_types(t, c->results, c->nresults));
    if (t->h != c->height)
        return type_mismatch(t);
    return WISP_OK;
}

/* ---- instructions ---- */

static const struct numinfo {
    uint16_t op;
    uint8_t arity, in, out;
} *numeric_info(uint32_t wasm_op)
{
    static const struct numinfo table[] = {
#define X(name, wop, arity, in, out) {OP_##name, arity, in, out},
        WISP_NUMERIC(X)
#undef X
    };
    static const uint16_t wops[] = {
#define X(name, wop, ...) wop,
        WISP_NUMERIC(X)
#undef X
    };
    /* 0x45..0xc4 are contiguous; the 0xfc prefix ones follow */
    if (wasm_op >= 0x45 && wasm_op <= 0xc4)
        return &table[wasm_op - 0x45];
    for (unsigned i = 0xc4 - 0x45 + 1; i < sizeof wops / sizeof wops[0]; i++)
        if (wops[i] == wasm_op)
            return &table[i];
    return NULL;
}

static const char *const numeric_names[] = {
#define X(name, ...) #name,
    WISP_NUMERIC(X)
#undef X
};

/* Emit `op d args[0..n-1]` whose result d is pushed as `type`. The result
 * goes to the home slot of the position it is pushed at; emit before the
 * push so a trap-time lookup still sees the operands. */
static wisp_err push_result_n(tr *t, uint8_t type, uint32_t op, int n, const uint32_t *args)
{
    uint32_t d = home(t, t->h);
    uint32_t w[8];
    w[0] = d;
    for (int i = 0; i < n; i++)
        w[i + 1] = args[i];
    TRY(emit_op(t, op, n + 1, w));
    if (!dead(t)) {
        t->last_dst = t->pc - (uint32_t)n - 1;
        t->last_dst_slot = d;
    }
    return push(t, type);
}

static wisp_err push_result(tr *t, uint8_t type, uint32_t op, int n, uint32_t a, uint32_t b,
                            uint32_t c)
{
    const uint32_t args[3] = {a, b, c};
    return push_result_n(t, type, op, n, args);
}

static wisp_err mem_check(tr *t, uint32_t mem)
{
    if (mem >= t->m->nmems)
        return wisp_arena_fail(t->a, WISP_ERR_INVALID, t->op_off, "unknown memory %u", mem);
    return WISP_OK;
}

/* A memory index byte (0 before multi-memory, where it must be zero). */
static wisp_err mem_index(tr *t, uint32_t *mem)
{
    if (t->m->features & WISP_FEATURE_MULTI_MEMORY) {
        TRY(rd_u32(&t->r, mem));
    } else {
        uint8_t b;
        TRY(rd_u8(&t->r, &b));
        if (b != 0)
            return rd_malformed(&t->r, "zero byte expected");
        *mem = 0;
    }
    return mem_check(t, *mem);
}

static wisp_err memarg(tr *t, uint32_t natural, uint32_t *offset, uint32_t *mem)
{
    uint32_t align;
    TRY(rd_u32(&t->r, &align));
    *mem = 0;
    if ((align & 0x40) && (t->m->features & WISP_FEATURE_MULTI_MEMORY)) {
        align &= ~0x40u;
        TRY(rd_u32(&t->r, mem));
    }
    TRY(rd_u32(&t->r, offset));
    TRY(mem_check(t, *mem));
    if (align > natural)
        return fail(t, "alignment must not be larger than natural");
    return WISP_OK;
}

#include "fuse.inc"

static wisp_err local_index(tr *t, uint32_t *x)
{
    TRY(rd_u32(&t->r, x));
    if (*x >= t->nlocals)
        return fail(t, "unknown local");
    return WISP_OK;
}

static wisp_err local_set(tr *t, uint32_t local, bool tee)
{
    opd v;
    uint8_t type = t->local_types[local];
    const uint32_t x = t->local_slot[local];
    TRY(pop(t, type, &v));
    if (dead(t))
        return tee ? push(t, type) : WISP_OK;
    /* `local.set L (const 0)` on the way in from the entry, L a declared
     * local still zero (compilers initialize accumulators this way): nothing
     * to do, and L stays zero */
    const bool skip = local < 64 && (t->unwritten >> local & 1) && t->label_pc == NO_FIXUP &&
                      v.kind == K_CONST && v.imm == 0 && type != WISP_V128;
    if (!skip && local < 64)
        t->unwritten &= ~((uint64_t)1 << local);
    /* peephole: the op that produced v writes the local itself */
    bool fused = v.kind == K_SLOT && t->last_dst != NO_FIXUP && v.slot == home(t, t->h) &&
                 t->last_dst_slot == v.slot && !local_referenced(t, x);
    if (skip) {
        /* nothing to emit */
    } else if (fused) {
        if (t->code)
            t->code[t->last_dst] = x;
        t->last_args[0] = x;
#if WISP_ACC
        if (t->acc_end == t->pc)
            t->acc_slot = x; /* the accumulator holds the local now */
#endif
    } else {
        TRY(materialize_local(t, x));
        TRY(emit_move(t, &v, x));
    }
    t->last_dst = NO_FIXUP;
    if (tee) {
        /* the value is now in the local (or is a constant): push that */
        TRY(push(t, type));
        opd *o = &t->stack[t->h - 1];
        if (v.kind == K_CONST) {
            o->kind = K_CONST;
            o->imm = v.imm;
        } else {
            o->kind = K_LOCAL;
            o->slot = x;
        }
        t->ndeferred++;
    }
    return WISP_OK;
}

static wisp_err call_sig(tr *t, const wisp_functype *ft, uint32_t op, uint32_t a, uint32_t b,
                         uint32_t idx_slot, int n)
{
    TRY(check_top(t, ft->params, ft->nparams));
    if (!dead(t))
        TRY(materialize_from(t, t->h >= ft->nparams ? t->h - ft->nparams : 0));
    TRY(pop_types(t, ft->params, ft->nparams));
    uint32_t base = home(t, t->h);
    if (n == 2)
        TRY(EMIT(t, op, a, base));
    else
        TRY(EMIT(t, op, a, b, idx_slot, base));
    TRY(push_types(t, ft->results, ft->nresults));
    return WISP_OK;
}

static wisp_err table_index(tr *t, uint32_t *x)
{
    TRY(rd_u32(&t->r, x));
    if (*x >= t->m->ntables)
        return fail(t, "unknown table");
    return WISP_OK;
}

static wisp_err elem_index(tr *t, uint32_t *x)
{
    TRY(rd_u32(&t->r, x));
    if (*x >= t->m->nelems)
        return fail(t, "unknown elem segment");
    return WISP_OK;
}

static wisp_err data_index(tr *t, uint32_t *x)
{
    TRY(rd_u32(&t->r, x));
    if (!t->m->has_datacount)
        return rd_malformed(&t->r, "data count section required");
    if (*x >= t->m->datacount)
        return fail(t, "unknown data segment");
    return WISP_OK;
}

/* The 0xfc prefix: saturating truncation, bulk memory, tables. */
static wisp_err prefixed(tr *t)
{
    uint32_t sub, x, y;
    opd a, b, c;
    TRY(rd_u32(&t->r, &sub));
    if (sub <= 7)
        return numeric(t, numeric_info(0xfc00 + sub));
    switch (sub) {
    case 8: /* memory.init */
        TRY(data_index(t, &x));
        TRY(mem_index(t, &y));
        TRY(pop_slot(t, WISP_I32, &c));
        TRY(pop_slot(t, WISP_I32, &b));
        TRY(pop_slot(t, WISP_I32, &a));
        return EMIT(t, OP_MEMORY_INIT, x, a.slot, b.slot, c.slot, y);
    case 9: /* data.drop */
        TRY(data_index(t, &x));
        return EMIT(t, OP_DATA_DROP, x);
    case 10: /* memory.copy dst src */
        TRY(mem_index(t, &x));
        TRY(mem_index(t, &y));
        TRY(pop_slot(t, WISP_I32, &c));
        TRY(pop_slot(t, WISP_I32, &b));
        TRY(pop_slot(t, WISP_I32, &a));
        return EMIT(t, OP_MEMORY_COPY, a.slot, b.slot, c.slot, x, y);
    case 11: /* memory.fill */
        TRY(mem_index(t, &x));
        TRY(pop_slot(t, WISP_I32, &c));
        TRY(pop_slot(t, WISP_I32, &b));
        TRY(pop_slot(t, WISP_I32, &a));
        return EMIT(t, OP_MEMORY_FILL, a.slot, b.slot, c.slot, x);
    case 12: /* table.init elem table */
        TRY(elem_index(t, &y));
        TRY(table_index(t, &x));
        if (t->m->tables[x].elem != t->m->elems[y].elem)
            return type_mismatch(t);
        TRY(pop_slot(t, WISP_I32, &c));
        TRY(pop_slot(t, WISP_I32, &b));
        TRY(pop_slot(t, WISP_I32, &a));
        return EMIT(t, OP_TABLE_INIT, x, y, a.slot, b.slot, c.slot);
    case 13: /* elem.drop */
        TRY(elem_index(t, &x));
        return EMIT(t, OP_ELEM_DROP, x);
    case 14: /* table.copy dst src */
        TRY(table_index(t, &x));
        TRY(table_index(t, &y));
        if (t->m->tables[x].elem != t->m->tables[y].elem)
            return type_mismatch(t);
        TRY(pop_slot(t, WISP_I32, &c));
        TRY(pop_slot(t, WISP_I32, &b));
        TRY(pop_slot(t, WISP_I32, &a));
        return EMIT(t, OP_TABLE_COPY, x, y, a.slot, b.slot, c.slot);
    case 15: /* table.grow */
        TRY(table_index(t, &x));
        TRY(pop_slot(t, WISP_I32, &b));
        TRY(pop_slot(t, t->m->tables[x].elem, &a));
        return push_result(t, WISP_I32, OP_TABLE_GROW, 3, x, a.slot, b.slot);
    case 16: /* table.size */
        TRY(table_index(t, &x));
        return push_result(t, WISP_I32, OP_TABLE_SIZE, 1, x, 0, 0);
    case 17: /* table.fill */
        TRY(table_index(t, &x));
        TRY(pop_slot(t, WISP_I32, &c));
        TRY(pop_slot(t, t->m->tables[x].elem, &b));
        TRY(pop_slot(t, WISP_I32, &a));
        return EMIT(t, OP_TABLE_FILL, x, a.slot, b.slot, c.slot);
    default:
        return rd_malformed(&t->r, "illegal opcode");
    }
}

#if WISP_SIMD
#include "simd_translate.inc"
#endif

static wisp_err op_end(tr *t, bool *done)
{
    ctl *c = cur(t);
    TRY(check_top(t, c->results, c->nresults));
    if (c->kind == C_IF && c->nparams != c->nresults)
        return type_mismatch(t); /* an if without else passes its params through */
    if (c->kind == C_IF) {
        for (uint32_t i = 0; i < c->nparams; i++)
            if (c->params[i] != c->results[i])
                return type_mismatch(t);
    }
    if (c->kind == C_FUNC) {
        TRY(emit_br(t, c));
        TRY(check_end(t, c));
        *done = true;
        return WISP_OK;
    }
    TRY(move_top(t, home(t, c->height), c->nresults));
    TRY(check_end(t, c));
    ctl done_c = *c;
    t->nctl--;
    if (done_c.else_fix != NO_FIXUP)
        patch(t, done_c.else_fix, t->pc);
    if (done_c.kind != C_LOOP)
        patch_chain(t, done_c.fixups, t->pc);
    t->last_dst = NO_FIXUP; /* a label here: no retargeting across it */
    return push_types(t, done_c.results, done_c.nresults);
}

static wisp_err body(tr *t, const wisp_functype *ft)
{
    wisp_reader *r = &t->r;
    ctl fc;
    wisp_memset(&fc, 0, sizeof fc);
    fc.kind = C_FUNC;
    fc.nresults = ft->nresults;
    fc.results = ft->results;
    fc.height = 0;
    TRY(push_ctl(t, &fc));
    bool done = false;
    while (!done) {
        uint8_t op;
        uint32_t x, y;
        opd a, b, c;
        t->op_off = rd_off(r);
        t->op_h = t->h;
        t->op_name = NULL;
#if WISP_SIMD
        t->op_simd = 0;
#endif
        if (r->p >= r->end)
            return rd_malformed(r, "unexpected end of section or function");
        op = *r->p++;
        switch (op) {
        case 0x00: /* unreachable */
            TRY(EMIT0(t, OP_UNREACHABLE));
            kill_rest(t);
            break;
        case 0x01: /* nop */
            break;
        case 0x02: /* block */
        case 0x03: /* loop */ {
            ctl nc;
            wisp_memset(&nc, 0, sizeof nc);
            nc.kind = op == 0x02 ? C_BLOCK : C_LOOP;
            TRY(read_blocktype(t, &nc));
            TRY(enter_block(t, &nc));
            if (nc.kind == C_LOOP) {
                cur(t)->target = t->label_pc = t->pc;
            }
            t->last_dst = NO_FIXUP;
            break;
        }
        case 0x04: /* if */ {
            ctl nc;
            wisp_memset(&nc, 0, sizeof nc);
            nc.kind = C_IF;
            TRY(read_blocktype(t, &nc));
            t->op_name = "if";
            TRY(pop(t, WISP_I32, &a));
            TRY(enter_block(t, &nc));
            uint32_t word;
            TRY(cond_branch(t, &a, false, &word));
            if (!dead(t))
                cur(t)->else_fix = word;
            break;
        }
        case 0x05: /* else */ {
            ctl *ic = cur(t);
            if (ic->kind != C_IF)
                return fail(t, "else without if");
            t->op_name = "else";
            TRY(check_top(t, ic->results, ic->nresults));
            TRY(move_top(t, home(t, ic->height), ic->nresults));
            TRY(check_end(t, ic));
            /* the then-arm jumps over the else-arm */
            if (!dead(t)) {
                TRY(EMIT(t, OP_BR, 0));
                link_branch(t, ic, t->pc - 1);
            }
            if (ic->else_fix != NO_FIXUP)
                patch(t, ic->else_fix, t->pc);
            ic->else_fix = NO_FIXUP;
            ic->unreachable = false;
            ic->kind = C_ELSE;
            t->last_dst = NO_FIXUP;
            TRY(push_types(t, ic->params, ic->nparams));
            break;
        }
        case 0x0b: /* end */
            t->op_name = "end";
            TRY(op_end(t, &done));
            break;
        case 0x0c: /* br */ {
            ctl *l = NULL;
            TRY(read_label(t, &l));
            TRY(check_top(t, label_types(l), label_arity(l)));
            TRY(emit_br(t, l));
            kill_rest(t);
            break;
        }
        case 0x0d: /* br_if */ {
            ctl *l = NULL;
            TRY(read_label(t, &l));
            t->op_name = "br_if";
            TRY(pop(t, WISP_I32, &a));
            uint32_t n = label_arity(l);
            TRY(check_top(t, label_types(l), n));
            if (dead(t)) {
                /* the operands take the label's types */
                TRY(pop_types(t, label_types(l), n));
                TRY(push_types(t, label_types(l), n));
                break;
            }
            if (!branch_moves(t, l, n)) {
                uint32_t word;
                TRY(cond_branch(t, &a, true, &word));
                link_branch(t, l, word);
            } else {
                /* br_unless skip; moves; br label; skip: (materialize first,
                 * so both paths see the operands in their home slots) */
                if (n > 1)
                    TRY(materialize_from(t, t->h - n));
                uint32_t skip;
                TRY(cond_branch(t, &a, false, &skip));
                uint32_t saved_h = t->h;
                TRY(emit_br(t, l));
                t->h = saved_h;
                patch(t, skip, t->pc);
            }
            t->last_dst = NO_FIXUP;
            break;
        }
        case 0x0e: /* br_table */ {
            uint32_t n;
            TRY(rd_u32(r, &n));
            if (n > (uint32_t)(r->end - r->p))
                return rd_malformed(r, "length out of bounds");
            t->op_name = "br_table";
            TRY(pop_slot(t, WISP_I32, &a));
            /* validate all labels first; remember where the depths are */
            const uint8_t *depths = r->p;
            uint32_t arity = 0;
            for (uint32_t i = 0; i <= n; i++) {
                ctl *l = NULL;
                TRY(read_label(t, &l));
                if (i == 0)
                    arity = label_arity(l);
                else if (label_arity(l) != arity)
                    return type_mismatch(t);
                TRY(check_top(t, label_types(l), label_arity(l)));
            }
            if (!dead(t)) {
                if (arity > 1)
                    TRY(materialize_from(t, t->h - arity));
                if (t->cap - t->pc < n + 4) /* opcode, 2 operands, n + 1 targets */
                    return nomem(t);
                TRY(EMIT(t, OP_BR_TABLE, a.slot, n));
                uint32_t table = t->pc;
                t->pc += n + 1;
                const uint8_t *end = r->p;
                r->p = depths;
                for (uint32_t i = 0; i <= n; i++) {
                    ctl *l = NULL;
                    TRY(read_label(t, &l));
                    if (!branch_moves(t, l, label_arity(l))) {
                        link_branch(t, l, table + i);
                    } else {
                        /* a stub that moves the values, then branches */
                        patch(t, table + i, t->pc);
                        uint32_t saved_h = t->h;
                        TRY(emit_br(t, l));
                        t->h = saved_h;
                    }
                }
                r->p = end;
            }
            kill_rest(t);
            break;
        }
        case 0x0f: /* return */ {
            ctl *fcx = &t->ctls[0];
            t->op_name = "return";
            TRY(check_top(t, fcx->results, fcx->nresults));
            TRY(emit_br(t, fcx));
            kill_rest(t);
            break;
        }
        case 0x10: /* call */ {
            TRY(rd_u32(r, &x));
            if (x >= t->m->nfuncs)
                return fail(t, "unknown function");
            t->op_name = "call";
            /* (an import may be a host function or another instance's) */
            const bool local = x >= t->m->nfunc_imports && !WISP_OMITTED(OP_CALL_LOCAL);
            TRY(call_sig(t, &t->m->types[t->m->funcs[x].type], local ? OP_CALL_LOCAL : OP_CALL, x,
                         0, 0, 2));
            break;
        }
        case 0x11: /* call_indirect */ {
            TRY(rd_u32(r, &y));
            TRY(rd_u32(r, &x));
            if (x >= t->m->ntables)
                return fail(t, "unknown table");
            if (y >= t->m->ntypes)
                return fail(t, "unknown type");
            if (t->m->tables[x].elem != WISP_FUNCREF)
                return type_mismatch(t);
            t->op_name = "call_indirect";
            TRY(pop_slot(t, WISP_I32, &a));
            TRY(call_sig(t, &t->m->types[y], OP_CALL_INDIRECT, x, t->m->type_canon[y], a.slot, 4));
            break;
        }
        case 0x12: /* return_call */
        case 0x13: /* return_call_indirect */ {
            if (!(t->m->features & WISP_FEATURE_TAIL_CALL)) {
                r->p--;
                return rd_malformed(r, "illegal opcode (tail calls are not enabled)");
            }
            const wisp_functype *ft;
            if (op == 0x12) {
                TRY(rd_u32(r, &x));
                if (x >= t->m->nfuncs)
                    return fail(t, "unknown function");
                ft = &t->m->types[t->m->funcs[x].type];
            } else {
                TRY(rd_u32(r, &y));
                TRY(rd_u32(r, &x));
                if (x >= t->m->ntables)
                    return fail(t, "unknown table");
                if (y >= t->m->ntypes)
                    return fail(t, "unknown type");
                if (t->m->tables[x].elem != WISP_FUNCREF)
                    return type_mismatch(t);
                ft = &t->m->types[y];
            }
            /* the callee's results are this function's results */
            const ctl *fc = &t->ctls[0];
            t->op_name = op == 0x12 ? "return_call" : "return_call_indirect";
            if (ft->nresults != fc->nresults ||
                wisp_memcmp(ft->results, fc->results, ft->nresults))
                return type_mismatch(t);
            if (op == 0x12) {
                TRY(call_sig(t, ft, OP_RETURN_CALL, x, 0, 0, 2));
            } else {
                TRY(pop_slot(t, WISP_I32, &a));
                TRY(call_sig(t, ft, OP_RETURN_CALL_INDIRECT, x, t->m->type_canon[y], a.slot, 4));
            }
            kill_rest(t);
            break;
        }
        case 0x1a: /* drop */
            t->op_name = "drop";
            TRY(pop(t, T_ANY, &a));
            break;
        case 0x1b: /* select */
        case 0x1c: /* select t */ {
            uint8_t type = T_ANY;
            if (op == 0x1c) {
                uint32_t n;
                TRY(rd_u32(r, &n));
                if (n != 1)
                    return fail(t, "invalid result arity");
                TRY(rd_u8(r, &type));
#if !WISP_SIMD
                if (type == WISP_V128)
                    return wisp_arena_fail(t->a, WISP_ERR_UNSUPPORTED, rd_off(r) - 1,
                                           "SIMD (v128) is not supported by this build");
#endif
                if (!wisp_is_valtype(type))
                    return rd_malformed(r, "malformed value type");
            }
            t->op_name = "select";
            TRY(pop_slot(t, WISP_I32, &c));
            TRY(pop_slot(t, type, &b));
            TRY(pop_slot(t, type, &a));
            if (op == 0x1b) {
                if (wisp_is_reftype(a.type) || wisp_is_reftype(b.type))
                    return type_mismatch(t);
                if (a.type != T_ANY && b.type != T_ANY && a.type != b.type)
                    return type_mismatch(t);
                type = a.type != T_ANY ? a.type : b.type;
            }
#if WISP_SIMD
            if (type == WISP_V128) {
                TRY(push_result(t, type, OP_SELECT_V128, 3, a.slot, b.slot, c.slot));
                break;
            }
#endif
            TRY(push_result(t, type, OP_SELECT, 3, a.slot, b.slot, c.slot));
            break;
        }
        case 0x20: /* local.get */ {
            TRY(local_index(t, &x));
            TRY(push(t, t->local_types[x]));
            if (!dead(t)) {
                t->stack[t->h - 1].kind = K_LOCAL;
                t->stack[t->h - 1].slot = t->local_slot[x];
                t->ndeferred++;
            }
            break;
        }
        case 0x21: /* local.set */
        case 0x22: /* local.tee */
            TRY(local_index(t, &x));
            t->op_name = op == 0x21 ? "local.set" : "local.tee";
            TRY(local_set(t, x, op == 0x22));
            break;
        case 0x23: /* global.get */
            TRY(rd_u32(r, &x));
            if (x >= t->m->nglobals)
                return fail(t, "unknown global");
#if WISP_SIMD
            if (t->m->globals[x].type == WISP_V128) {
                TRY(push_result(t, WISP_V128, OP_GLOBAL_GET_V128, 1, x, 0, 0));
                break;
            }
#endif
            TRY(push_result(t, t->m->globals[x].type, OP_GLOBAL_GET, 1, x, 0, 0));
            break;
        case 0x24: /* global.set */
            TRY(rd_u32(r, &x));
            if (x >= t->m->nglobals)
                return fail(t, "unknown global");
            if (!t->m->globals[x].mut)
                return fail(t, "global is immutable");
            t->op_name = "global.set";
            TRY(pop_slot(t, t->m->globals[x].type, &a));
#if WISP_SIMD
            if (t->m->globals[x].type == WISP_V128) {
                TRY(EMIT(t, OP_GLOBAL_SET_V128, x, a.slot));
                break;
            }
#endif
            TRY(EMIT(t, OP_GLOBAL_SET, x, a.slot));
            break;
        case 0x25: /* table.get */
            TRY(table_index(t, &x));
            t->op_name = "table.get";
            TRY(pop_slot(t, WISP_I32, &a));
            TRY(push_result(t, t->m->tables[x].elem, OP_TABLE_GET, 2, x, a.slot, 0));
            break;
        case 0x26: /* table.set */
            TRY(table_index(t, &x));
            t->op_name = "table.set";
            TRY(pop_slot(t, t->m->tables[x].elem, &b));
            TRY(pop_slot(t, WISP_I32, &a));
            TRY(EMIT(t, OP_TABLE_SET, x, a.slot, b.slot));
            break;
        case 0x3f: /* memory.size */
            TRY(mem_index(t, &x));
            TRY(push_result(t, WISP_I32, OP_MEMORY_SIZE, 1, x, 0, 0));
            break;
        case 0x40: /* memory.grow */
            TRY(mem_index(t, &x));
            t->op_name = "memory.grow";
            TRY(pop_slot(t, WISP_I32, &a));
            TRY(push_result(t, WISP_I32, OP_MEMORY_GROW, 2, a.slot, x, 0));
            break;
        case 0x41: { /* i32.const */
            int32_t v;
            TRY(rd_s32(r, &v));
            TRY(push_const(t, WISP_I32, (uint32_t)v));
            break;
        }
        case 0x42: { /* i64.const */
            int64_t v;
            TRY(rd_s64(r, &v));
            TRY(push_const(t, WISP_I64, (uint64_t)v));
            break;
        }
        case 0x43: { /* f32.const */
            uint32_t v;
            TRY(rd_fixed32(r, &v));
            TRY(push_const(t, WISP_F32, v));
            break;
        }
        case 0x44: { /* f64.const */
            uint64_t v;
            TRY(rd_fixed64(r, &v));
            TRY(push_const(t, WISP_F64, v));
            break;
        }
        case 0xd0: { /* ref.null */
            uint8_t type;
            TRY(rd_u8(r, &type));
            if (!wisp_is_reftype(type))
                return rd_malformed(r, "malformed reference type");
            TRY(push_result(t, type, OP_REF_NULL, 0, 0, 0, 0));
            break;
        }
        case 0xd1: /* ref.is_null */
            t->op_name = "ref.is_null";
            TRY(pop_slot(t, T_ANY, &a));
            if (a.type != T_ANY && !wisp_is_reftype(a.type))
                return type_mismatch(t);
            TRY(push_result(t, WISP_I32, OP_REF_IS_NULL, 1, a.slot, 0, 0));
            break;
        case 0xd2: /* ref.func */
            TRY(rd_u32(r, &x));
            if (x >= t->m->nfuncs)
                return fail(t, "unknown function");
            if (!t->m->func_declared[x])
                return fail(t, "undeclared function reference");
            TRY(push_result(t, WISP_FUNCREF, OP_REF_FUNC, 1, x, 0, 0));
            break;
        case 0xfc:
            TRY(prefixed(t));
            break;
        case 0xfd:
#if WISP_SIMD
            TRY(simd(t));
            break;
#else
            return wisp_arena_fail(t->a, WISP_ERR_UNSUPPORTED, t->op_off,
                                   "SIMD (0xfd prefix) is not supported by this build");
#endif
        default:
            if (op >= 0x28 && op <= 0x3e) {
                TRY(memop(t, op));
            } else if (op >= 0x45 && op <= 0xc4) {
                const struct numinfo *ni = numeric_info(op);
                t->op_name = numeric_names[ni - numeric_info(0x45)];
                TRY(numeric(t, ni));
            } else {
                r->p--;
                return rd_malformed(r, "illegal opcode");
            }
        }
    }
    if (r->p != r->end)
        return rd_malformed(r, "section size mismatch: END opcode expected");
    return WISP_OK;
}

static wisp_err read_locals(tr *t, const wisp_functype *ft, uint32_t *ndecl)
{
    wisp_reader *r = &t->r;
    uint32_t nruns;
    uint64_t total = ft->nparams;
    TRY(rd_u32(r, &nruns));
    const uint8_t *start = r->p;
    for (uint32_t i = 0; i < nruns; i++) {
        uint32_t n;
        uint8_t type;
        TRY(rd_u32(r, &n));
        TRY(rd_u8(r, &type));
        total += n;
        if (total > UINT32_MAX)
            return rd_malformed(r, "too many locals");
#if !WISP_SIMD
        if (type == WISP_V128)
            return wisp_arena_fail(t->a, WISP_ERR_UNSUPPORTED, rd_off(r) - 1,
                                   "SIMD (v128) is not supported by this build");
#endif
        if (!wisp_is_valtype(type)) {
            r->p--;
            return rd_malformed(r, "malformed value type");
        }
    }
    if (total > MAX_LOCALS)
        return wisp_arena_fail(t->a, WISP_ERR_UNSUPPORTED, rd_off(r),
                               "too many locals (%u; at most %u)", (uint32_t)total, MAX_LOCALS);
    t->nlocals = (uint32_t)total;
    t->unwritten = 0;
    for (uint32_t i = ft->nparams; i < t->nlocals && i < 64; i++)
        t->unwritten |= (uint64_t)1 << i;
    t->local_types = wisp_scratch_alloc(t->a, t->nlocals + 1);
    if (!t->local_types)
        return nomem(t);
    for (uint32_t i = 0; i < ft->nparams; i++)
        t->local_types[i] = ft->params[i];
    uint32_t k = ft->nparams;
    r->p = start;
    for (uint32_t i = 0; i < nruns; i++) {
        uint32_t n;
        uint8_t type;
        rd_u32(r, &n);
        rd_u8(r, &type);
        for (uint32_t j = 0; j < n; j++)
            t->local_types[k++] = type;
    }
    *ndecl = t->nlocals - ft->nparams;
    t->local_slot = wisp_scratch_alloc(t->a, ((size_t)t->nlocals + 1) * sizeof(uint32_t));
    if (!t->local_slot)
        return nomem(t);
    for (uint32_t i = 0; i < t->nlocals; i++) {
        t->local_slot[i] = t->nlocal_slots;
        t->nlocal_slots += wisp_type_slots(t->local_types[i]);
    }
    t->max_slot = t->nlocal_slots;
    return WISP_OK;
}

static wisp_err translate(wisp_arena *a, const wisp_module *m, uint32_t funcidx, wisp_locate *loc)
{
    wisp_funcdef *f = &m->funcs[funcidx];
    const wisp_functype *ft = &m->types[f->type];
    size_t mark = a->scratch;
    tr t;
    wisp_memset(&t, 0, sizeof t);
    t.r.base = m->bytes;
    t.r.p = m->bytes + f->body_off;
    t.r.end = t.r.p + f->body_len;
    t.r.arena = a;
    t.m = m;
    t.a = a;
    t.op_off = f->body_off;
    t.last_dst = NO_FIXUP;
    t.label_pc = NO_FIXUP;
    t.acc_end = t.acc_end0 = t.acc_end1 = NO_FIXUP;
    t.loc = loc;
    t.handlers = wisp_handlers();
    uint32_t ndecl;
    wisp_err e = read_locals(&t, ft, &ndecl);
    if (e)
        goto out;
    if (loc) {
        /* the first translation measured what this body needs */
        t.stack_cap = f->frame_slots - f->nlocal_slots + 1;
        t.ctl_cap = f->max_ctl + 1;
    } else {
        /* every push and every block needs at least one byte of body */
        uint32_t left = (uint32_t)(t.r.end - t.r.p);
        t.stack_cap = left + 1;
        t.ctl_cap = left + 2;
    }
    t.stack = wisp_scratch_alloc(a, (size_t)t.stack_cap * sizeof *t.stack);
    t.ctls = wisp_scratch_alloc(a, (size_t)t.ctl_cap * sizeof *t.ctls);
    if (!t.stack || !t.ctls) {
        e = nomem(&t);
        goto out;
    }
    if (loc) {
        t.cap = UINT32_MAX;
        e = body(&t, ft);
        goto out;
    }
    /* the code grows into what is free; committed when done */
    t.code = (uint32_t *)(a->base + a->used);
    t.cap = (uint32_t)((a->size - a->used - a->scratch) / sizeof(uint32_t));
    e = body(&t, ft);
    if (e)
        goto out;
    a->used += ((size_t)t.pc * sizeof(uint32_t) + 7u) & ~(size_t)7u;
    /* the code grew while the scratch stacks were held: that is the peak */
    if (a->used + a->scratch > a->peak)
        a->peak = a->used + a->scratch;
    f->code = t.code;
    f->code_len = t.pc;
    f->nlocals = t.nlocals;
    f->nlocal_slots = t.nlocal_slots;
    f->nparam_slots = ft->nparam_slots;
    f->max_ctl = t.max_ctl;
    f->frame_slots = t.max_slot;
    if (ft->nresult_slots > f->frame_slots)
        f->frame_slots = ft->nresult_slots;
out:
    wisp_scratch_release(a, mark);
    return e;
}

wisp_err wisp_translate(wisp_arena *a, wisp_module *m, uint32_t funcidx)
{
    return translate(a, m, funcidx, NULL);
}

wisp_err wisp_translate_locate(wisp_arena *a, const wisp_module *m, uint32_t funcidx,
                               wisp_locate *loc)
{
    loc->found = false;
    return translate(a, m, funcidx, loc);
}
