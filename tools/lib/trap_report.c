/* `wisp run` on a trap: the backtrace from the core's trap-time walk, and
 * the coredump through a FILE sink. */
#include "trap_report.h"
#include "wisp_coredump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bt_file.h"
#include "panic.h"
#include "symbols.h"

/* ---- the frame's values, from the live instance ------------------------ */

typedef struct live_values {
    wisp_instance *inst;
    uint32_t frame;
} live_values;

static bool live_local(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    live_values *lv = ctx;
    wisp_type t;
    if (wisp_backtrace_local(lv->inst, lv->frame, k, &t, v) != WISP_OK)
        return false;
    *type = (uint8_t)t;
    return true;
}

static bool live_stack(void *ctx, uint32_t k, uint8_t *type, wisp_value *v)
{
    live_values *lv = ctx;
    wisp_type t;
    if (wisp_backtrace_stack(lv->inst, lv->frame, k, &t, v) != WISP_OK)
        return false;
    *type = (uint8_t)t;
    return true;
}

static bool live_global(void *ctx, uint32_t g, uint8_t *type, wisp_value *v)
{
    live_values *lv = ctx;
    wisp_global *gl;
    if (wisp_instance_global(lv->inst, g, &gl) != WISP_OK || wisp_global_get(gl, v) != WISP_OK)
        return false;
    *type = (uint8_t)wisp_global_type(gl);
    return true;
}

static bool live_memory(void *ctx, uint64_t addr, void *buf, uint32_t len)
{
    live_values *lv = ctx;
    wisp_memory *m;
    if (wisp_instance_memory(lv->inst, 0, &m) != WISP_OK)
        return false;
    size_t size = wisp_memory_size(m);
    if (addr > size || len > size - addr)
        return false;
    memcpy(buf, wisp_memory_data(m) + addr, len);
    return true;
}

/* ---- the backtrace ----------------------------------------------------- */

static void note_line(void *ctx, const char *line)
{
    fprintf(ctx, "wisp: note: %s\n", line);
}

/* ---- a Rust panic (panic.h): its line, its machinery folded ------------ */

typedef struct bt_panic {
    panic_report rep;
    uint32_t *first;    /* [n + 1]: the first source frame of Wasm frame i; NULL: no pass */
    bool full;          /* --full-backtrace: nothing folded */
    panic_fold pending; /* the kind of the frames folded and not yet said */
    uint32_t npending;
} bt_panic;

/* Every source frame of the backtrace, innermost first, with its Wasm
 * frame's values, through the panic pass. */
static void panic_pass(bt_panic *p, sym_module *sym, const wisp_module *main_mod,
                       wisp_instance *inst, uint32_t n, const sym_options *opt)
{
    memset(p, 0, sizeof *p);
    p->rep.runtime_start = UINT32_MAX;
    p->full = opt && opt->full_backtrace;
    live_values *lv = calloc(n + 1, sizeof *lv);
    sym_values *vals = calloc(n + 1, sizeof *vals);
    panic_frame *pf = NULL;
    uint32_t npf = 0, cap = 0;
    p->first = calloc(n + 1, sizeof *p->first);
    if (!sym || !lv || !vals || !p->first)
        goto fail;
    for (uint32_t i = 0; i <= n; i++) { /* [n]: memory for a backtrace without frames */
        lv[i] = (live_values){inst, i};
        vals[i] = (sym_values){&lv[i], live_local, live_stack, live_global, live_memory};
    }
    for (uint32_t i = 0; i < n; i++) {
        p->first[i] = npf;
        bt_live lf;
        bt_frame f;
        const sym_frame *src = NULL;
        uint32_t nsrc = 0;
        bool ok = bt_live_frame(inst, i, &lf, &f);
        if (ok && lf.fi.module == main_mod)
            nsrc = sym_frames(sym, lf.fi.func_index, lf.fi.module_offset, NULL, &src);
        if (npf + nsrc + 1 > cap) {
            cap = 2 * (npf + nsrc + 1);
            panic_frame *g = realloc(pf, cap * sizeof *pf);
            if (!g)
                goto fail;
            pf = g;
        }
        for (uint32_t k = 0; k + 1 < nsrc; k++)
            pf[npf++] = (panic_frame){src[k].raw_name ? src[k].raw_name : src[k].name, true,
                                      &vals[i]};
        const char *name = ok && !f.host_name && f.func_name
                               ? sym_display_name(sym, f.func_name, f.func_name_len)
                               : NULL;
        pf[npf++] = (panic_frame){name, false, &vals[i]};
    }
    p->first[n] = npf;
    sym_panic(sym, &vals[n], pf, npf, &p->rep);
    free(pf);
    free(vals);
    free(lv);
    return;
fail:
    free(pf);
    free(vals);
    free(lv);
    free(p->first);
    p->first = NULL;
}

static void fold_flush(bt_panic *p, const bt_writer *w)
{
    if (!p->npending)
        return;
    char line[160];
    panic_fold_line(line, sizeof line, p->pending, p->npending);
    bt_str(w, "  ");
    bt_str(w, line);
    bt_put(w, "\n", 1);
    p->npending = 0;
    p->pending = PANIC_SHOWN;
}

/* Whether source frame j is folded: then it is counted into the line that
 * stands for its run of frames (and keeps its number), not printed. */
static bool fold_frame(bt_panic *p, const bt_writer *w, uint32_t j, uint32_t *shown)
{
    panic_fold k = p->first && !p->full ? panic_frame_fold(&p->rep, j) : PANIC_SHOWN;
    if (k != p->pending)
        fold_flush(p, w);
    if (k == PANIC_SHOWN)
        return false;
    p->pending = k;
    p->npending++;
    (*shown)++;
    return true;
}

/* One Wasm frame's lines: its inlined source frames, then itself; `shown`
 * numbers them. */
static void print_frame(const bt_writer *w, sym_module *sym, const wisp_module *main_mod,
                        wisp_instance *inst, uint32_t i, uint32_t *shown, bt_panic *p)
{
    bt_live lf;
    bt_frame f;
    if (!bt_live_frame(inst, i, &lf, &f))
        return;
    const sym_frame *src = NULL;
    uint32_t nsrc = 0;
    if (sym && lf.fi.module == main_mod) {
        live_values lv = {inst, i};
        sym_values vals = {&lv, live_local, live_stack, live_global, live_memory};
        nsrc = sym_frames(sym, lf.fi.func_index, lf.fi.module_offset, &vals, &src);
    }
    uint32_t j = p->first ? p->first[i] : 0;
    for (uint32_t k = 0; k + 1 < nsrc; k++) {
        if (fold_frame(p, w, j + k, shown))
            continue;
        bt_frame g;
        memset(&g, 0, sizeof g);
        g.index = (*shown)++;
        g.func_index = f.func_index;
        g.offset_kind = f.offset_kind;
        g.offset = f.offset;
        g.inlined = true;
        bt_source_frame(&g, &src[k]);
        bt_frame_line(w, &g);
        bt_put(w, "\n", 1);
        free((void *)g.vars);
        if (k == 0) /* the trapping instruction's operands, under its line */
            bt_live_operands(w, &lf);
    }
    if (fold_frame(p, w, j + (nsrc ? nsrc - 1 : 0), shown))
        return;
    f.index = (*shown)++;
    const char *shown_name = f.func_name && sym ? sym_display_name(sym, f.func_name,
                                                                   f.func_name_len)
                                                : NULL;
    if (shown_name) {
        f.func_name = shown_name;
        f.func_name_len = (uint32_t)strlen(shown_name);
    }
    if (nsrc)
        bt_source_frame(&f, &src[nsrc - 1]);
    bt_frame_line(w, &f);
    bt_put(w, "\n", 1);
    free((void *)f.vars);
    if (nsrc <= 1)
        bt_live_operands(w, &lf);
    bt_live_tail_note(w, &lf);
}

void trap_report_backtrace(FILE *out, wisp_instance *inst, const char *message,
                           const uint8_t *bytes, size_t len, uint32_t max_frames,
                           const sym_options *opt)
{
    trap_report_backtrace_after(out, inst, message, bytes, len, max_frames, opt, NULL, 0);
}

void trap_report_backtrace_after(FILE *out, wisp_instance *inst, const char *message,
                                 const uint8_t *bytes, size_t len, uint32_t max_frames,
                                 const sym_options *opt, const char *held, size_t held_len)
{
    sym_module *sym = sym_open(bytes, len, opt, note_line, stderr);
    bt_writer w = bt_file_writer(out);
    const wisp_module *main_mod = wisp_instance_module(inst);
    uint32_t n = wisp_backtrace_count(inst), shown = 0;
    /* a Rust panic: its message line stands for the trap's */
    bt_panic p;
    panic_pass(&p, sym, main_mod, inst, n, opt);
    /* the guest's own words first, unless they are the same panic's */
    if (held_len && !panic_same_as_std(&p.rep, held, held_len))
        bt_put(&w, held, held_len);
    char *panic = panic_line(&p.rep);
    if (panic)
        bt_str(&w, panic);
    else
        bt_trap_line_live(&w, inst, message);
    bt_put(&w, "\n", 1);
    free(panic);
    /* --backtrace-depth counts the frames shown: the middle ones of those
     * are elided, the folded ones (all at the ends) only counted */
    uint32_t *vis = calloc(n + 1, sizeof *vis), nvis = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool shown_any = !p.first || p.full;
        for (uint32_t j = p.first ? p.first[i] : 0; !shown_any && j < p.first[i + 1]; j++)
            shown_any = panic_frame_fold(&p.rep, j) == PANIC_SHOWN;
        if (vis)
            vis[i] = shown_any ? nvis++ : UINT32_MAX;
    }
    for (uint32_t i = 0, next = 0; i < n; i++) {
        uint32_t v = vis ? vis[i] : i;
        /* an elided frame keeps its numbers: the next shown one reads as with
         * --full-backtrace */
        uint32_t nsrc = p.first ? p.first[i + 1] - p.first[i] : 1;
        if (v != UINT32_MAX) {
            if (v < next) {
                shown += nsrc; /* elided */
                continue;
            }
            /* the elision line, if any, comes after the folded frames before it */
            char elided[128];
            bt_buffer eb;
            bt_writer ew = bt_buffer_writer(&eb, elided, sizeof elided);
            next = bt_next_frame(&ew, v, vis ? nvis : n, max_frames);
            if (eb.pos) {
                fold_flush(&p, &w);
                bt_put(&w, elided, eb.pos < sizeof elided ? eb.pos : sizeof elided - 1);
            }
            if (next != v) {
                shown += nsrc;
                continue;
            }
            next++;
        }
        print_frame(&w, sym, main_mod, inst, i, &shown, &p);
    }
    fold_flush(&p, &w);
    free(vis);
    panic_report_free(&p.rep);
    free(p.first);
    sym_close(sym);
}

static wisp_err file_write(void *ctx, const uint8_t *bytes, size_t len)
{
    return fwrite(bytes, 1, len, ctx) == len ? WISP_OK : WISP_ERR_ARG;
}

int trap_report_coredump(const char *path, wisp_instance *inst, const char *executable)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "wisp: cannot write coredump %s: %s\n", path, strerror(errno));
        return -1;
    }
    wisp_sink sink = {file_write, f};
    wisp_coredump_options opt;
    memset(&opt, 0, sizeof opt);
    opt.executable_name = executable;
    opt.thread_name = "main";
    opt.format = WISP_COREDUMP_STANDARD;
    wisp_err e = wisp_coredump_write(inst, &opt, &sink);
    if (fclose(f) != 0 && e == WISP_OK)
        e = WISP_ERR_ARG;
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: writing coredump %s failed: %s\n", path, wisp_err_str(e));
        remove(path);
        return -1;
    }
    fprintf(stderr, "coredump saved: %s\n", path);
    return 0;
}
