/* `wisp inspect --json`: one JSON object (the fields are in
 * tools/README.md). Strings are escaped so any name, valid UTF-8 or not,
 * gives valid JSON. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "inspect_ctx.h"
#include "inspect_read.h"
#include "values.h"

static void json_str(FILE *out, const char *s, size_t len)
{
    const uint8_t *p = (const uint8_t *)s;
    fputc('"', out);
    for (size_t i = 0; i < len; i++) {
        uint8_t ch = p[i];
        if (ch == '"' || ch == '\\') {
            fputc('\\', out);
            fputc(ch, out);
        } else if (ch < 0x20 || ch == 0x7f) {
            fprintf(out, "\\u%04x", ch);
        } else if (ch >= 0x80) {
            size_t n = ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : ch >= 0xc0 ? 2 : 1;
            if (n <= len - i && n > 1 && bt_utf8_valid(p + i, n)) {
                fwrite(p + i, 1, n, out);
                i += n - 1;
            } else {
                fprintf(out, "\\u%04x", ch); /* a stray byte, read as Latin-1 */
            }
        } else {
            fputc(ch, out);
        }
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s)
{
    json_str(out, s, strlen(s));
}

static void json_name_or_null(FILE *out, const char *p, size_t len)
{
    if (p)
        json_str(out, p, len);
    else
        fputs("null", out);
}

/* "value" (and "bits" for floats) of a number of type t. */
static void json_value(FILE *out, uint8_t t, uint64_t bits)
{
    wisp_value v = {0};
    char text[64];
    switch (t) {
    case CD_I32:
        fprintf(out, "\"value\": %" PRId32, (int32_t)(uint32_t)bits);
        return;
    case CD_I64:
        fprintf(out, "\"value\": %" PRId64, (int64_t)bits);
        return;
    case CD_F32:
    case CD_F64: {
        /* a number in JSON when finite, else its text ("inf", "nan:0x1") */
        bool f32 = t == CD_F32;
        if (f32)
            v.f32 = (uint32_t)bits;
        else
            v.f64 = bits;
        value_format(t, v, text, sizeof text);
        bool finite = f32 ? ((bits >> 23) & 0xff) != 0xff : ((bits >> 52) & 0x7ff) != 0x7ff;
        fputs("\"value\": ", out);
        if (finite)
            fputs(text, out);
        else
            json_cstr(out, text);
        fprintf(out, ", \"bits\": \"0x%0*" PRIx64 "\"", f32 ? 8 : 16, bits);
        return;
    }
    default:
        fputs("\"value\": null", out);
        return;
    }
}

/* A frame's source location, variables and text line (bt_text.h). */
static void json_source(FILE *out, const bt_frame *b)
{
    fputs(", \"file\": ", out);
    if (b->file) {
        json_str(out, b->file, b->file_len);
        fprintf(out, ", \"line\": %u, \"column\": ", (unsigned)b->line);
        if (b->column)
            fprintf(out, "%u", (unsigned)b->column);
        else
            fputs("null", out);
    } else {
        fputs("null, \"line\": null, \"column\": null", out);
    }
    fputs(", \"variables\": ", out);
    if (b->has_vars) {
        fputc('[', out);
        for (uint32_t k = 0; k < b->nvars; k++) {
            fputs(k ? ", {\"name\": " : "{\"name\": ", out);
            json_cstr(out, b->vars[k].name);
            fputs(", \"value\": ", out);
            json_cstr(out, b->vars[k].value);
            fputc('}', out);
        }
        fputc(']', out);
    } else {
        fputs("null", out);
    }
    fputs(", \"text\": ", out);
    char *line = bt_frame_text(b);
    if (line) {
        json_cstr(out, line + 2); /* without the indentation */
        free(line);
    } else {
        fputs("null", out);
    }
}

static void json_values(FILE *out, const cd_value *v, uint32_t n, const bt_local *names_from)
{
    fputc('[', out);
    for (uint32_t i = 0; i < n; i++) {
        fprintf(out, "%s{\"index\": %u, ", i ? ", " : "", (unsigned)i);
        if (names_from) {
            fputs("\"name\": ", out);
            json_name_or_null(out, names_from[i].name, names_from[i].name_len);
            fputs(", ", out);
        }
        fputs("\"type\": ", out);
        json_cstr(out, coredump_type_name(v[i].type));
        fputs(", ", out);
        json_value(out, v[i].type, v[i].bits);
        fputc('}', out);
    }
    fputc(']', out);
}

/* The out-of-bounds access of `wisp.trap`, or null: its fields as
 * wisp_trap_info has them, and the text the trap line shows after the
 * message. */
static void json_trap_access(const ictx *c)
{
    static const char *const kinds[] = {NULL,        "load",      "store",   "fill",
                                        "copy_to",   "copy_from", "init_to", "init_from"};
    FILE *out = c->out;
    wisp_trap_info t;
    ictx_trap_info(c, &t);
    if (t.access == WISP_ACCESS_NONE || (unsigned)t.access > WISP_ACCESS_INIT_FROM) {
        fputs("null", out);
        return;
    }
    char text[200];
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, text, sizeof text);
    bt_trap_access(&w, &t);
    const char *shown = strncmp(text, ": ", 2) ? text : text + 2;
    fprintf(out, "{\"kind\": \"%s\", \"%s\": %u, \"address\": %" PRIu64 ", \"length\": %" PRIu64
                 ", \"%s\": %" PRIu64 ", \"text\": ",
            kinds[t.access], t.access == WISP_ACCESS_INIT_FROM ? "data_segment" : "memory",
            (unsigned)t.memory, t.address, t.length,
            t.access == WISP_ACCESS_INIT_FROM ? "segment_size" : "memory_size", t.memory_size);
    json_cstr(out, shown);
    fputc('}', out);
}

/* `"folded": "panic machinery"` when the text folds the frame into one
 * line of that kind (panic.h), else null. */
static void json_folded(FILE *out, panic_fold kind)
{
    fputs(", \"folded\": ", out);
    if (kind == PANIC_SHOWN)
        fputs("null", out);
    else
        json_cstr(out, panic_fold_what(kind));
}

int inspect_print_json(ictx *c)
{
    const coredump *cd = &c->cd;
    FILE *out = c->out;
    fputs("{\n  \"executable\": ", out);
    if (cd->has_core)
        json_str(out, cd->executable.p, cd->executable.len);
    else
        fputs("null", out);
    fputs(",\n  \"trap\": ", out);
    if (cd->has_trap)
        json_str(out, cd->trap.p, cd->trap.len);
    else
        fputs("null", out);
    fputs(",\n  \"trap_access\": ", out);
    json_trap_access(c);
    /* a Rust panic in the (first) thread (panic.h) */
    ictx_panic p0 = {0};
    if (cd->nthreads && !ictx_panic_find(c, &cd->threads[0], &p0))
        return INSPECT_EXIT_BAD;
    fputs(",\n  \"panic\": ", out);
    if (p0.rep.found) {
        fputs("{\"message\": ", out);
        if (p0.rep.message)
            json_cstr(out, p0.rep.message);
        else
            fputs("null", out);
        fputs(", \"file\": ", out);
        if (p0.rep.file) {
            json_cstr(out, p0.rep.file);
            fprintf(out, ", \"line\": %u, \"column\": %u", (unsigned)p0.rep.line,
                    (unsigned)p0.rep.column);
        } else {
            fputs("null, \"line\": null, \"column\": null", out);
        }
        fputc('}', out);
    } else {
        fputs("null", out);
    }
    fputs(",\n  \"module_check\": ", out);
    if (c->have_module)
        fprintf(out, "{\"recorded\": %s, \"matches\": %s, \"forced\": %s, "
                     "\"code_length\": %u, \"code_crc32\": %u}",
                c->module_check.recorded ? "true" : "false",
                c->module_check.matches ? "true" : "false",
                c->module_check.matches ? "false" : "true",
                (unsigned)c->module_check.code_len, (unsigned)c->module_check.code_crc);
    else
        fputs("null", out);
    fputs(",\n  \"module_file\": ", out);
    if (c->have_module)
        json_cstr(out, c->rq->module_name);
    else
        fputs("null", out);
    fputs(",\n  \"modules\": [", out);
    for (uint32_t i = 0; i < cd->nmodules; i++) {
        fputs(i ? ", " : "", out);
        json_str(out, cd->modules[i].p, cd->modules[i].len);
    }
    fputs("],\n  \"instances\": [", out);
    for (uint32_t i = 0; i < cd->ninstances; i++) {
        const cd_instance *in = &cd->instances[i];
        fprintf(out, "%s{\"module\": %u, \"memories\": [", i ? ", " : "", (unsigned)in->module);
        for (uint32_t k = 0; k < in->nmemories; k++)
            fprintf(out, "%s%u", k ? ", " : "", (unsigned)in->memories[k]);
        fputs("], \"globals\": [", out);
        for (uint32_t k = 0; k < in->nglobals; k++)
            fprintf(out, "%s%u", k ? ", " : "", (unsigned)in->globals[k]);
        fputs("]}", out);
    }
    fputs("],\n  \"threads\": [", out);
    for (uint32_t t = 0; t < cd->nthreads; t++) {
        const cd_thread *th = &cd->threads[t];
        fprintf(out, "%s\n    {\"name\": ", t ? "," : "");
        json_str(out, th->name.p, th->name.len);
        fputs(", \"frames\": [", out);
        uint32_t shown = 0;
        ictx_panic pt = {0};
        if (t && !ictx_panic_find(c, th, &pt)) {
            ictx_panic_free(&p0);
            return INSPECT_EXIT_BAD;
        }
        const ictx_panic *p = t ? &pt : &p0;
        for (uint32_t i = 0; i < th->nframes; i++) {
            const cd_frame *f = &th->frames[i];
            resolved r;
            if (!ictx_resolve(c, f, &shown, &r)) {
                ictx_panic_free(&pt);
                ictx_panic_free(&p0);
                return INSPECT_EXIT_BAD;
            }
            fprintf(out, "%s\n      {\"index\": %u, \"instance\": %u, \"module\": %u, "
                         "\"func\": %u, \"name\": ",
                    i ? "," : "", (unsigned)i, (unsigned)f->instance, (unsigned)r.module,
                    (unsigned)f->func);
            json_name_or_null(out, r.bt.func_name, r.bt.func_name_len);
            fprintf(out, ", \"code_offset\": %u, \"module_offset\": ", (unsigned)f->code_offset);
            if (r.has_module_offset)
                fprintf(out, "%u", (unsigned)r.module_offset);
            else
                fputs("null", out);
            json_source(out, &r.bt);
            json_folded(out, ictx_panic_fold(p, i, r.ninlined));
            fputs(",\n       \"inlined\": [", out);
            for (uint32_t k = 0; k < r.ninlined; k++) {
                fputs(k ? ", {\"name\": " : "{\"name\": ", out);
                json_name_or_null(out, r.inlined[k].func_name, r.inlined[k].func_name_len);
                json_source(out, &r.inlined[k]);
                json_folded(out, ictx_panic_fold(p, i, k));
                fputc('}', out);
            }
            fputs("],\n       \"locals\": ", out);
            json_values(out, f->locals, f->nlocals, r.locals);
            fputs(", \"stack\": ", out);
            json_values(out, f->stack, f->nstack, NULL);
            fputc('}', out);
            ictx_resolved_free(&r);
        }
        ictx_panic_free(&pt);
        fputs("]}", out);
    }
    ictx_panic_free(&p0);
    fputs("],\n  \"globals\": [", out);
    for (uint32_t i = 0; i < cd->nglobals; i++) {
        const cd_global *g = &cd->globals[i];
        uint32_t k = 0;
        const names *n = ictx_global_names(c, i, &k);
        const char *p = NULL;
        uint32_t len = 0;
        if (n)
            names_global(n, k, &p, &len);
        fprintf(out, "%s\n    {\"index\": %u, \"name\": ", i ? "," : "", (unsigned)i);
        json_name_or_null(out, p, len);
        fputs(", \"type\": ", out);
        json_cstr(out, coredump_type_name(g->type));
        fprintf(out, ", \"mutable\": %s, ", g->mut ? "true" : "false");
        if (g->type == CD_I32 || g->type == CD_I64 || g->type == CD_F32 || g->type == CD_F64) {
            json_value(out, g->type, g->bits);
        } else {
            char v[96];
            ictx_format_global(g, v, sizeof v);
            fputs("\"value\": ", out);
            json_cstr(out, v);
        }
        fputc('}', out);
    }
    fputs("],\n  \"memories\": [", out);
    for (uint32_t i = 0; i < cd->nmemories; i++) {
        const cd_memory *m = &cd->memories[i];
        fprintf(out, "%s\n    {\"index\": %u, \"pages\": %" PRIu64 ", \"page_size\": %" PRIu64
                     ", \"bytes\": %" PRIu64 ", \"max_pages\": ",
                i ? "," : "", (unsigned)i, m->min, (uint64_t)1 << m->page_log2,
                coredump_memory_size(cd, i));
        if (m->has_max)
            fprintf(out, "%" PRIu64, m->max);
        else
            fputs("null", out);
        fprintf(out, ", \"memory64\": %s, \"shared\": %s, \"segments\": [",
                m->is64 ? "true" : "false", m->shared ? "true" : "false");
        bool first = true;
        for (uint32_t s = 0; s < cd->nsegments; s++) {
            if (cd->segments[s].memory != i)
                continue;
            fprintf(out, "%s{\"offset\": %" PRIu64 ", \"length\": %u}", first ? "" : ", ",
                    cd->segments[s].offset, (unsigned)cd->segments[s].len);
            first = false;
        }
        fputs("]}", out);
    }
    fputs("]", out);
    if (c->rq->view) {
        uint64_t start = c->view_start, end = c->view_end;
        fprintf(out, ",\n  \"memory_view\": {\"memory\": 0, \"address\": %" PRIu64
                     ", \"start\": %" PRIu64 ", \"length\": %" PRIu64
                     ", \"requested_length\": ",
                c->rq->view_addr, start, end - start);
        if (c->rq->view_len_given)
            fprintf(out, "%" PRIu64, c->rq->view_len);
        else
            fputs("null", out);
        /* true: ADDR:LEN ran past the end of memory 0 and stops there */
        fprintf(out, ", \"clipped\": %s, \"hex\": \"", c->view_clipped ? "true" : "false");
        uint8_t buf[256];
        for (uint64_t a = start; a < end; a += sizeof buf) {
            size_t n = end - a < sizeof buf ? (size_t)(end - a) : sizeof buf;
            coredump_memory_read(cd, 0, a, buf, n);
            for (size_t k = 0; k < n; k++)
                fprintf(out, "%02x", buf[k]);
        }
        fputs("\"}", out);
    }
    fputs("\n}\n", out);
    return 0;
}
