/* Stack-based bytecode interpreter, like a game's scripting VM: 31 opcodes
 * (constants, locals, arithmetic, compares, jumps, call/return with a frame
 * stack, array load/store, emit), dispatched by one switch (a br_table in
 * wasm). At startup a tiny assembler (labels, fix-ups) writes a script: a
 * sieve of Eratosthenes, Collatz lengths through calls, an LCG-filled array
 * sorted by insertion sort and hashed, recursive Fibonacci and a table of
 * GCDs. The host runs the script a fixed number of times with a different
 * round argument; every value the script emits is mixed into the checksum. */
#include "bench.h"

#ifdef SMALL
#define ROUNDS 2
#define SIEVE_N 800
#define COLLATZ_N 30
#define SORT_N 48
#define FIB_K 11
#define GCD_N 10
#define MEM_N 2048 /* VM data memory, int32 words (power of two) */
#else
#define ROUNDS 8
#define SIEVE_N 8000
#define COLLATZ_N 250
#define SORT_N 256
#define FIB_K 17
#define GCD_N 40
#define MEM_N 16384
#endif

enum {
    HALT, PUSH8, PUSH32, LOAD, STORE, INC, DUP, POP, SWAP,
    ADD, SUB, MUL, DIV, MOD, AND, OR, XOR, SHL, SHR,
    LT, LE, EQ, NE, JMP, JZ, JNZ, CALL, RET, ALOAD, ASTORE, EMIT, NOPCODES
};

#define STACK_N 256
#define FRAME_LOCALS 8
#define DEPTH_N 64
#define CODE_N 2048

static int32_t mem[MEM_N];
static int32_t vstack[STACK_N];
static int32_t vlocals[(DEPTH_N + 1) * FRAME_LOCALS];
static uint32_t rstack[DEPTH_N];
static uint8_t code[CODE_N];

/* ---- the interpreter ---- */

static inline uint32_t imm16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }

static NOINLINE uint32_t vm_run(const uint8_t *bc, int32_t arg, uint32_t out)
{
    int32_t *sp = vstack;      /* next free slot */
    int32_t *fp = vlocals;     /* current frame's locals */
    uint32_t pc = 0, depth = 0;
    fp[0] = arg;
    for (;;) {
        uint8_t op = bc[pc++];
        int32_t a, b;
        switch (op) {
        case HALT: return out;
        case PUSH8: *sp++ = (int8_t)bc[pc++]; break;
        case PUSH32:
            *sp++ = (int32_t)((uint32_t)bc[pc] | (uint32_t)bc[pc + 1] << 8 |
                              (uint32_t)bc[pc + 2] << 16 | (uint32_t)bc[pc + 3] << 24);
            pc += 4;
            break;
        case LOAD: *sp++ = fp[bc[pc++]]; break;
        case STORE: fp[bc[pc++]] = *--sp; break;
        case INC:
            fp[bc[pc]] = (int32_t)((uint32_t)fp[bc[pc]] + (uint32_t)(int8_t)bc[pc + 1]);
            pc += 2;
            break;
        case DUP: sp[0] = sp[-1]; sp++; break;
        case POP: sp--; break;
        case SWAP: a = sp[-1]; sp[-1] = sp[-2]; sp[-2] = a; break;
#define BINOP(expr) b = *--sp; a = sp[-1]; sp[-1] = (expr); break
        case ADD: BINOP((int32_t)((uint32_t)a + (uint32_t)b));
        case SUB: BINOP((int32_t)((uint32_t)a - (uint32_t)b));
        case MUL: BINOP((int32_t)((uint32_t)a * (uint32_t)b));
        case DIV: BINOP(b == 0 ? 0 : (b == -1 ? (int32_t)(0u - (uint32_t)a) : a / b));
        case MOD: BINOP(b == 0 || b == -1 ? 0 : a % b);
        case AND: BINOP(a & b);
        case OR: BINOP(a | b);
        case XOR: BINOP(a ^ b);
        case SHL: BINOP((int32_t)((uint32_t)a << (b & 31)));
        case SHR: BINOP((int32_t)((uint32_t)a >> (b & 31)));
        case LT: BINOP(a < b);
        case LE: BINOP(a <= b);
        case EQ: BINOP(a == b);
        case NE: BINOP(a != b);
#undef BINOP
        case JMP: pc = imm16(bc + pc); break;
        case JZ: pc = *--sp == 0 ? imm16(bc + pc) : pc + 2; break;
        case JNZ: pc = *--sp != 0 ? imm16(bc + pc) : pc + 2; break;
        case CALL: {
            uint32_t n = bc[pc + 2];
            if (depth == DEPTH_N) return out ^ 0xdead0001u;
            rstack[depth++] = pc + 3;
            pc = imm16(bc + pc);
            fp += FRAME_LOCALS;
            sp -= n;
            for (uint32_t i = 0; i < n; i++) fp[i] = sp[i];
            break;
        }
        case RET:
            if (depth == 0) return out ^ 0xdead0002u;
            pc = rstack[--depth];
            fp -= FRAME_LOCALS;
            break; /* the return value stays on the stack */
        case ALOAD: sp[-1] = mem[(uint32_t)sp[-1] & (MEM_N - 1)]; break;
        case ASTORE:
            sp -= 2;
            mem[(uint32_t)sp[0] & (MEM_N - 1)] = sp[1];
            break;
        case EMIT: out = mix(out, (uint32_t)*--sp); break;
        default: return out ^ 0xdead0003u;
        }
    }
}

/* ---- a tiny assembler ---- */

#define LABELS_N 64
#define FIXUPS_N 256
static uint32_t cpos;
static int32_t lab_pos[LABELS_N];
static int nlab;
static struct { uint32_t at; int lab; } fixup[FIXUPS_N];
static int nfix;

static void byte(uint32_t v) { if (cpos < CODE_N) code[cpos] = (uint8_t)v; cpos++; }
static int label(void) { lab_pos[nlab] = -1; return nlab++; }
static void here(int l) { lab_pos[l] = (int32_t)cpos; }
static void op(int o) { byte((uint32_t)o); }
static void push(int32_t v)
{
    if (v >= -128 && v < 128) { op(PUSH8); byte((uint32_t)v); return; }
    op(PUSH32);
    for (int i = 0; i < 4; i++) byte((uint32_t)v >> (8 * i));
}
static void ld(int i) { op(LOAD); byte((uint32_t)i); }
static void st(int i) { op(STORE); byte((uint32_t)i); }
static void inc(int i, int d) { op(INC); byte((uint32_t)i); byte((uint32_t)d); }
static void jump(int o, int l)
{
    op(o);
    fixup[nfix].at = cpos;
    fixup[nfix++].lab = l;
    byte(0);
    byte(0);
}
static void call(int l, int nargs) { jump(CALL, l); byte((uint32_t)nargs); }
static int resolve(void)
{
    if (cpos > CODE_N || nfix > FIXUPS_N) return 0;
    for (int i = 0; i < nfix; i++) {
        int32_t p = lab_pos[fixup[i].lab];
        if (p < 0) return 0;
        code[fixup[i].at] = (uint8_t)p;
        code[fixup[i].at + 1] = (uint8_t)(p >> 8);
    }
    return 1;
}

/* VM memory layout (word addresses). */
#define SIEVE_BASE 0
#define SORT_BASE (MEM_N * 3 / 4)

/* The script. main's locals: 0 round, 1 i, 2 acc, 3 max, 4 tmp, 5 j. */
static int assemble(void)
{
    nlab = 0;
    int f_sieve = label(), f_collatz = label(), f_isort = label(), f_fib = label(),
        f_gcd = label();
    cpos = 0;
    nfix = 0;

    /* sieve: emit the number of primes below SIEVE_N - (round & 63) */
    push(SIEVE_N); ld(0); push(63); op(AND); op(SUB);
    call(f_sieve, 1);
    op(EMIT);

    /* Collatz: sum and max of the lengths for n = round*37+1 .. +COLLATZ_N */
    {
        int loop = label(), done = label(), nomax = label();
        push(0); st(2); push(0); st(3); push(1); st(1);
        here(loop);
        ld(1); push(COLLATZ_N); op(LE); jump(JZ, done);
        ld(0); push(37); op(MUL); ld(1); op(ADD);
        call(f_collatz, 1);
        st(4);
        ld(2); ld(4); op(ADD); st(2);
        ld(3); ld(4); op(LT); jump(JZ, nomax);
        ld(4); st(3);
        here(nomax);
        inc(1, 1); jump(JMP, loop);
        here(done);
        ld(2); op(EMIT); ld(3); op(EMIT);
    }

    /* LCG fill, insertion sort, hash (h = h*31 ^ a[i], via SHL/SUB) */
    {
        int fill = label(), filled = label(), hl = label(), hd = label();
        ld(0); push(7919); op(MUL); push(12345); op(ADD); st(4);
        push(0); st(1);
        here(fill);
        ld(1); push(SORT_N); op(LT); jump(JZ, filled);
        ld(4); push(1103515245); op(MUL); push(12345); op(ADD); st(4);
        push(SORT_BASE); ld(1); op(ADD);
        ld(4); push(16); op(SHR); push(0x7fff); op(AND);
        op(ASTORE);
        inc(1, 1); jump(JMP, fill);
        here(filled);
        push(SORT_BASE); push(SORT_N); call(f_isort, 2); op(POP);
        push(0); st(2); push(0); st(1);
        here(hl);
        ld(1); push(SORT_N); op(LT); jump(JZ, hd);
        ld(2); push(5); op(SHL); ld(2); op(SUB);
        push(SORT_BASE); ld(1); op(ADD); op(ALOAD); op(XOR); st(2);
        inc(1, 1); jump(JMP, hl);
        here(hd);
        ld(2); op(EMIT);
        /* the median and the spread, through DIV */
        push(SORT_BASE + SORT_N / 2); op(ALOAD); op(EMIT);
        push(SORT_BASE + SORT_N - 1); op(ALOAD); push(SORT_BASE); op(ALOAD); op(SUB);
        push(SORT_N); op(DIV); op(EMIT);
    }

    /* recursive Fibonacci */
    push(FIB_K); ld(0); push(1); op(AND); op(ADD);
    call(f_fib, 1);
    op(EMIT);

    /* GCD table: acc = sum of gcd(i*7+round, j*13+1) ^ (i | j) */
    {
        int li = label(), lj = label(), ej = label(), ei = label();
        push(0); st(2); push(1); st(1);
        here(li);
        ld(1); push(GCD_N); op(LE); jump(JZ, ei);
        push(1); st(5);
        here(lj);
        ld(5); push(GCD_N); op(LE); jump(JZ, ej);
        ld(1); push(7); op(MUL); ld(0); op(ADD);
        ld(5); push(13); op(MUL); push(1); op(ADD);
        call(f_gcd, 2);
        ld(1); ld(5); op(OR); op(XOR);
        ld(2); op(ADD); st(2);
        inc(5, 1); jump(JMP, lj);
        here(ej);
        inc(1, 1); jump(JMP, li);
        here(ei);
        ld(2); op(EMIT);
    }
    op(HALT);

    /* sieve(limit): 0 limit, 1 i, 2 j, 3 count */
    {
        int clr = label(), clr_end = label(), outer = label(), inner = label(),
            next = label(), done = label();
        here(f_sieve);
        push(0); st(1);
        here(clr);
        ld(1); ld(0); op(LT); jump(JZ, clr_end);
        push(SIEVE_BASE); ld(1); op(ADD); push(0); op(ASTORE);
        inc(1, 1); jump(JMP, clr);
        here(clr_end);
        push(0); st(3); push(2); st(1);
        here(outer);
        ld(1); ld(0); op(LT); jump(JZ, done);
        push(SIEVE_BASE); ld(1); op(ADD); op(ALOAD); push(0); op(NE); jump(JNZ, next);
        inc(3, 1);
        ld(1); op(DUP); op(MUL); st(2);
        here(inner);
        ld(2); ld(0); op(LT); jump(JZ, next);
        push(SIEVE_BASE); ld(2); op(ADD); push(1); op(ASTORE);
        ld(2); ld(1); op(ADD); st(2);
        jump(JMP, inner);
        here(next);
        inc(1, 1); jump(JMP, outer);
        here(done);
        ld(3); op(RET);
    }

    /* collatz(n): 0 n, 1 steps */
    {
        int loop = label(), even = label(), cnt = label(), done = label();
        here(f_collatz);
        push(0); st(1);
        here(loop);
        ld(0); push(1); op(EQ); jump(JNZ, done);
        ld(0); push(1); op(AND); jump(JZ, even);
        ld(0); push(3); op(MUL); push(1); op(ADD); st(0);
        jump(JMP, cnt);
        here(even);
        ld(0); push(2); op(DIV); st(0);
        here(cnt);
        inc(1, 1); jump(JMP, loop);
        here(done);
        ld(1); op(RET);
    }

    /* isort(base, n): 0 base, 1 n, 2 i, 3 j, 4 key; returns 0 */
    {
        int outer = label(), inner = label(), place = label(), done = label();
        here(f_isort);
        push(1); st(2);
        here(outer);
        ld(2); ld(1); op(LT); jump(JZ, done);
        ld(0); ld(2); op(ADD); op(ALOAD); st(4);
        ld(2); push(1); op(SUB); st(3);
        here(inner);
        ld(3); push(0); op(LT); jump(JNZ, place);
        ld(0); ld(3); op(ADD); op(ALOAD); ld(4); op(LE); jump(JNZ, place);
        ld(0); ld(3); op(ADD); push(1); op(ADD);
        ld(0); ld(3); op(ADD); op(ALOAD);
        op(ASTORE);
        inc(3, -1); jump(JMP, inner);
        here(place);
        ld(0); ld(3); op(ADD); push(1); op(ADD); ld(4); op(ASTORE);
        inc(2, 1); jump(JMP, outer);
        here(done);
        push(0); op(RET);
    }

    /* fib(n): 0 n */
    {
        int rec = label();
        here(f_fib);
        ld(0); push(2); op(LT); jump(JZ, rec);
        ld(0); op(RET);
        here(rec);
        ld(0); push(1); op(SUB); call(f_fib, 1);
        ld(0); push(2); op(SUB); call(f_fib, 1);
        op(ADD); op(RET);
    }

    /* gcd(a, b): 0 a, 1 b, 2 t */
    {
        int loop = label(), done = label();
        here(f_gcd);
        here(loop);
        ld(1); jump(JZ, done);
        ld(0); ld(1); op(MOD); st(2);
        ld(1); st(0); ld(2); st(1);
        jump(JMP, loop);
        here(done);
        ld(0); op(RET);
    }
    return resolve();
}

BENCH_RUN
{
    if (!assemble()) return 1;
    uint32_t h = mix(0, cpos);
    for (int r = 0; r < ROUNDS; r++) h = vm_run(code, r, mix(h, (uint32_t)r));
    return h;
}
