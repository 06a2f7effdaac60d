/* Lexer for a C-like language, as the front of a compiler or a script
 * loader: make a deterministic source text (identifiers, keywords, decimal
 * and hex numbers, string literals with escapes, // and block comments,
 * one- and two-char operators, punctuation, indented lines), then lex it
 * byte by byte with a 256-entry character-class table and a switch over 13
 * dense states (a br_table in wasm). Identifiers are checked against the
 * keywords through a small open-addressing hash table, numbers are converted
 * to their values, tokens are counted per kind and every token's kind,
 * length and value is folded into the checksum. A few digits and letters of
 * the text change between passes. */
#include "bench.h"

#ifdef SMALL
#define SRC_N 4096
#define PASSES 12
#else
#define SRC_N 65536
#define PASSES 56
#endif
#define MUTATE 16

/* Character classes (low 4 bits of ctab) and operator flags. */
enum {
    C_OTHER, C_SPACE, C_NL, C_ALPHA, C_DIGIT, C_QUOTE, C_SLASH, C_OP, C_PUNCT,
};
#define F_EQ 0x10  /* may be followed by '=' (==, <=, +=, ...) */
#define F_DBL 0x20 /* may be doubled (&&, ||, ++, --, <<, >>) */

/* Lexer states: dense, so the switch is a jump table. */
enum {
    S_START, S_IDENT, S_ZERO, S_DEC, S_HEXPFX, S_HEX, S_STR, S_ESC,
    S_SLASH, S_LINECMT, S_BLOCKCMT, S_BLOCKSTAR, S_OP, NSTATES
};

/* Token kinds. */
enum {
    T_IDENT, T_KW, T_DEC, T_HEX, T_STR, T_OP1, T_OP2, T_PUNCT, T_CMT, T_ERR,
    NKINDS
};

static uint8_t src[SRC_N];
static uint32_t src_len;
static uint8_t ctab[256];
static uint8_t hexv[256]; /* 0..15, or 0xff */
static uint8_t escv[256]; /* value of the char after a backslash */

static const char *const kwords[] = {
    "if", "else", "while", "for", "do", "return", "int", "char",
    "void", "struct", "break", "continue", "switch", "case", "default",
    "static", "const", "unsigned", "sizeof", "typedef", "enum", "long",
    "short", "goto",
};
#define NKW (int)(sizeof kwords / sizeof kwords[0])
#define KW_SLOTS 64
static uint8_t kw_slot[KW_SLOTS]; /* keyword index + 1, 0 = empty */
static uint32_t kw_hash[NKW];
static uint8_t kw_len[NKW];

static const char *const ops[] = {
    "==", "!=", "<=", ">=", "&&", "||", "->", "++", "--", "+=", "-=", "<<",
    ">>", "*=", "+", "-", "*", "/", "%", "<", ">", "=", "!", "&", "|", "^",
    "~", "=", "+", "*",
};
#define NOPS (int)(sizeof ops / sizeof ops[0])
static const char punct[] = "(){}[];,.;(),?:";

static inline uint32_t id_step(uint32_t h, uint8_t c) { return (h * 33u) ^ c; }
static inline uint32_t kw_home(uint32_t h) { return (h ^ (h >> 7)) & (KW_SLOTS - 1); }

static void init_tables(void)
{
    for (int c = 0; c < 256; c++) {
        uint8_t k = C_OTHER;
        if (c == ' ' || c == '\t' || c == '\r') k = C_SPACE;
        else if (c == '\n') k = C_NL;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') k = C_ALPHA;
        else if (c >= '0' && c <= '9') k = C_DIGIT;
        else if (c == '"') k = C_QUOTE;
        else if (c == '/') k = C_SLASH;
        else if (c == '=' || c == '<' || c == '>' || c == '!' || c == '+' || c == '-' ||
                 c == '*' || c == '%' || c == '&' || c == '|' || c == '^' || c == '~')
            k = C_OP;
        else if (c == '(' || c == ')' || c == '{' || c == '}' || c == '[' || c == ']' ||
                 c == ';' || c == ',' || c == '.' || c == '?' || c == ':')
            k = C_PUNCT;
        if (k == C_OP && c != '~') k |= F_EQ;
        if (c == '&' || c == '|' || c == '+' || c == '-' || c == '<' || c == '>' || c == '=')
            k |= F_DBL;
        ctab[c] = k;
        hexv[c] = c >= '0' && c <= '9' ? (uint8_t)(c - '0')
                : c >= 'a' && c <= 'f' ? (uint8_t)(c - 'a' + 10)
                : c >= 'A' && c <= 'F' ? (uint8_t)(c - 'A' + 10) : 0xff;
        escv[c] = (uint8_t)c;
    }
    escv['n'] = 10;
    escv['t'] = 9;
    escv['r'] = 13;
    escv['0'] = 0;
    for (int i = 0; i < KW_SLOTS; i++) kw_slot[i] = 0;
    for (int k = 0; k < NKW; k++) {
        const char *s = kwords[k];
        uint32_t h = (uint8_t)*s++;
        uint8_t n = 1;
        while (*s) { h = id_step(h, (uint8_t)*s++); n++; }
        kw_hash[k] = h;
        kw_len[k] = n;
        uint32_t slot = kw_home(h);
        while (kw_slot[slot]) slot = (slot + 1) & (KW_SLOTS - 1);
        kw_slot[slot] = (uint8_t)(k + 1);
    }
}

/* Keyword index + 1 of src[start..start+len), or 0 for an identifier. */
static inline int kw_lookup(uint32_t start, uint32_t len, uint32_t h)
{
    uint32_t slot = kw_home(h);
    int k;
    while ((k = kw_slot[slot]) != 0) {
        if (kw_hash[k - 1] == h && kw_len[k - 1] == len) {
            const char *w = kwords[k - 1];
            uint32_t i = 0;
            while (i < len && src[start + i] == (uint8_t)w[i]) i++;
            if (i == len) return k;
        }
        slot = (slot + 1) & (KW_SLOTS - 1);
    }
    return 0;
}

/* ---- source text generator ---- */

static uint32_t gpos;
static uint32_t gseed;

static inline void put(uint8_t c) { src[gpos++] = c; }
static void put_s(const char *s) { while (*s) put((uint8_t)*s++); }
static inline uint32_t pick(uint32_t n) { return rnd(&gseed) % n; }

static const char id_first[] = "abcdefghijklmnopqrstuvwxyz_ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char id_rest[] = "abcdefghijklmnopqrstuvwxyz_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
static const char hexd[] = "0123456789abcdefABCDEF";

static void gen_words(int n)
{
    for (int w = 0; w < n; w++) {
        int len = 1 + (int)pick(7);
        for (int i = 0; i < len; i++) put((uint8_t)('a' + pick(26)));
        put(' ');
    }
}

static void gen_indent(int depth)
{
    put('\n');
    for (int i = 0; i < depth; i++) put(pick(4) ? ' ' : '\t');
}

static void generate(void)
{
    gpos = 0;
    gseed = 0x6b43a9b5u;
    while (gpos < SRC_N - 96) {
        uint32_t r = pick(64);
        if (r < 14) { /* identifier */
            int len = 1 + (int)pick(9);
            put((uint8_t)id_first[pick(sizeof id_first - 1)]);
            for (int i = 1; i < len; i++) put((uint8_t)id_rest[pick(sizeof id_rest - 1)]);
        } else if (r < 21) { /* keyword */
            put_s(kwords[pick(NKW)]);
        } else if (r < 26) { /* decimal */
            int len = 1 + (int)pick(9);
            put((uint8_t)(len == 1 ? '0' + pick(10) : '1' + pick(9)));
            for (int i = 1; i < len; i++) put((uint8_t)('0' + pick(10)));
        } else if (r < 28) { /* hex */
            int len = 1 + (int)pick(8);
            put('0');
            put(pick(4) ? 'x' : 'X');
            for (int i = 0; i < len; i++) put((uint8_t)hexd[pick(sizeof hexd - 1)]);
        } else if (r < 30) { /* string literal with escapes */
            int len = (int)pick(16);
            put('"');
            for (int i = 0; i < len; i++) {
                uint32_t e = pick(10);
                if (e == 0) { put('\\'); put((uint8_t)"ntr0\\\""[pick(6)]); }
                else if (e < 3) put(' ');
                else put((uint8_t)id_rest[pick(sizeof id_rest - 1)]);
            }
            put('"');
        } else if (r < 31) { /* line comment */
            put_s("// ");
            gen_words(1 + (int)pick(6));
            gen_indent((int)pick(9));
            continue;
        } else if (r < 32) { /* block comment, maybe over lines */
            put_s("/* ");
            gen_words(1 + (int)pick(5));
            if (pick(2)) { gen_indent(1); put('*'); put(' '); gen_words(1 + (int)pick(5)); }
            put_s("*/");
        } else if (r < 44) { /* operator */
            const char *o = ops[pick(NOPS)];
            put_s(o);
            if (o[0] == '/' || o[0] == '*') put(' '); /* never start a comment */
        } else if (r < 56) { /* punctuation */
            put((uint8_t)punct[pick(sizeof punct - 1)]);
        } else { /* new line */
            gen_indent((int)pick(9));
            continue;
        }
        if (pick(2)) put(' ');
    }
    put('\n');
    src_len = gpos;
    while (gpos < SRC_N) put(0);
}

/* Change a few digits to digits and lower-case letters to letters. */
static void mutate(uint32_t *seed)
{
    for (int m = 0; m < MUTATE; m++) {
        uint32_t r = rnd(seed);
        uint32_t at = (r >> 8) % src_len;
        uint8_t c = src[at];
        if (c >= '0' && c <= '9') src[at] = (uint8_t)('0' + (r & 0xff) % 10);
        else if (c >= 'a' && c <= 'z') src[at] = (uint8_t)('a' + (r & 0xff) % 26);
    }
}

/* ---- the lexer ---- */

typedef struct {
    uint32_t kind[NKINDS];
    uint32_t kw[NKW];
    uint32_t lines;
    uint32_t h;
} lexstats;

static lexstats st;

#define EMIT(k, v, len) do {                                            \
        st.kind[k]++;                                                   \
        h = mix(h, (uint32_t)(v) + ((uint32_t)(k) << 24 | (uint32_t)(len) << 16)); \
    } while (0)

static NOINLINE void lex(const uint8_t *s, uint32_t n)
{
    uint32_t h = st.h, lines = st.lines;
    uint32_t i = 0, start = 0, val = 0;
    uint8_t c0 = 0;
    int state = S_START;
    while (i < n) {
        uint8_t c = s[i];
        uint8_t cls = ctab[c] & 15;
        switch (state) {
        case S_START:
            start = i++;
            if (cls == C_ALPHA) { val = c; state = S_IDENT; }
            else if (cls == C_SPACE) {}
            else if (cls == C_NL) lines++;
            else if (cls == C_DIGIT) { val = c - '0'; state = c == '0' ? S_ZERO : S_DEC; }
            else if (cls == C_OP) { c0 = c; state = S_OP; }
            else if (cls == C_PUNCT) EMIT(T_PUNCT, c, 1);
            else if (cls == C_QUOTE) { val = 0x811c9dc5u; state = S_STR; }
            else if (cls == C_SLASH) state = S_SLASH;
            else EMIT(T_ERR, c, 1);
            break;
        case S_IDENT:
            if (cls == C_ALPHA || cls == C_DIGIT) { val = id_step(val, c); i++; }
            else {
                uint32_t len = i - start;
                int k = kw_lookup(start, len, val);
                if (k) { st.kw[k - 1]++; EMIT(T_KW, k, len); }
                else EMIT(T_IDENT, val, len);
                state = S_START;
            }
            break;
        case S_ZERO:
            if (c == 'x' || c == 'X') { state = S_HEXPFX; i++; }
            else if (cls == C_DIGIT) { val = c - '0'; state = S_DEC; i++; }
            else { EMIT(T_DEC, 0, 1); state = S_START; }
            break;
        case S_DEC:
            if (cls == C_DIGIT) { val = val * 10u + (uint32_t)(c - '0'); i++; }
            else { EMIT(T_DEC, val, i - start); state = S_START; }
            break;
        case S_HEXPFX:
            if (hexv[c] < 16) { val = hexv[c]; state = S_HEX; i++; }
            else { EMIT(T_ERR, 'x', i - start); state = S_START; }
            break;
        case S_HEX:
            if (hexv[c] < 16) { val = val << 4 | hexv[c]; i++; }
            else { EMIT(T_HEX, val, i - start); state = S_START; }
            break;
        case S_STR:
            if (c == '"') { i++; EMIT(T_STR, val, i - start); state = S_START; }
            else if (c == '\\') { state = S_ESC; i++; }
            else if (cls == C_NL || c == 0) { EMIT(T_ERR, val, i - start); state = S_START; }
            else { val = (val ^ c) * 0x01000193u; i++; }
            break;
        case S_ESC:
            val = (val ^ escv[c]) * 0x01000193u;
            state = S_STR;
            i++;
            break;
        case S_SLASH:
            if (c == '/') { state = S_LINECMT; i++; }
            else if (c == '*') { state = S_BLOCKCMT; i++; }
            else if (c == '=') { i++; EMIT(T_OP2, '/' << 8 | '=', 2); state = S_START; }
            else { EMIT(T_OP1, '/', 1); state = S_START; }
            break;
        case S_LINECMT:
            if (cls == C_NL) { EMIT(T_CMT, lines, i - start); state = S_START; }
            else i++;
            break;
        case S_BLOCKCMT:
            if (c == '*') state = S_BLOCKSTAR;
            else if (cls == C_NL) lines++;
            i++;
            break;
        case S_BLOCKSTAR:
            if (c == '/') { i++; EMIT(T_CMT, lines, i - start); state = S_START; }
            else if (c != '*') {
                if (cls == C_NL) lines++;
                state = S_BLOCKCMT;
                i++;
            } else i++;
            break;
        case S_OP: {
            uint8_t f = ctab[c0];
            if ((c == '=' && (f & F_EQ)) || (c == c0 && (f & F_DBL)) || (c0 == '-' && c == '>')) {
                i++;
                EMIT(T_OP2, c0 << 8 | c, 2);
            } else EMIT(T_OP1, c0, 1);
            state = S_START;
            break;
        }
        }
    }
    if (state != S_START) EMIT(T_ERR, state, n - start);
    st.h = h;
    st.lines = lines;
}

BENCH_RUN
{
    init_tables();
    generate();
    for (int k = 0; k < NKINDS; k++) st.kind[k] = 0;
    for (int k = 0; k < NKW; k++) st.kw[k] = 0;
    st.lines = 0;
    st.h = 0;
    uint32_t seed = 0x1f2e3d4cu;
    for (int p = 0; p < PASSES; p++) {
        lex(src, src_len);
        mutate(&seed);
    }
    uint32_t h = st.h;
    for (int k = 0; k < NKINDS; k++) h = mix(h, st.kind[k]);
    for (int k = 0; k < NKW; k++) h = mix(h, st.kw[k]);
    return mix(h, st.lines);
}
