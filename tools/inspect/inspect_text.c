/* `wisp inspect`'s text output (the format is in tools/README.md). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_ctx.h"

static void hexdump(FILE *out, const ictx *c, uint64_t start, uint64_t end)
{
    uint8_t line[16];
    for (uint64_t a = start; a < end; a += 16) {
        size_t n = end - a < 16 ? (size_t)(end - a) : 16;
        coredump_memory_read(&c->cd, 0, a, line, n);
        fprintf(out, "  %08" PRIx64 " ", a);
        for (size_t i = 0; i < 16; i++) {
            if (i == 8)
                fputc(' ', out);
            if (i < n)
                fprintf(out, " %02x", line[i]);
            else
                fputs("   ", out);
        }
        fputs("  |", out);
        for (size_t i = 0; i < n; i++)
            fputc(line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '.', out);
        fputs("|\n", out);
    }
}

/* Folded frames (panic.h) not yet said: their kind and count. */
typedef struct fold_run {
    panic_fold kind;
    uint32_t count;
} fold_run;

static void fold_flush(FILE *out, fold_run *run)
{
    if (!run->count)
        return;
    char line[160];
    panic_fold_line(line, sizeof line, run->kind, run->count);
    fprintf(out, "  %s\n", line);
    run->count = 0;
    run->kind = PANIC_SHOWN;
}

/* Whether a frame of this kind is folded (counted, not printed). */
static bool fold(FILE *out, fold_run *run, panic_fold kind)
{
    if (kind != run->kind)
        fold_flush(out, run);
    if (kind == PANIC_SHOWN)
        return false;
    run->kind = kind;
    run->count++;
    return true;
}

static bool print_thread(ictx *c, const cd_thread *t, const ictx_panic *p, bool *func_relative)
{
    const coredump *cd = &c->cd;
    /* the trapping frame is the first thread's first */
    bool operands = t == &cd->threads[0] && cd->has_trap &&
                    bt_trap_shows_operands(bt_trap_kind_of(cd->trap.p, cd->trap.len));
    uint32_t shown = 0;
    fold_run run = {PANIC_SHOWN, 0};
    for (uint32_t i = 0; i < t->nframes; i++) {
        resolved r;
        if (!ictx_resolve(c, &t->frames[i], &shown, &r))
            return false;
        if (r.bt.offset_kind == BT_OFFSET_FUNC)
            *func_relative = true;
        /* the trapping instruction's operands go under the first line of
         * frame 0: the innermost function inlined there, or the frame */
        for (uint32_t k = 0; k < r.ninlined; k++)
            if (!fold(c->out, &run, ictx_panic_fold(p, i, k))) {
                bt_print_frame(c->out, &r.inlined[k]);
                if (i == 0 && k == 0 && operands)
                    ictx_operands_line(c, &t->frames[0]);
            }
        if (!fold(c->out, &run, ictx_panic_fold(p, i, r.ninlined))) {
            bt_print_frame(c->out, &r.bt);
            if (i == 0 && r.ninlined == 0 && operands)
                ictx_operands_line(c, &t->frames[0]);
        }
        ictx_resolved_free(&r);
    }
    fold_flush(c->out, &run);
    return true;
}

static void print_globals(ictx *c)
{
    const coredump *cd = &c->cd;
    FILE *out = c->out;
    fprintf(out, "globals:%s\n", cd->nglobals ? "" : " none");
    for (uint32_t i = 0; i < cd->nglobals; i++) {
        const cd_global *g = &cd->globals[i];
        char v[96];
        ictx_format_global(g, v, sizeof v);
        fprintf(out, "  %u ", (unsigned)i);
        uint32_t k = 0;
        const names *n = ictx_global_names(c, i, &k);
        const char *p;
        uint32_t len = 0;
        if (n && names_global(n, k, &p, &len) && len) { /* empty: as if unnamed */
            bt_print_name(out, p, len);
            fputc(' ', out);
        }
        fprintf(out, "%s%s = %s\n", coredump_type_name(g->type), g->mut ? " mut" : "", v);
    }
}

static void print_memories(ictx *c)
{
    const coredump *cd = &c->cd;
    FILE *out = c->out;
    fprintf(out, "memories:%s\n", cd->nmemories ? "" : " none");
    for (uint32_t i = 0; i < cd->nmemories; i++) {
        const cd_memory *m = &cd->memories[i];
        uint64_t saved = 0;
        uint32_t segs = 0;
        coredump_memory_saved(cd, i, &saved, &segs);
        fprintf(out, "  %u: %" PRIu64 " page%s = %" PRIu64 " bytes", (unsigned)i, m->min,
                m->min == 1 ? "" : "s", coredump_memory_size(cd, i));
        if (m->has_max)
            fprintf(out, ", max %" PRIu64, m->max);
        fprintf(out, "%s%s; %" PRIu64 " byte%s saved in %u data segment%s\n",
                m->is64 ? ", 64-bit" : "", m->shared ? ", shared" : "", saved,
                saved == 1 ? "" : "s", (unsigned)segs, segs == 1 ? "" : "s");
    }
    if (!c->rq->view)
        return;
    fprintf(out, "memory 0 at 0x%" PRIx64, c->rq->view_addr);
    if (c->view_clipped) /* say so: the bytes past the end were asked for */
        fprintf(out, " (clipped: %" PRIu64 " of the %" PRIu64 " bytes asked; memory 0 ends at "
                     "0x%" PRIx64 ")",
                c->view_end - c->view_start, c->rq->view_len, c->view_end);
    fputs(":\n", out);
    hexdump(out, c, c->view_start, c->view_end);
}

int inspect_print_text(ictx *c)
{
    const coredump *cd = &c->cd;
    FILE *out = c->out;
    bool func_relative = false;
    /* a Rust panic in the (first) thread: its line stands for the trap's */
    ictx_panic p0 = {0};
    if (cd->nthreads && !ictx_panic_find(c, &cd->threads[0], &p0))
        return INSPECT_EXIT_BAD;
    char *panic = panic_line(&p0.rep);
    if (panic) {
        fprintf(out, "%s\n", panic);
        free(panic);
    } else if (cd->has_trap) {
        bt_writer w = bt_file_writer(out);
        wisp_trap_info t;
        ictx_trap_info(c, &t);
        bt_trap_line(&w, cd->trap.p, cd->trap.len);
        bt_trap_access(&w, &t);
        fputc('\n', out);
    } else {
        const char *none = "(reason not recorded in the coredump)";
        bt_print_trap(out, none, strlen(none));
    }
    for (uint32_t t = 0; t < cd->nthreads; t++) {
        if (cd->nthreads > 1) {
            fputs("thread ", out);
            bt_print_name(out, cd->threads[t].name.p, cd->threads[t].name.len);
            fputs(":\n", out);
        }
        ictx_panic pt = {0};
        bool ok = t == 0 ? true : ictx_panic_find(c, &cd->threads[t], &pt);
        ok = ok && print_thread(c, &cd->threads[t], t == 0 ? &p0 : &pt, &func_relative);
        ictx_panic_free(&pt);
        if (!ok) {
            ictx_panic_free(&p0);
            return INSPECT_EXIT_BAD;
        }
    }
    ictx_panic_free(&p0);
    if (func_relative)
        fprintf(out, "  (wasm-function[I]+0xN: offset from the function body start; %s)\n",
                c->have_module ? "outside the given module"
                               : "--module M.wasm gives module offsets and file:line");

    fputc('\n', out);
    if (cd->has_core) {
        fputs("executable: ", out);
        bt_print_name(out, cd->executable.p, cd->executable.len);
        fputc('\n', out);
    }
    for (uint32_t i = 0; i < cd->nmodules; i++) {
        fprintf(out, "module %u: ", (unsigned)i);
        bt_print_name(out, cd->modules[i].p, cd->modules[i].len);
        fputc('\n', out);
    }
    if (cd->nthreads == 1) {
        fputs("thread: ", out);
        bt_print_name(out, cd->threads[0].name.p, cd->threads[0].name.len);
        fputc('\n', out);
    }
    print_globals(c);
    print_memories(c);
    return 0;
}
