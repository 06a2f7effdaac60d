/* The streaming Wasm coredump writer (tool-conventions Coredump.md).
 *
 * The dump is a Wasm module written front to back into a sink: nothing is
 * allocated, nothing is global, no recursion. Small items gather in one
 * WISP_COREDUMP_BUFFER-byte buffer on the C stack; memory contents go from
 * guest memory to the sink directly.
 *
 * A size LEB precedes every section, so each section is produced twice by
 * the same emitter: once only counting bytes (sink NULL), once writing. We
 * measure rather than write fixed-width 5-byte LEBs so the output is the
 * canonical encoding wasm-encoder gives; it costs time, never memory. The
 * data section is the one costly emitter: it runs once to count (a scan for
 * zero chunks) and once to write. The measured and the written sizes are
 * compared, so a memory changed under the writer fails the dump, not
 * silently corrupts it. Items inside sections (code bodies, name
 * subsections) are sized the same way, one level down.
 *
 * Order: custom core, coremodules, coreinstances, corestack, and wisp's
 * wisp.trap (the reason, and an out-of-bounds access) and wisp.modules (the
 * module's code section length and CRC-32); type, function, memory, global,
 * code, data; custom name (after data, as the spec asks).
 *
 * Type, function and code are a skeleton of the guest module. The name
 * section names functions and locals by the module's indices (the ones
 * corestack uses), and for functions a module does not have, wabt drops
 * the names (wasm-objdump) or rejects the module (wasm-validate, wasm2wat).
 * So the dump declares a function for every index
 * up to the largest on the stack: fillers `() -> ()` with body `end` (4
 * bytes each), and for the functions on the stack their real type and local
 * declarations with body `unreachable`, so local names are in range and
 * wasm2wat shows their signatures. Nothing here is ever meant to run.
 *
 * Frames: only Wasm frames of this instance. Host frames are left out, as
 * wasmtime does: they have no index in the module, and the caller's frame
 * stands at the `call` that names the import. Frames of other instances
 * (reached through imported functions) are left out as well: this dump holds
 * one module, one instance, and only their memories and globals.
 *
 * Globals are written immutable, as Coredump.md specifies; ref globals as
 * ref.null (a pointer means nothing outside this process). */
#include "wisp.h"
#include "wisp_coredump.h"
#include "wisp_port.h" /* wisp_crc32 */

#if defined(__GNUC__)
#define CD_NOINLINE __attribute__((noinline)) /* keeps one-off locals off the deep path */
#else
#define CD_NOINLINE
#endif

#define CD_CHUNK 4096u /* memory goes in chunks like wasmtime's: zero chunks skipped, each trimmed */
#define CD_BATCH 16u   /* distinct functions gathered per walk over the frames */

typedef struct cd cd;
typedef void (*cd_emit)(cd *w, uint32_t arg);

struct cd {
    wisp_instance *inst;
    const wisp_module *mod;
    const wisp_sink *sink; /* NULL while measuring */
    uint64_t pos;          /* bytes produced (or counted) so far */
    wisp_err err;          /* first error; all output stops there */
    bool gdb;              /* WISP_COREDUMP_WASMGDB */
    const char *exe, *modname, *thread;
    uint32_t exe_len, modname_len, thread_len;
    uint32_t nbt;     /* backtrace frames, host and foreign ones included */
    uint32_t nframes; /* frames in the dump */
    uint32_t nfuncs;  /* skeleton functions: largest index on the stack + 1 */
    uint32_t ndistinct, nmems, nglobals, nseg;
    bool bvalid;      /* the batch of distinct functions (see gather) */
    uint32_t bn, bbase, bfunc[CD_BATCH], bframe[CD_BATCH];
    uint32_t code_len, code_crc; /* the module's code section payload (s_modules) */
    uint32_t used;    /* bytes in buf */
    uint8_t buf[WISP_COREDUMP_BUFFER];
};

/* ---- output ---------------------------------------------------------------- */

static void fail(cd *w, wisp_err e)
{
    if (!w->err)
        w->err = e;
}

static void flush(cd *w)
{
    if (w->used && !w->err)
        w->err = w->sink->write(w->sink->ctx, w->buf, w->used);
    w->used = 0;
}

static void put(cd *w, const uint8_t *p, size_t n)
{
    w->pos += n;
    if (!w->sink)
        return;
    while (n && !w->err) {
        size_t k = WISP_COREDUMP_BUFFER - w->used;
        if (k > n)
            k = n;
        for (size_t i = 0; i < k; i++) /* a loop, not memcpy: no libc */
            w->buf[w->used + i] = p[i];
        w->used += (uint32_t)k;
        p += k;
        n -= k;
        if (w->used == WISP_COREDUMP_BUFFER)
            flush(w);
    }
}

/* Big runs (memory) bypass the buffer: the sink gets guest memory itself. */
static void put_direct(cd *w, const uint8_t *p, size_t n)
{
    w->pos += n;
    if (!w->sink || !n)
        return;
    flush(w);
    if (!w->err)
        w->err = w->sink->write(w->sink->ctx, p, n);
}

static void byte(cd *w, uint8_t b) { put(w, &b, 1); }

static void uleb(cd *w, uint64_t v)
{
    uint8_t t[10];
    size_t n = 0;
    do {
        t[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v)
            t[n] |= 0x80;
        n++;
    } while (v);
    put(w, t, n);
}

static void sleb(cd *w, int64_t v)
{
    uint8_t t[10];
    size_t n = 0;
    for (;;) {
        uint8_t b = (uint8_t)(v & 0x7f);
        v >>= 7; /* arithmetic shift: gcc, clang and armcc all do it */
        if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
            t[n++] = b;
            break;
        }
        t[n++] = b | 0x80;
    }
    put(w, t, n);
}

static void le(cd *w, uint64_t v, size_t n)
{
    uint8_t t[8];
    for (size_t i = 0; i < n; i++, v >>= 8)
        t[i] = (uint8_t)v;
    put(w, t, n);
}

static void name(cd *w, const char *s, uint32_t len)
{
    uleb(w, len);
    put(w, (const uint8_t *)s, len);
}

static uint32_t cstrlen(const char *s)
{
    uint32_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void str(cd *w, const char *s) { name(w, s, cstrlen(s)); }

static uint32_t uleb_len(uint64_t v)
{
    uint32_t n = 1;
    while (v >>= 7)
        n++;
    return n;
}

/* Run an emitter counting only. Sizes are needed at two levels: sections,
 * and leaf items inside them (code bodies, name subsections: emitters named
 * l_*, which size nothing themselves). Each level has its own copy of this,
 * so no function re-enters itself through the emitter pointer: the call
 * graph stays acyclic and the stack bound a plain sum (arm_stack.py). */
#define CD_MEASURE(NAME)                                                                  \
    static uint64_t NAME(cd *w, cd_emit fn, uint32_t arg)                                 \
    {                                                                                     \
        const wisp_sink *sink = w->sink;                                                  \
        uint64_t pos = w->pos;                                                            \
        w->sink = NULL;                                                                   \
        w->pos = 0;                                                                       \
        fn(w, arg);                                                                       \
        uint64_t n = w->pos;                                                              \
        w->sink = sink;                                                                   \
        w->pos = pos;                                                                     \
        return n;                                                                         \
    }
CD_MEASURE(measure)
CD_MEASURE(measure_leaf)

/* uleb(size) + payload, then check that both passes agreed. */
static void sized(cd *w, cd_emit fn, uint32_t arg)
{
    uint64_t n = measure(w, fn, arg);
    if (n > UINT32_MAX) {
        fail(w, WISP_ERR_UNSUPPORTED); /* a >4 GiB section: only a full 4 GiB memory */
        return;
    }
    uleb(w, n);
    uint64_t start = w->pos;
    fn(w, arg);
    if (w->pos - start != n)
        fail(w, WISP_ERR_ARG);
}

/* The same for a leaf item; its section's check covers it. */
static void sized_leaf(cd *w, cd_emit fn, uint32_t arg)
{
    uleb(w, measure_leaf(w, fn, arg));
    fn(w, arg);
}

static void section(cd *w, uint8_t id, cd_emit fn)
{
    byte(w, id);
    sized(w, fn, 0);
}

/* ---- the stack --------------------------------------------------------------- */

/* A frame that belongs in the dump: Wasm code of this instance. */
static bool frame_at(cd *w, uint32_t f, wisp_frame_info *fi)
{
    return wisp_backtrace_frame(w->inst, f, fi) == WISP_OK && fi->module == w->mod &&
           fi->instance == w->inst;
}

/* The distinct functions on the stack, in increasing index order, without a
 * list as long as the stack: one walk over the frames gathers the CD_BATCH
 * smallest indices at or above `lo` (insertion into a sorted array), kept in
 * the writer. Typical stacks hold fewer distinct functions than that, so
 * after the first walk every later pass is served from the batch; only
 * deeper variety costs walks: frames * (distinct / CD_BATCH + 1) look-ups
 * per pass. (A frame look-up re-translates the function in the core.) */
static void gather(cd *w, uint32_t lo)
{
    wisp_frame_info fi;
    uint32_t nframes = 0, nfuncs = 0;
    w->bn = 0;
    for (uint32_t f = 0; f < w->nbt; f++) {
        if (!frame_at(w, f, &fi))
            continue;
        nframes++;
        if (fi.func_index >= nfuncs)
            nfuncs = fi.func_index + 1;
        if (fi.func_index < lo)
            continue;
        uint32_t i = w->bn, x = fi.func_index;
        while (i > 0 && w->bfunc[i - 1] > x)
            i--;
        if ((i > 0 && w->bfunc[i - 1] == x) || i == CD_BATCH)
            continue;
        for (uint32_t j = w->bn < CD_BATCH ? w->bn : CD_BATCH - 1; j > i; j--) {
            w->bfunc[j] = w->bfunc[j - 1];
            w->bframe[j] = w->bframe[j - 1];
        }
        w->bfunc[i] = x;
        w->bframe[i] = f; /* the youngest frame running it */
        if (w->bn < CD_BATCH)
            w->bn++;
    }
    w->nframes = nframes; /* the same in every walk; the first one sets up the dump */
    w->nfuncs = nfuncs;
}

/* The k-th distinct function (k from 0) and a frame running it. */
static bool func_at(cd *w, uint32_t k, uint32_t *func, uint32_t *frame)
{
    if (!w->bvalid || k < w->bbase) {
        gather(w, 0);
        w->bbase = 0;
        w->bvalid = true;
    }
    while (k >= w->bbase + w->bn) {
        if (w->bn < CD_BATCH || w->bfunc[CD_BATCH - 1] == UINT32_MAX)
            return false;
        w->bbase += w->bn;
        gather(w, w->bfunc[CD_BATCH - 1] + 1);
    }
    *func = w->bfunc[k - w->bbase];
    *frame = w->bframe[k - w->bbase];
    return true;
}

static void func_type(cd *w, uint32_t func, const uint8_t **params, uint32_t *np,
                      const uint8_t **results, uint32_t *nr)
{
    if (wisp_module_func_type(w->mod, func, params, np, results, nr) != WISP_OK) {
        *np = *nr = 0; /* still a valid skeleton: every local becomes a declared one */
        *params = *results = NULL;
    }
}

static bool valtype(wisp_type t)
{
    return t == WISP_I32 || t == WISP_I64 || t == WISP_F32 || t == WISP_F64 || t == WISP_V128 ||
           t == WISP_FUNCREF || t == WISP_EXTERNREF;
}

/* A local's or stack entry's value, as wasm-encoder writes it (wasmgdb:
 * fixed-width little-endian, which is what its parser reads). */
static void value(cd *w, wisp_err e, wisp_type t, wisp_value v)
{
    switch (e ? 0 : t) {
    case WISP_I32:
        byte(w, 0x7f);
        if (w->gdb)
            le(w, (uint32_t)v.i32, 4);
        else
            sleb(w, v.i32);
        break;
    case WISP_I64:
        byte(w, 0x7e);
        if (w->gdb)
            le(w, (uint64_t)v.i64, 8);
        else
            sleb(w, v.i64);
        break;
    case WISP_F32:
        byte(w, 0x7d);
        le(w, v.f32, 4);
        break;
    case WISP_F64:
        byte(w, 0x7c);
        le(w, v.f64, 8);
        break;
    default: /* refs and v128 have no encoding: "unknown" */
        byte(w, 0x01);
    }
}

static void frame(cd *w, uint32_t f, const wisp_frame_info *fi)
{
    wisp_type t;
    wisp_value v;
    uint32_t off = fi->code_offset; /* from the byte after the body-size LEB, as wasmtime */
    if (w->gdb) { /* wasmgdb looks offsets up as DWARF addresses: code-section relative */
        uint32_t code = wisp_module_code_offset(w->mod);
        off = fi->module_offset > code ? fi->module_offset - code : 0;
    }
    byte(w, 0x00);
    uleb(w, 0); /* instance 0 */
    uleb(w, fi->func_index);
    uleb(w, off);
    uleb(w, fi->nlocals);
    if (w->gdb)
        uleb(w, 0); /* wasmgdb reads the stack count before the locals, and no stack values */
    for (uint32_t i = 0; i < fi->nlocals; i++) {
        t = WISP_I32;
        v.i64 = 0;
        wisp_err e = wisp_backtrace_local(w->inst, f, i, &t, &v);
        value(w, e, t, v);
    }
    if (w->gdb)
        return;
    uleb(w, fi->nstack); /* bottom first */
    for (uint32_t i = 0; i < fi->nstack; i++) {
        t = WISP_I32;
        v.i64 = 0;
        wisp_err e = wisp_backtrace_stack(w->inst, f, i, &t, &v);
        value(w, e, t, v);
    }
}

/* ---- custom sections --------------------------------------------------------- */

static void s_core(cd *w, uint32_t arg)
{
    (void)arg;
    str(w, "core");
    byte(w, 0x00);
    name(w, w->exe, w->exe_len);
}

/* wisp's own addition: why it trapped, laid out like `core` (0x00, then the
 * message), so a dump says what happened without the runtime at hand. */
static void s_trap(cd *w, uint32_t arg)
{
    (void)arg;
    wisp_trap_info t;
    wisp_instance_trap(w->inst, &t);
    str(w, "wisp.trap");
    byte(w, 0x00);
    str(w, t.message ? t.message : "");
    if (t.access == WISP_ACCESS_NONE)
        return;
    /* then records id:u8 size:u32 payload; 1 = the out-of-bounds access:
     * kind memory address length memory-size (wisp_trap_info) */
    byte(w, 0x01);
    uleb(w, 1 + uleb_len(t.memory) + uleb_len(t.address) + uleb_len(t.length) +
                uleb_len(t.memory_size));
    byte(w, (uint8_t)t.access);
    uleb(w, t.memory);
    uleb(w, t.address);
    uleb(w, t.length);
    uleb(w, t.memory_size);
}

/* wisp's own addition: which module was running, so that `wisp inspect
 * --module` can refuse another one: per coremodules entry 0x00, the length
 * and the CRC-32 of its code section's payload (the function bodies, which
 * stripping names or DWARF leaves as they are). */
static void s_modules(cd *w, uint32_t arg)
{
    (void)arg;
    str(w, "wisp.modules");
    uleb(w, 1);
    byte(w, 0x00);
    uleb(w, w->code_len);
    le(w, w->code_crc, 4);
}

/* The code section's payload in the module's bytes (which may be in flash:
 * read in place, a header at a time), and its CRC-32. */
static CD_NOINLINE void code_identity(cd *w)
{
    size_t len = 0, at = 8;
    const uint8_t *b = wisp_module_bytes(w->mod, &len);
    w->code_len = 0;
    w->code_crc = 0;
    while (b && at < len) {
        const uint8_t id = b[at++];
        uint64_t size = 0;
        for (unsigned shift = 0; at < len && shift < 35; shift += 7) {
            size |= (uint64_t)(b[at] & 0x7f) << shift;
            if (!(b[at++] & 0x80))
                break;
        }
        if (size > len - at)
            return;
        if (id == 10) {
            w->code_len = (uint32_t)size;
            w->code_crc = wisp_crc32(0, b + at, (size_t)size);
            return;
        }
        at += (size_t)size;
    }
}

static void s_coremodules(cd *w, uint32_t arg)
{
    (void)arg;
    str(w, "coremodules");
    uleb(w, 1);
    byte(w, 0x00);
    name(w, w->modname, w->modname_len);
}

static void s_coreinstances(cd *w, uint32_t arg)
{
    (void)arg;
    str(w, "coreinstances");
    uleb(w, 1);
    byte(w, 0x00);
    uleb(w, 0); /* module 0 */
    uleb(w, w->nmems); /* its memories and globals are the dump's, in order */
    for (uint32_t i = 0; i < w->nmems; i++)
        uleb(w, i);
    uleb(w, w->nglobals);
    for (uint32_t i = 0; i < w->nglobals; i++)
        uleb(w, i);
}

static void s_corestack(cd *w, uint32_t arg)
{
    wisp_frame_info fi;
    (void)arg;
    str(w, "corestack");
    byte(w, 0x00);
    name(w, w->thread, w->thread_len);
    uleb(w, w->nframes);
    for (uint32_t f = 0; f < w->nbt; f++) /* backtrace order: youngest first */
        if (frame_at(w, f, &fi))
            frame(w, f, &fi);
}

/* ---- the skeleton: type, function, code ---------------------------------------- */

static void s_type(cd *w, uint32_t arg)
{
    uint32_t func, fr, np, nr;
    const uint8_t *params, *results;
    (void)arg;
    uleb(w, 1 + w->ndistinct);
    put(w, (const uint8_t *)"\x60\x00\x00", 3); /* type 0: fillers */
    for (uint32_t k = 0; func_at(w, k, &func, &fr); k++) { /* type 1 + k: the k-th function */
        func_type(w, func, &params, &np, &results, &nr);
        byte(w, 0x60);
        uleb(w, np);
        put(w, params, np);
        uleb(w, nr);
        put(w, results, nr);
    }
}

/* Fillers up to each function on the stack, then that function. */
static void s_function(cd *w, uint32_t arg)
{
    uint32_t func, fr, at = 0;
    (void)arg;
    uleb(w, w->nfuncs);
    for (uint32_t k = 0; func_at(w, k, &func, &fr); k++) {
        for (; at < func; at++)
            byte(w, 0);
        uleb(w, 1 + k);
        at++;
    }
}

/* A stack function's body: its declared locals (runs of one type), then
 * `unreachable end`. */
static void l_body(cd *w, uint32_t f)
{
    wisp_frame_info fi;
    wisp_value v;
    wisp_type t, run = WISP_I32;
    uint32_t np = 0, nr, nruns = 0, len = 0;
    const uint8_t *params, *results;
    if (frame_at(w, f, &fi))
        func_type(w, fi.func_index, &params, &np, &results, &nr);
    else
        fi.nlocals = 0;
    for (int pass = 0; pass < 2; pass++) { /* count the runs, then write them */
        if (pass)
            uleb(w, nruns);
        for (uint32_t i = np; i <= fi.nlocals; i++) {
            t = WISP_I32;
            if (i < fi.nlocals && (wisp_backtrace_local(w->inst, f, i, &t, &v) != WISP_OK ||
                                   !valtype(t)))
                t = WISP_I32; /* keep the skeleton valid whatever the core says */
            if (len && (i == fi.nlocals || t != run)) {
                if (pass) {
                    uleb(w, len);
                    byte(w, (uint8_t)run);
                } else {
                    nruns++;
                }
                len = 0;
            }
            run = t;
            len++;
        }
        len = 0;
    }
    put(w, (const uint8_t *)"\x00\x0b", 2);
}

static void s_code(cd *w, uint32_t arg)
{
    uint32_t func, fr, at = 0;
    (void)arg;
    uleb(w, w->nfuncs);
    for (uint32_t k = 0; func_at(w, k, &func, &fr); k++) {
        for (; at < func; at++)
            put(w, (const uint8_t *)"\x02\x00\x0b", 3); /* size 2: no locals, end */
        sized_leaf(w, l_body, fr);
        at++;
    }
}

/* ---- memories, globals, data ---------------------------------------------------- */

/* Limits, with min = the current size as wasmtime writes it. A memory with
 * custom-sized pages (the core's 1-byte pages) carries its page size: flag
 * 0x08 and log2 after the limits. The API gives no page size, so it comes
 * from bytes / pages; a 0-page memory reads as 64 KiB pages. */
static void s_memory(cd *w, uint32_t arg)
{
    wisp_memory *mem;
    uint32_t pages, max, log2;
    bool has_max;
    (void)arg;
    uleb(w, w->nmems);
    for (uint32_t i = 0; i < w->nmems; i++) {
        pages = max = 0;
        has_max = false;
        log2 = 16;
        if (wisp_instance_memory(w->inst, i, &mem) == WISP_OK) {
            wisp_memory_limits(mem, &pages, &max, &has_max);
            size_t page = pages ? wisp_memory_size(mem) / pages : 65536;
            for (log2 = 0; log2 < 16 && ((size_t)1 << log2) < page; log2++)
                ;
        }
        byte(w, (uint8_t)((has_max ? 0x01 : 0x00) | (log2 != 16 ? 0x08 : 0x00)));
        uleb(w, pages);
        if (has_max)
            uleb(w, max);
        if (log2 != 16)
            uleb(w, log2);
    }
}

static void s_global(cd *w, uint32_t arg)
{
    wisp_global *g;
    wisp_value v;
    wisp_type t;
    (void)arg;
    uleb(w, w->nglobals);
    for (uint32_t i = 0; i < w->nglobals; i++) {
        t = WISP_I32;
        v.i64 = 0;
        if (wisp_instance_global(w->inst, i, &g) == WISP_OK) {
            t = wisp_global_type(g);
            if (wisp_global_get(g, &v) != WISP_OK)
                v.i64 = 0;
        }
        byte(w, (uint8_t)t);
        byte(w, 0x00); /* const */
        switch (t) {
        case WISP_I32: byte(w, 0x41); sleb(w, v.i32); break;
        case WISP_I64: byte(w, 0x42); sleb(w, v.i64); break;
        case WISP_F32: byte(w, 0x43); le(w, v.f32, 4); break;
        case WISP_F64: byte(w, 0x44); le(w, v.f64, 8); break;
        case WISP_V128: /* no v128 values in this build: v128.const 0 */
            put(w, (const uint8_t *)"\xfd\x0c", 2);
            le(w, 0, 8);
            le(w, 0, 8);
            break;
        default: byte(w, 0xd0); byte(w, (uint8_t)t); break; /* ref.null */
        }
        byte(w, 0x0b);
    }
}

static void segment(cd *w, uint32_t mem, const uint8_t *data, size_t at, size_t len)
{
    if (mem) {
        byte(w, 0x02);
        uleb(w, mem);
    } else {
        byte(w, 0x00);
    }
    byte(w, 0x41);
    sleb(w, (int32_t)(uint32_t)at); /* i32.const is signed: >= 2 GiB as the negative i32 */
    byte(w, 0x0b);
    uleb(w, len);
    put_direct(w, data + at, len);
    w->nseg++;
}

/* Standard: the nonzero part of each nonzero chunk. wasmgdb reads only one
 * segment per memory, so there each memory is one whole segment. */
static void segments(cd *w, uint32_t arg)
{
    wisp_memory *mem;
    (void)arg;
    for (uint32_t m = 0; m < w->nmems && !w->err; m++) {
        if (wisp_instance_memory(w->inst, m, &mem) != WISP_OK)
            continue;
        const uint8_t *d = wisp_memory_data(mem);
        size_t size = wisp_memory_size(mem);
        if (w->gdb) {
            segment(w, m, d, 0, size);
            continue;
        }
        for (size_t at = 0; at < size && !w->err; at += CD_CHUNK) {
            size_t a = at, b = size - at > CD_CHUNK ? at + CD_CHUNK : size;
            while (a < b && !d[a])
                a++;
            if (a == b)
                continue;
            while (!d[b - 1])
                b--;
            segment(w, m, d, a, b - a);
        }
    }
}

/* Counted once, written once: the section size and segment count come from
 * one counting scan, rather than the two `sized` would make. */
static void data_section(cd *w)
{
    w->nseg = 0;
    uint64_t n = measure(w, segments, 0);
    uint32_t nseg = w->nseg;
    uint64_t size = uleb_len(nseg) + n;
    if (size > UINT32_MAX) {
        fail(w, WISP_ERR_UNSUPPORTED);
        return;
    }
    byte(w, 11);
    uleb(w, size);
    uleb(w, nseg);
    uint64_t start = w->pos;
    w->nseg = 0;
    segments(w, 0);
    if (w->pos - start != n || w->nseg != nseg)
        fail(w, WISP_ERR_ARG); /* the memory changed under us */
}

/* ---- names ------------------------------------------------------------------------ */

static uint32_t named_locals(cd *w, uint32_t func, uint32_t nlocals)
{
    const char *s;
    uint32_t len, n = 0;
    for (uint32_t i = 0; i < nlocals; i++)
        n += wisp_module_local_name(w->mod, func, i, &s, &len) == WISP_OK;
    return n;
}

/* The entries of subsection 1 (function names) or, with `locals`, 2 (local
 * names); count_only: just how many there are. */
static uint32_t func_names(cd *w, bool locals, bool count_only)
{
    wisp_frame_info fi;
    const char *s;
    uint32_t func, fr, len, n = 0;
    for (uint32_t k = 0; func_at(w, k, &func, &fr); k++) {
        if (!locals) {
            if (wisp_module_func_name(w->mod, func, &s, &len) != WISP_OK)
                continue;
            if (!count_only) {
                uleb(w, func);
                name(w, s, len);
            }
        } else {
            uint32_t nl = frame_at(w, fr, &fi) ? fi.nlocals : 0, named = named_locals(w, func, nl);
            if (!named)
                continue;
            if (!count_only) {
                uleb(w, func);
                uleb(w, named);
                for (uint32_t i = 0; i < nl; i++)
                    if (wisp_module_local_name(w->mod, func, i, &s, &len) == WISP_OK) {
                        uleb(w, i);
                        name(w, s, len);
                    }
            }
        }
        n++;
    }
    return n;
}

static uint32_t global_names(cd *w, bool count_only)
{
    const char *s;
    uint32_t len, n = 0;
    for (uint32_t i = 0; i < w->nglobals; i++)
        if (wisp_module_global_name(w->mod, i, &s, &len) == WISP_OK) {
            if (!count_only) {
                uleb(w, i);
                name(w, s, len);
            }
            n++;
        }
    return n;
}

/* One subsection's contents (id in arg); a subsection with no entries is left out. */
static void l_names(cd *w, uint32_t id)
{
    if (id == 0) {
        name(w, w->modname, w->modname_len);
        return;
    }
    uint32_t n = id == 7 ? global_names(w, true) : func_names(w, id == 2, true);
    uleb(w, n);
    if (id == 7)
        global_names(w, false);
    else
        func_names(w, id == 2, false);
}

static void s_name(cd *w, uint32_t arg)
{
    const char *s;
    uint32_t len;
    (void)arg;
    str(w, "name");
    if (wisp_module_name(w->mod, &s, &len) == WISP_OK) { /* 0: only a real module name */
        byte(w, 0);
        sized_leaf(w, l_names, 0);
    }
    if (func_names(w, false, true)) {
        byte(w, 1);
        sized_leaf(w, l_names, 1);
    }
    if (func_names(w, true, true)) {
        byte(w, 2);
        sized_leaf(w, l_names, 2);
    }
    if (global_names(w, true)) { /* 7: extended-name-section globals */
        byte(w, 7);
        sized_leaf(w, l_names, 7);
    }
}

/* ---- the dump ---------------------------------------------------------------------- */

/* The frames in the dump, the skeleton's size (both set by the first walk),
 * the number of distinct functions. */
static CD_NOINLINE void count_frames(cd *w)
{
    uint32_t func, fr;
    w->nbt = wisp_backtrace_count(w->inst);
    w->bvalid = false;
    w->ndistinct = 0;
    while (func_at(w, w->ndistinct, &func, &fr))
        w->ndistinct++;
}

wisp_err wisp_coredump_write(wisp_instance *inst, const wisp_coredump_options *opt,
                             const wisp_sink *sink)
{
    cd w; /* filled field by field: an initializer would become a memset call */
    if (!inst || !sink || !sink->write ||
        (opt && opt->format != WISP_COREDUMP_STANDARD && opt->format != WISP_COREDUMP_WASMGDB))
        return WISP_ERR_ARG;
    w.inst = inst;
    w.mod = wisp_instance_module(inst);
    w.sink = sink;
    w.pos = 0;
    w.err = WISP_OK;
    w.used = 0;
    w.gdb = opt && opt->format == WISP_COREDUMP_WASMGDB;
    w.nmems = wisp_instance_memory_count(inst);
    w.nglobals = wisp_instance_global_count(inst);

    /* Names: the module's own, else the executable's, and the other way round. */
    if (wisp_module_name(w.mod, &w.modname, &w.modname_len) != WISP_OK)
        w.modname = NULL;
    if (opt && opt->executable_name) {
        w.exe = opt->executable_name;
        w.exe_len = cstrlen(w.exe);
    } else if (w.modname) {
        w.exe = w.modname;
        w.exe_len = w.modname_len;
    } else {
        w.exe = "wasm";
        w.exe_len = 4;
    }
    if (!w.modname) {
        w.modname = w.exe;
        w.modname_len = w.exe_len;
    }
    w.thread = opt && opt->thread_name ? opt->thread_name : "main";
    w.thread_len = cstrlen(w.thread);

    count_frames(&w);
    code_identity(&w);

    put(&w, (const uint8_t *)"\0asm\1\0\0\0", 8);
    section(&w, 0, s_core);
    section(&w, 0, s_coremodules);
    section(&w, 0, s_coreinstances);
    section(&w, 0, s_corestack);
    section(&w, 0, s_trap);
    section(&w, 0, s_modules);
    if (w.nfuncs) {
        section(&w, 1, s_type);
        section(&w, 3, s_function);
    }
    if (w.nmems)
        section(&w, 5, s_memory);
    if (w.nglobals)
        section(&w, 6, s_global);
    if (w.nfuncs)
        section(&w, 10, s_code);
    if (w.nmems)
        data_section(&w);
    section(&w, 0, s_name);
    flush(&w);
    return w.err;
}
