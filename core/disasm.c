/* The disassembler for internal code (wisp_disasm.h): one line of text
 * per instruction. Names and operand kinds come from the lists in
 * opcodes.h and simd.h (WISP_INTERNAL's operand kinds among them), lengths
 * from opinfo.h. A separate object: nothing else in the core
 * calls it, so firmware that does not use it does not link it. */
#include "wisp_int.h"
#include "wisp_disasm.h"
#include "opcodes.h"
#include "opinfo.h"
#include "simd.h"
#include "opkinds.h"

#if WISP_SIMD
#define OP_END_ OP_SIMD__END
#else
#define OP_END_ OP__COUNT
#endif

static const char *const names[] = {
#define X(name, ...) #name,
    WISP_SCALAR_OPS(X)
#if WISP_SIMD
    WISP_SIMD_INTERNAL(X)
#endif
#undef X
};


uint32_t wisp_disasm_op_count(void) { return OP_END_; }

const char *wisp_disasm_op_name(uint32_t op)
{
#if WISP_SIMD
    if (op >= OP_V128_LOAD && op < OP_SIMD__END)
        return wisp_simd_name(op - OP_V128_LOAD);
#endif
    return op < sizeof names / sizeof *names ? names[op] : NULL;
}

/* In the compact configuration some ops share a handler (ALIAS and the
 * omitted forms in interp.c): the word then names the first of them in
 * numbering order, and it is that op's name that is printed. */
uint32_t wisp_disasm_word_op(uint32_t word)
{
    const void *const *h = wisp_handlers();
    if (!h)
        return word < OP_END_ ? word : UINT32_MAX;
    for (uint32_t op = 0; op < OP_END_; op++)
        if (wisp_op_word(h, op) == word)
            return op;
    return UINT32_MAX;
}

uint32_t wisp_disasm_insn_op(const uint32_t *ip)
{
    uint32_t op = wisp_disasm_word_op(ip[0]);
#if WISP_SIMD
    if (op == OP_V128_LOAD && wisp_handlers())
        op = ip[1]; /* the shared SIMD handler: the opcode follows */
#endif
    return op;
}

/* ---- text ---- */

typedef struct out {
    char buf[200];
    uint32_t len;
} out;

static void put_s(out *o, const char *s)
{
    while (*s && o->len + 1 < sizeof o->buf)
        o->buf[o->len++] = *s++;
    o->buf[o->len] = 0;
}

static void put_u64(out *o, uint64_t v, unsigned base)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    char s[26];
    int k = 0;
    if (base == 16) {
        s[k++] = '0';
        s[k++] = 'x';
    }
    while (n)
        s[k++] = tmp[--n];
    s[k] = 0;
    put_s(o, s);
}

static void put_i64(out *o, int64_t v)
{
    if (v < 0)
        put_s(o, "-");
    put_u64(o, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, 10);
}

/* A float's value, roughly (six decimals), for reading: the bits printed
 * before it are exact. Only plain magnitudes; others show the bits only. */
static void put_float(out *o, double v, bool neg)
{
    if (v != v) {
        put_s(o, " (nan)");
        return;
    }
    if (neg)
        v = -v;
    if (v > 1e15 || (v != 0 && v < 1e-6)) {
        put_s(o, v > 1e308 ? (neg ? " (-inf)" : " (inf)") : "");
        return;
    }
    uint64_t ip = (uint64_t)v, frac = (uint64_t)((v - (double)ip) * 1e6 + 0.5);
    if (frac >= 1000000) {
        ip++;
        frac -= 1000000;
    }
    put_s(o, neg ? " (-" : " (");
    put_u64(o, ip, 10);
    if (frac) {
        char d[8] = ".000000";
        for (int i = 6; i > 0; i--, frac /= 10)
            d[i] = (char)('0' + frac % 10);
        for (int i = 6; d[i] == '0'; i--)
            d[i] = 0;
        put_s(o, d);
    }
    put_s(o, ")");
}

static double f32_val(uint32_t b) { union { uint32_t u; float f; } x = {b}; return x.f; }
static double f64_val(uint64_t b) { union { uint64_t u; double f; } x = {b}; return x.f; }

static void put_target(out *o, uint32_t at, uint32_t word)
{
    put_s(o, " -> ");
    put_u64(o, (uint64_t)at + (uint64_t)(int64_t)(int32_t)word, 10);
}

/* "    12: " */
static void start(out *o, uint32_t pc)
{
    o->len = 0;
    o->buf[0] = 0;
    char n[12];
    int k = 0;
    do {
        n[k++] = (char)('0' + pc % 10);
        pc /= 10;
    } while (pc);
    for (int i = k; i < 6; i++)
        put_s(o, " ");
    char s[12];
    for (int i = 0; i < k; i++)
        s[i] = n[k - 1 - i];
    s[k] = 0;
    put_s(o, s);
    put_s(o, ": ");
}

wisp_err wisp_func_disasm(const wisp_module *m, uint32_t func_index, wisp_disasm_line_fn line,
                          void *ctx, wisp_disasm_stats *stats)
{
    if (!m || !line || func_index >= m->nfuncs || !m->funcs[func_index].code)
        return WISP_ERR_ARG;
    if (m->cache && m->funcs[func_index].code == m->cache->stub)
        return WISP_ERR_NOT_FOUND; /* not in the code cache now */
    const uint32_t *code = m->funcs[func_index].code, len = m->funcs[func_index].code_len;
#if WISP_SIMD
    const void *const *h = wisp_handlers();
#endif
    wisp_disasm_stats st = {0, len, m->funcs[func_index].zero_from, m->funcs[func_index].zero_to};
    out o;
    wisp_err err = WISP_OK;
    for (uint32_t pc = 0; pc < len; st.instructions++) {
        start(&o, pc);
        uint32_t op = wisp_disasm_word_op(code[pc]), at = pc + 1; /* first operand word */
        const char *fmt = NULL;
        uint32_t words = 0; /* after the opcode word(s) */
#if WISP_SIMD
        if (op >= OP_V128_LOAD && op < OP_SIMD__END && h) {
            /* directly threaded: the SIMD handler, then the opcode */
            op = at < len && code[at] >= OP_V128_LOAD && code[at] < OP_SIMD__END ? code[at]
                                                                                 : UINT32_MAX;
            at++;
        }
        if (op >= OP_V128_LOAD && op < OP_SIMD__END) {
            fmt = shape_fmt[wisp_simd_ops[op - OP_V128_LOAD].shape];
            words = (uint32_t)wisp_strlen(fmt);
        } else if (op >= OP__COUNT && op < OP_V128_LOAD) {
            fmt = simd_internal_fmt[op - OP__COUNT];
            words = simd_internal_words[op - OP__COUNT];
        }
#endif
        if (op < OP__COUNT) {
            fmt = scalar_fmt(op);
            words = wisp_op_args[op];
            if (wisp_op_is_table(op) && at + words - 1 < len) { /* its n + 1 targets */
                const uint64_t n = (uint64_t)code[at + words - 1] + 1;
                words += n > len ? len : (uint32_t)n;
            }
        }
        if (op == UINT32_MAX) {
            put_s(&o, "?? unknown opcode word ");
            put_u64(&o, code[pc], 16);
            line(ctx, o.buf);
            err = WISP_ERR_INVALID;
            break;
        }
        const uint32_t paired = op;
        op = wisp_op_unpaired(op); /* the instruction itself */
        put_s(&o, wisp_disasm_op_name(op));
        if (at > len || words > len - at) {
            put_s(&o, " ?? runs past the end of the code (");
            put_u64(&o, len, 10);
            put_s(&o, " words)");
            line(ctx, o.buf);
            err = WISP_ERR_INVALID;
            break;
        }
        for (uint32_t i = 0; i < words; i++) {
            const uint32_t w = code[at + i];
            const bool in_fmt = fmt[0] != 0; /* (not a table's targets after it) */
            const char k = in_fmt ? *fmt++ : (wisp_op_is_table(op) ? 'T' : 'u');
            if (k == 'T' && wisp_op_is_table(op) && o.len > sizeof o.buf - 16) {
                line(ctx, o.buf); /* a long table: more lines */
                start(&o, at + i);
                put_s(&o, "  ...");
            }
            switch (k) {
            case 's': put_s(&o, " s"); put_u64(&o, wisp_slot_index(w), 10); break;
            case 'i': put_s(&o, " #"); put_i64(&o, (int32_t)w); break;
            case 'x': put_s(&o, " #"); put_u64(&o, w, 16); break;
            case 'c': put_s(&o, " f"); put_u64(&o, w, 10); break;
            case 'e': put_s(&o, " end="); put_u64(&o, w, 10); break;
            case 'g': break; /* written as the code runs: not the module's */
            case 'T': /* a branch's counts from its first word, a table's from itself */
                put_target(&o, in_fmt ? pc : at + i, w);
                break;
            case 'o': put_s(&o, " "); put_s(&o, w < OP_END_ ? wisp_disasm_op_name(w) : "??"); break;
            case 'f': put_s(&o, " #"); put_u64(&o, w, 16); put_float(&o, f32_val(w), w >> 31); break;
            case 'D':
            case 'L': {
                const uint64_t v = (uint64_t)code[at + i + 1] << 32 | w;
                put_s(&o, " #");
                if (k == 'L') {
                    put_i64(&o, (int64_t)v);
                } else {
                    put_u64(&o, v, 16);
                    put_float(&o, f64_val(v), v >> 63);
                }
                i++, fmt++; /* the second word */
                break;
            }
            default: put_s(&o, " #"); put_u64(&o, w, 10); break;
            }
        }
        if (paired != op)
            put_s(&o, " (paired)"); /* goes on into the next by a direct jump */
        line(ctx, o.buf);
        pc = at + words;
    }
    if (stats)
        *stats = st;
    return err;
}
