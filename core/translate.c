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
 * computed is read from an accumulator (WISP_ACC: acc_end, acc_slot).
 * Every such rule is in fuse.inc, which opens with their index and the
 * recipe for adding a fused instruction; what an instruction is (length,
 * properties) is opinfo.h's, never a number written here.
 *
 * Files: translate.c (state, emitting, operand stack, labels, body),
 * ops.inc (the single-byte operators by family), fuse.inc (the peephole
 * rules), simd_translate.inc (0xfd).
 *
 * The code buffer grows at the bottom of the arena; the operand and control
 * stacks are scratch at the top, sized by what the body needs (a body that
 * needs more is translated again with twice as much: translate()), and are
 * given back when the body is done.
 *
 * A call zeroes only the declared locals the body may read before writing
 * them (must_zero, zero_range): those read on the straight way in from the
 * entry before any write there, and those not written yet where that way
 * ends (its first branch or branch target). Compilers write most locals
 * before they read them; the rest of the frame keeps what it held.
 *
 * A v128 takes two slots wherever it is (locals, operands, arguments) and
 * is never deferred as a constant; the 0xfd prefix is simd_translate.inc. */
#include "wisp_int.h"
#include "opcodes.h"
#include "opinfo.h"
#include "simd.h"
#if WISP_SLOT_BYTES
#include "opkinds.h"
#endif

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
    /* loop: the moves (d, s pairs) its head starts with, while they are
     * there as emitted, and the pc after them: a back edge can do them and
     * branch past (emit_br) */
#if !WISP_COMPACT
    uint8_t head_n;
    uint32_t head_end, head[6];
#endif
    uint32_t fixups;   /* chain of branch fixes (FIX) to patch with the end pc */
    uint32_t else_fix; /* if: the BR_UNLESS fix to patch at else/end */
} ctl;

/* An instruction as emitted (the history fusing looks back on): its op,
 * where it starts, its first operands. */
typedef struct emitted {
    uint32_t op, pc, args[6];
} emitted;

#define RECENT 4

typedef struct tr {
    wisp_reader r;
    const wisp_module *m;
    wisp_arena *a;
    uint32_t *code;
    uint32_t pc, cap;
    uint32_t pc_hi; /* the most code words ever written (a fusion takes some back) */
    uint8_t *local_types;
    uint32_t *local_slot; /* slot of each local (a v128 takes two) */
    uint32_t nlocals, nlocal_slots;
    /* declared locals (not parameters) below 64 that nothing wrote yet:
     * zero until the first branch target (label_pc) */
    uint64_t unwritten;
    /* declared locals below 64 a call must zero: read before any write on
     * the way in from the entry, or not yet written where that way ends (a
     * branch, which may skip what follows, or a branch target: from there
     * on any path may read them) */
    uint64_t must_zero;
    bool past_entry; /* that way has ended */
    uint32_t max_slot;    /* slots used by locals and operands, at most */
    opd *stack;
    uint32_t h, max_h, stack_cap;
    uint32_t ndeferred;
    ctl *ctls;
    uint32_t nctl, ctl_cap;
    bool grow;         /* a scratch stack was too small: translate again with more */
    uint32_t last_dst; /* pc of the dst word of the last result-producing op, or NO_FIXUP */
    uint32_t last_dst_slot; /* the slot that op writes */
    emitted last, prev; /* the last instruction and the one before it, for fusing */
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
#if WISP_PAIRS
    /* pairs (opcodes.h WISP_PAIR_LIST): the last instructions emitted (a
     * fusion takes back at most the last two), their pcs and word ops */
    struct { uint32_t pc, op; } recent[RECENT];
    uint32_t nrecent;
#endif
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

/* A new instruction starts at pc: the last one becomes the one before. */
static void remember(tr *t, uint32_t op, int n, const uint32_t *args)
{
    t->prev = t->last;
    t->last.op = op;
    t->last.pc = t->pc;
    for (int i = 0; i < n && i < 6; i++)
        t->last.args[i] = args[i];
}

#if WISP_PAIRS
/* ---- pairs (opcodes.h WISP_PAIR_LIST) ----
 * An instruction that is a pair's first and is followed by its second gets
 * the pair's word. The interpreter checks the second is there before it
 * jumps straight into it, so a pair left behind by a fusion that changed
 * the code after it only costs the dispatch it would have saved; code
 * changes below keep that from happening. */
static uint32_t pair_of(uint32_t first, uint32_t second)
{
#define X(name, f, s) if (first == OP_##f && second == OP_##s) return OP_##name;
    WISP_PAIR_LIST(X)
#undef X
    return 0;
}

static bool pair_first(uint32_t op)
{
#define X(name, f, s) op == OP_##f ||
    return WISP_PAIR_LIST(X) false;
#undef X
}

static void put_word(tr *t, uint32_t at, uint32_t op)
{
    if (t->code)
        t->code[at] = wisp_op_word(t->handlers, op);
}

/* Code from `at` on is taken back or rewritten: the instructions there are
 * forgotten, and one before them that was a pair's first waits for a new
 * second (its own word again). */
static void pair_cut(tr *t, uint32_t at)
{
    const uint32_t n = t->nrecent;
    while (t->nrecent && t->recent[t->nrecent - 1].pc >= at)
        t->nrecent--;
    if (t->nrecent && t->nrecent < n && pair_first(t->recent[t->nrecent - 1].op))
        put_word(t, t->recent[t->nrecent - 1].pc, t->recent[t->nrecent - 1].op);
}

/* The instruction at `at` (where the code now ends) is `op`, its word op:
 * a first just before it pairs with it. */
static void pair_set(tr *t, uint32_t at, uint32_t op)
{
    pair_cut(t, at);
    if (t->nrecent) {
        const uint32_t pc = t->recent[t->nrecent - 1].pc, first = t->recent[t->nrecent - 1].op;
        const uint32_t p = pair_of(first, op); /* (0 unless first is a scalar op) */
        if (p && pc + 1 + wisp_op_args[first] == at)
            put_word(t, pc, p);
    }
    if (t->nrecent == RECENT) {
        for (uint32_t i = 1; i < RECENT; i++)
            t->recent[i - 1] = t->recent[i];
        t->nrecent--;
    }
    t->recent[t->nrecent].pc = at;
    t->recent[t->nrecent++].op = op;
}
#else
static void pair_cut(tr *t, uint32_t at) { (void)t, (void)at; }
static void pair_set(tr *t, uint32_t at, uint32_t op) { (void)t, (void)at, (void)op; }
#endif

/* Code from pc on changes (a fusion drops or rewrites it): a loop head's
 * moves there are no longer known. */
static void heads_drop(tr *t, uint32_t pc)
{
    pair_cut(t, pc);
#if !WISP_COMPACT
    for (uint32_t i = 0; i < t->nctl; i++)
        if (t->ctls[i].head_n && t->ctls[i].head_end > pc)
            t->ctls[i].head_n = 0;
#else
    (void)t, (void)pc;
#endif
}

/* pc moves back (a fusion drops what it joins): the words above stay written */
static inline void pc_back(tr *t, uint32_t pc)
{
    heads_drop(t, pc);
    if (t->pc > t->pc_hi)
        t->pc_hi = t->pc;
    t->pc = pc;
}
/* The last instruction emitted is NAME and ends at pc; the one before it
 * is NAME and ends where the last begins (lengths from opinfo.h). */
#define LAST_IS(t, NAME) ((t)->last.op == OP_##NAME && (t)->last.pc + 1 + WISP_ARGS_##NAME == (t)->pc)
#define PREV_IS(t, NAME) \
    ((t)->prev.op == OP_##NAME && (t)->prev.pc + 1 + WISP_ARGS_##NAME == (t)->last.pc)
static bool dead(tr *t) { return cur(t)->unreachable || cur(t)->dead; }

/* ---- emitting ---- */

/* Trap-time lookup: the same translation run dry (no code written) finds
 * the Wasm instruction that emitted the internal instruction at loc->want. */
static void locate_hit(tr *t, uint32_t op, uint32_t len)
{
    wisp_locate *l = t->loc;
    bool hit = l->want_end ? (t->pc + len == l->want && wisp_op_is_call(op)) : t->pc == l->want;
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

/* The rules applied as each instruction is emitted live in fuse.inc with
 * the others: */
#if WISP_ACC
static uint32_t acc_choose(tr *t, uint32_t *op, int n, const uint32_t **args, uint32_t *swapped);
#endif
static bool fuse_into_last(tr *t, uint32_t op, int n, const uint32_t *args, wisp_err *e);
static void unemit_last(tr *t);


/* Write op's n operand words at code[at]: slot words as the interpreter
 * reads them (wisp_slot_word: byte offsets with WISP_SLOT_BYTES, found by
 * op's operand kinds), the rest as they are. */
static void put_args(tr *t, uint32_t at, uint32_t op, int n, const uint32_t *args)
{
#if WISP_SLOT_BYTES
    const char *k = wisp_op_fmt(op);
    for (int i = 0; i < n; i++, k += *k != 0)
        t->code[at + (uint32_t)i] = *k == 's' ? wisp_slot_word(args[i]) : args[i];
#else
    (void)op;
    for (int i = 0; i < n; i++)
        t->code[at + (uint32_t)i] = args[i];
#endif
}

static wisp_err emit_op(tr *t, uint32_t op, int n, const uint32_t *args)
{
    if (dead(t))
        return WISP_OK;
    uint32_t word_op = op;
#if WISP_ACC
    uint32_t swapped[8];
    word_op = acc_choose(t, &op, n, &args, swapped);
#endif
    wisp_err e;
    if (fuse_into_last(t, op, n, args, &e))
        return e;
    /* directly threaded SIMD ops share one handler: the opcode follows it */
    const uint32_t simd_word = WISP_SIMD && t->handlers && op >= OP_V128_LOAD;
    if (t->cap - t->pc < (uint32_t)n + 1 + simd_word)
        return nomem(t);
    remember(t, op, n, args);
#if !WISP_COMPACT
    /* the first move at a loop's head */
    if (op == OP_COPY && t->nctl && cur(t)->kind == C_LOOP && cur(t)->target == t->pc &&
        t->label_pc == t->pc && !cur(t)->head_n) {
        cur(t)->head_n = 1;
        cur(t)->head[0] = args[0];
        cur(t)->head[1] = args[1];
        cur(t)->head_end = t->pc + 3;
    }
#endif
    pair_set(t, t->pc, word_op);
    if (t->loc) {
        locate_hit(t, op, (uint32_t)n + 1 + simd_word);
        t->pc += (uint32_t)n + 1 + simd_word;
    } else {
        t->code[t->pc++] = wisp_op_word(t->handlers, word_op);
        if (simd_word)
            t->code[t->pc++] = op;
        put_args(t, t->pc, word_op, n, args);
        t->pc += (uint32_t)n;
    }
#if WISP_ACC
    t->acc_end1 = t->acc_end0;
    t->acc_slot1 = t->acc_slot0;
    t->acc_end0 = t->acc_end;
    t->acc_slot0 = t->acc_slot;
    t->acc_end = op < OP__COUNT && wisp_op_sets_acc[op] ? t->pc : NO_FIXUP;
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

/* The straight way in from the entry ends: the locals not written on it
 * must be zero. */
static void entry_ends(tr *t)
{
    if (!t->past_entry)
        t->must_zero |= t->unwritten;
    t->past_entry = true;
}

/* A branch target at pc: no fusing across it, and the way in ends. */
static void label_at(tr *t, uint32_t pc)
{
    entry_ends(t);
    t->label_pc = pc;
}

/* A branch word waiting for its target (a "fix"): its position, and how
 * far it is into its instruction, k. The offset it gets counts from the
 * instruction's first word, so that a taken branch adds it to ip and is
 * done (interp.c JUMP); a br_table's targets, k 0, count from their own
 * word. A branch's target word is its last (k at most 7); fix_last is the
 * one of the instruction just emitted. */
#define FIX(word, k) ((word) << 3 | (k))
#define FIX_MAX_WORDS (UINT32_C(1) << 28) /* (a function's code: FIX fits) */

static uint32_t fix_last(tr *t, uint32_t word) { return FIX(word, word - t->last.pc); }

static void patch(tr *t, uint32_t fix, uint32_t target)
{
    const uint32_t at = fix >> 3, from = at - (fix & 7);
    if (target == t->pc)
        label_at(t, target);
    if (t->code)
        t->code[at] = (uint32_t)((int32_t)target - (int32_t)from);
}

/* chain: fixes linked through their words (each holds the next one) */
static void patch_chain(tr *t, uint32_t chain, uint32_t target)
{
    if (target == t->pc) /* (in both modes: the chain is empty in a lookup) */
        label_at(t, target);
    while (t->code && chain != NO_FIXUP) {
        uint32_t next = t->code[chain >> 3];
        patch(t, chain, target);
        chain = next;
    }
}

/* ---- the operand stack ---- */

static wisp_err push(tr *t, uint8_t type)
{
    if (t->h == t->stack_cap) {
        t->grow = true;
        return WISP_ERR_NOMEM;
    }
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
    /* field by field: gcc makes the struct copy a memcpy call on ARMv6-M */
    const opd *top = &t->stack[--t->h];
    o->type = top->type;
    o->kind = top->kind;
    o->slot = top->slot;
    o->pos = top->pos;
    o->home = top->home;
    o->imm = top->imm;
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
    /* (WISP_MOVE32: COPY and the forms it fuses into move 32 bits) */
    if (WISP_MOVE32 && (o->type == WISP_I64 || o->type == WISP_F64 ||
                        (UINTPTR_MAX > UINT32_MAX && wisp_is_reftype(o->type))))
        return EMIT(t, OP_COPY64, dst, o->slot);
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
                t->code[t->last_dst] = wisp_slot_word(dst);
            heads_drop(t, t->last_dst);
            t->last.args[0] = dst; /* (d comes first, or first of the second half) */
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

/* Emit a jump to label c; `fix` is where the branch target goes. */
static void link_branch(tr *t, ctl *c, uint32_t fix)
{
    if (c->kind == C_LOOP) {
        patch(t, fix, c->target);
    } else if (t->code) {
        t->code[fix >> 3] = c->fixups;
        c->fixups = fix;
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

#if !WISP_COMPACT
/* A back edge to a loop whose head starts with moves (its phis): the
 * branch makes them itself, with the move just before it if there is one,
 * and goes on past them: one instruction less each iteration. A head move
 * undoing the move before it (s <- d after d <- s: the two are equal) is
 * dropped. More than
 * three moves, or moves before it already paired (their first unknown
 * here), and the branch goes to the head as usual. A move repeating the
 * one before it is dropped too. */
static wisp_err thread_moves(tr *t, ctl *c)
{
    static const uint16_t with_br[] = {OP_BR, OP_COPY_BR, OP_COPY2_BR, OP_COPY3_BR};
    uint32_t mv[7];
    uint32_t n = 0;
    /* the moves just before the branch (no label between) go first */
    const uint32_t pre = t->label_pc == t->pc ? 0
                         : LAST_IS(t, COPY) ? 1 : LAST_IS(t, COPY2) ? 2 : LAST_IS(t, COPY3) ? 3 : 0;
    for (; n < 2 * pre; n++)
        mv[n] = t->last.args[n];
    /* (a loop of nothing but its head: the usual COPY_BR) */
    bool ok = t->pc > c->head_end;
    for (uint32_t i = 0; ok && i < c->head_n; i++) {
        const uint32_t d = c->head[2 * i], s = c->head[2 * i + 1];
        uint32_t j = n;
        while (j >= 2 && mv[j - 2] != d && mv[j - 2] != s)
            j -= 2;
        if (d == s || (j >= 2 && ((mv[j - 2] == s && mv[j - 1] == d) || (mv[j - 2] == d && mv[j - 1] == s))))
            continue;
        if (n == 6)
            ok = false;
        else {
            mv[n++] = d;
            mv[n++] = s;
        }
    }
    if (!ok) {
        TRY(EMIT(t, OP_BR, 0));
        link_branch(t, c, fix_last(t, t->pc - 1));
        return WISP_OK;
    }
    if (pre)
        unemit_last(t);
    mv[n] = 0;
    TRY(emit_op(t, with_br[n / 2], (int)n + 1, mv));
    patch(t, fix_last(t, t->pc - 1), c->head_end);
    return WISP_OK;
}
#endif

static wisp_err emit_br(tr *t, ctl *c)
{
    if (dead(t))
        return WISP_OK;
    if (c->kind == C_FUNC) {
        TRY(move_top(t, 0, c->nresults));
        return EMIT0(t, OP_RETURN);
    }
    TRY(move_top(t, home(t, c->height), label_arity(c)));
#if !WISP_COMPACT
    if (c->kind == C_LOOP && c->head_n && !dead(t))
        return thread_moves(t, c);
#endif
    TRY(EMIT(t, OP_BR, 0));
    link_branch(t, c, fix_last(t, t->pc - 1));
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
    if (t->nctl == t->ctl_cap) {
        t->grow = true;
        return WISP_ERR_NOMEM;
    }
    c->dead = t->nctl ? dead(t) : false;
    c->unreachable = false;
    c->fixups = NO_FIXUP;
    c->else_fix = NO_FIXUP;
    ctl *n = &t->ctls[t->nctl++];
    if (t->nctl > t->max_ctl)
        t->max_ctl = t->nctl;
    wisp_memcpy(n, c, sizeof *n); /* (gcc's struct copy may call memcpy) */
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
            t->code[t->last_dst] = wisp_slot_word(x);
        heads_drop(t, t->last_dst);
        t->last.args[0] = x;
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
    /* (a guess word, where the op has one, starts at 0: never a callee) */
    const uint32_t args[] = {a, b, idx_slot, base, 0};
    const uint32_t two[] = {a, base, 0};
    TRY(emit_op(t, op, wisp_op_args[op], n == 2 ? two : args));
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
    ctl done_c;
    wisp_memcpy(&done_c, c, sizeof done_c);
    t->nctl--;
    if (done_c.else_fix != NO_FIXUP)
        patch(t, done_c.else_fix, t->pc);
    if (done_c.kind != C_LOOP)
        patch_chain(t, done_c.fixups, t->pc);
    t->last_dst = NO_FIXUP; /* a label here: no retargeting across it */
    return push_types(t, done_c.results, done_c.nresults);
}

#include "ops.inc"

/* One function body: the operators in order, each by its family. */
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
        case 0x01: /* nop */
            break;
        case 0x0b: /* end */
            t->op_name = "end";
            TRY(op_end(t, &done));
            break;
        case 0x00: case 0x02: case 0x03: case 0x04: case 0x05:
        case 0x0c: case 0x0d: case 0x0e: case 0x0f:
            TRY(op_control(t, op));
            break;
        case 0x10: case 0x11: case 0x12: case 0x13:
            TRY(op_call(t, op));
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
                TRY(op_value(t, op));
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

/* The slots a call of f zeroes: those of the declared locals the body
 * may read before it writes them (t->must_zero; from 64 on, all). */
static void zero_range(const tr *t, const wisp_functype *ft, wisp_funcdef *f)
{
    f->zero_from = f->zero_to = ft->nparam_slots;
    for (uint32_t i = ft->nparams; i < t->nlocals; i++) {
        if (i < 64 && !(t->must_zero >> i & 1))
            continue;
        const uint32_t at = t->local_slot[i], end = at + wisp_type_slots(t->local_types[i]);
        if (f->zero_from == f->zero_to)
            f->zero_from = at;
        f->zero_to = end;
    }
}

/* One translation with scratch stacks of these sizes; *grow when one was
 * too small. */
static wisp_err translate_with(wisp_arena *a, const wisp_module *m, uint32_t funcidx,
                               wisp_locate *loc, uint32_t stack_cap, uint32_t ctl_cap, bool *grow,
                               size_t *scratch, const void *const *handlers)
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
    t.handlers = handlers;
    uint32_t ndecl;
    wisp_err e = read_locals(&t, ft, &ndecl);
    if (e)
        goto out;
    t.stack_cap = stack_cap;
    t.ctl_cap = ctl_cap;
    t.stack = wisp_scratch_alloc(a, (size_t)t.stack_cap * sizeof *t.stack);
    t.ctls = wisp_scratch_alloc(a, (size_t)t.ctl_cap * sizeof *t.ctls);
    if (!t.stack || !t.ctls) {
        e = nomem(&t);
        goto out;
    }
    if (scratch)
        *scratch = a->scratch - mark;
    if (loc) {
        t.cap = UINT32_MAX;
        e = body(&t, ft);
        goto out;
    }
    /* the code grows into what is free; committed when done */
    t.code = (uint32_t *)(a->base + a->used);
    t.cap = (uint32_t)((a->size - a->used - a->scratch) / sizeof(uint32_t));
    if (t.cap > FIX_MAX_WORDS)
        t.cap = FIX_MAX_WORDS;
    e = body(&t, ft);
    /* what it wrote, kept or not, is no longer known to be zero */
    wisp_arena_touched(a, a->used + (size_t)(t.pc > t.pc_hi ? t.pc : t.pc_hi) * sizeof(uint32_t));
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
    zero_range(&t, ft, f);
    f->max_ctl = t.max_ctl;
    f->frame_slots = t.max_slot;
    if (ft->nresult_slots > f->frame_slots)
        f->frame_slots = ft->nresult_slots;
out:
    *grow = t.grow;
    wisp_scratch_release(a, mark);
    return e;
}

/* The operand and control stacks are scratch sized by what the body
 * needs, not by its length: small at first, twice as large and the body
 * translated again when one overflows (translation is cheap next to what
 * an arena sized for the worst case costs a microcontroller). Every push
 * and block needs a byte of body, which bounds them. */
#define FIRST_STACK 48u
#define FIRST_CTLS 16u

/* The scratch an exact pass over f takes: what translate_with and
 * read_locals allocate with exact stacks, each rounded as the arena
 * rounds. (A code cache leaves this much room; if it ever fell short, the
 * cache would make more room and try again.) */
size_t wisp_translate_scratch(const wisp_funcdef *f)
{
#define ROUND8(x) (((size_t)(x) + 7u) & ~(size_t)7u)
    return ROUND8(f->nlocals + 1) + ROUND8(((size_t)f->nlocals + 1) * sizeof(uint32_t)) +
           ROUND8((size_t)(f->frame_slots - f->nlocal_slots + 1) * sizeof(opd)) +
           ROUND8((size_t)(f->max_ctl + 1) * sizeof(ctl));
#undef ROUND8
}

/* exact: the body was translated before, which measured its stacks
 * (frame_slots, max_ctl): one pass with them sized exactly. */
static wisp_err translate(wisp_arena *a, const wisp_module *m, uint32_t funcidx, wisp_locate *loc,
                          bool exact, size_t *scratch, const void *const *handlers)
{
    const wisp_funcdef *f = &m->funcs[funcidx];
    bool grow = false;
    if (exact)
        return translate_with(a, m, funcidx, loc, f->frame_slots - f->nlocal_slots + 1,
                              f->max_ctl + 1, &grow, scratch, handlers);
    const uint32_t stack_max = f->body_len + 1, ctl_max = f->body_len + 2;
    uint32_t stack_cap = stack_max < FIRST_STACK ? stack_max : FIRST_STACK;
    uint32_t ctl_cap = ctl_max < FIRST_CTLS ? ctl_max : FIRST_CTLS;
    for (;;) {
        wisp_err e = translate_with(a, m, funcidx, loc, stack_cap, ctl_cap, &grow, scratch,
                                    handlers);
        if (e != WISP_ERR_NOMEM || !grow)
            return e;
        if (stack_cap == stack_max && ctl_cap == ctl_max) /* cannot happen: the bound holds */
            return wisp_arena_fail(a, WISP_ERR_NOMEM, f->body_off, "translation stacks overflow");
        stack_cap = stack_cap > stack_max / 2 ? stack_max : stack_cap * 2;
        ctl_cap = ctl_cap > ctl_max / 2 ? ctl_max : ctl_cap * 2;
    }
}

wisp_err wisp_translate(wisp_arena *a, wisp_module *m, uint32_t funcidx, size_t *scratch)
{
    return translate(a, m, funcidx, NULL, false, scratch, wisp_handlers());
}

wisp_err wisp_translate_again(wisp_arena *a, wisp_module *m, uint32_t funcidx,
                              const void *const *handlers)
{
    return translate(a, m, funcidx, NULL, true, NULL, handlers);
}

wisp_err wisp_translate_locate(wisp_arena *a, const wisp_module *m, uint32_t funcidx,
                               wisp_locate *loc)
{
    loc->found = false;
    return translate(a, m, funcidx, loc, true, NULL, wisp_handlers());
}
