/* `wisp inspect`: print a Wasm coredump. See inspect.h and tools/README.md. */
#include "inspect.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backtrace_fmt.h"
#include "coredump_read.h"
#include "dwarf_line.h"
#include "inspect_module.h"
#include "inspect_read.h" /* utf8_valid */
#include "readfile.h"
#include "values.h"

#define EXIT_BAD 1
#define VIEW_AROUND 32 /* --memory ADDR: lines before/after ADDR's line (bytes) */

const char inspect_usage[] =
    "usage: wisp inspect [options] CORE\n"
    "\n"
    "Prints what a Wasm coredump (tool-conventions format, from `wisp run\n"
    "--coredump`, a device, or another runtime) holds: the trap and the\n"
    "backtrace, as `wisp run` prints them, then the globals and memories.\n"
    "\n"
    "options:\n"
    "  --module M.wasm     the module that was running: frames get module\n"
    "                      offsets (wasm-function[I]:0xOFF convention), names\n"
    "                      from its name section, and FILE:LINE when it has DWARF\n"
    "                      (.debug_line, e.g. from clang -g). Without it offsets\n"
    "                      are from the function body start (wasm-function[I]+0x12)\n"
    "                      and names come from the coredump's own name section\n"
    "  --json              print everything as one JSON object instead\n"
    "  --memory ADDR[:LEN] also hex-dump memory 0: LEN bytes from ADDR, or the\n"
    "                      lines around ADDR (numbers in decimal or 0x hex);\n"
    "                      bytes the coredump did not save read as zero\n"
    "\n"
    "exit status: 0, or 1 when the command line, the coredump or the module\n"
    "is bad (`wisp: CORE: damaged coredump at 0x1a: <reason>`).\n";

typedef struct opts {
    const char *core_path, *module_path;
    bool json;
    bool view;
    bool view_len_given;
    uint64_t view_addr, view_len;
} opts;

typedef struct ctx {
    const opts *o;
    coredump cd;
    bool have_module;
    im_module mod;
    uint32_t mod_index; /* coremodules index the module stands for */
    names dump_names;   /* the coredump's own name section */
    bool have_dump_types;
    im_module dump_mod; /* the dump read as a module: wisp's writer puts the real
                         * types of the functions on the stack in it */
    bool dwarf_ok;      /* module has .debug_line and it was not found damaged */
    dwarf_sections dwarf;
    bool warned_mismatch;
    uint64_t view_start, view_end; /* --memory range, checked before printing */
} ctx;

__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wisp: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nrun 'wisp inspect --help' for usage\n");
    va_end(ap);
    return EXIT_BAD;
}

static bool parse_u64(const char *s, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    unsigned base = 10;
    if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (s == end)
        return false;
    for (; s < end; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else if (base == 16 && *s >= 'A' && *s <= 'F')
            d = (unsigned)(*s - 'A' + 10);
        else
            return false;
        if (v > (UINT64_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

static int parse_opts(int argc, char **argv, opts *o)
{
    bool only_files = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_files && a[0] == '-' && a[1]) {
            const char *val = NULL;
            const char *eq = strchr(a, '=');
            size_t name_len = eq ? (size_t)(eq - a) : strlen(a);
            bool takes = (name_len == 8 && !strncmp(a, "--module", 8)) ||
                         (name_len == 8 && !strncmp(a, "--memory", 8));
            if (!strcmp(a, "--")) {
                only_files = true;
                continue;
            }
            if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
                fputs(inspect_usage, stdout);
                return 0;
            }
            if (!strcmp(a, "--json")) {
                o->json = true;
                continue;
            }
            if (!takes)
                return usage_error("unknown option '%s'", a);
            if (eq)
                val = eq + 1;
            else if (i + 1 < argc)
                val = argv[++i];
            else
                return usage_error("option %.*s needs a value", (int)name_len, a);
            if (!strncmp(a, "--module", 8)) {
                if (!*val)
                    return usage_error("--module needs a file name");
                o->module_path = val;
            } else {
                const char *colon = strchr(val, ':');
                const char *aend = colon ? colon : val + strlen(val);
                if (!parse_u64(val, aend, &o->view_addr) ||
                    (colon && (!parse_u64(colon + 1, colon + strlen(colon), &o->view_len) ||
                               o->view_len == 0)))
                    return usage_error("bad --memory '%s': expected ADDR or ADDR:LEN, in "
                                       "decimal or 0x hex, e.g. 0x400:64", val);
                o->view = true;
                o->view_len_given = colon != NULL;
            }
            continue;
        }
        if (o->core_path)
            return usage_error("more than one coredump given ('%s' and '%s')", o->core_path, a);
        o->core_path = a;
    }
    if (!o->core_path)
        return usage_error("missing coredump file (usage: wisp inspect [options] CORE)");
    return -1;
}

/* ---- resolving frames --------------------------------------------------- */

static uint32_t frame_module(const ctx *c, const cd_frame *f)
{
    if (c->cd.has_instances && f->instance < c->cd.ninstances)
        return c->cd.instances[f->instance].module;
    return 0;
}

/* Names for a frame's module: the given module's own, else the dump's. */
static const names *names_for(const ctx *c, uint32_t module)
{
    if (c->have_module && module == c->mod_index && c->mod.names.nfuncs)
        return &c->mod.names;
    if (module == 0)
        return &c->dump_names;
    return NULL;
}

typedef struct resolved {
    bt_frame bt;
    bt_local *locals;
    uint32_t module;
    bool has_module_offset;
    uint32_t module_offset;
    char file[512];
    bool has_loc;
    dwarf_loc loc;
} resolved;

static void warn(const ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(const ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "wisp: %s: ", c->o->module_path ? c->o->module_path : c->o->core_path);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static bool resolve(ctx *c, const cd_frame *f, uint32_t index, resolved *r)
{
    memset(r, 0, sizeof *r);
    r->module = frame_module(c, f);
    bt_frame *b = &r->bt;
    b->index = index;
    b->func_index = f->func;
    b->nparams = BT_NPARAMS_UNKNOWN;
    b->offset_kind = f->code_offset ? BT_OFFSET_FUNC : BT_OFFSET_NONE;
    b->offset = f->code_offset;
    bool use_module = c->have_module && r->module == c->mod_index;
    uint32_t np = 0;
    if (!use_module && r->module == 0 && c->have_dump_types &&
        im_func_params(&c->dump_mod, f->func, &np))
        b->nparams = np;
    if (use_module) {
        if (im_func_params(&c->mod, f->func, &np))
            b->nparams = np;
        if (f->code_offset &&
            im_module_offset(&c->mod, f->func, f->code_offset, &r->module_offset)) {
            r->has_module_offset = true;
            b->offset_kind = BT_OFFSET_MODULE;
            b->offset = r->module_offset;
        } else if (f->code_offset && !c->warned_mismatch) {
            c->warned_mismatch = true;
            warn(c, "frame #%u (function %u, code offset 0x%x) is not inside a function body "
                    "of this module; is it the module that was running?",
                 (unsigned)index, (unsigned)f->func, (unsigned)f->code_offset);
        }
    }
    const names *n = names_for(c, r->module);
    if (n) {
        const char *p;
        uint32_t len = 0;
        if (names_func(n, f->func, &p, &len) ||
            (n != &c->dump_names && r->module == 0 && names_func(&c->dump_names, f->func, &p, &len))) {
            /* the module's own names first; the dump's (which also carry
             * export names of unnamed functions) fill the gaps */
            b->func_name = p;
            b->func_name_len = len;
        }
        b->locals_named = names_has_locals(n, f->func);
    }
    r->locals = calloc((size_t)f->nlocals + 1, sizeof *r->locals);
    if (!r->locals) {
        fprintf(stderr, "wisp: out of host memory\n");
        return false;
    }
    for (uint32_t i = 0; i < f->nlocals; i++) {
        bt_local *l = &r->locals[i];
        const cd_value *v = &f->locals[i];
        l->type = v->type == CD_UNKNOWN ? 0 : v->type;
        if (v->type == CD_I32)
            l->value.i32 = (int32_t)(uint32_t)v->bits;
        else if (v->type == CD_F32)
            l->value.f32 = (uint32_t)v->bits;
        else
            l->value.i64 = (int64_t)v->bits;
        const char *p;
        uint32_t len = 0;
        if (n && names_local(n, f->func, i, &p, &len)) {
            l->name = p;
            l->name_len = len;
        }
    }
    b->locals = r->locals;
    b->nlocals = f->nlocals;
    if (r->has_module_offset && c->dwarf_ok && r->module_offset >= c->mod.code_payload) {
        size_t at;
        char why[200];
        int rc = dwarf_line_lookup(&c->dwarf, r->module_offset - c->mod.code_payload, &r->loc,
                                   &at, why, sizeof why);
        if (rc == DWARF_DAMAGED) {
            warn(c, "damaged DWARF at 0x%zx: %s; showing no file:line", at, why);
            c->dwarf_ok = false;
        } else if (rc == DWARF_FOUND) {
            r->has_loc = true;
            dwarf_loc_path(&r->loc, r->file, sizeof r->file);
            b->file = r->file;
            b->file_len = (uint32_t)strlen(r->file);
            b->line = r->loc.line;
        }
    }
    return true;
}

/* ---- text output -------------------------------------------------------- */

static void print_name(FILE *out, const char *p, size_t len)
{
    size_t n = bt_put_name(NULL, 0, 0, p, len);
    char *buf = malloc(n + 1);
    if (!buf)
        return;
    bt_put_name(buf, n + 1, 0, p, len);
    fputs(buf, out);
    free(buf);
}

static const names *global_names(const ctx *c, uint32_t g, uint32_t *module_global)
{
    /* Coredump global g is global k of instance 0's module when that
     * instance lists it; without `coreinstances` the indices are the same. */
    if (!c->cd.has_instances) {
        *module_global = g;
        return names_for(c, 0);
    }
    for (uint32_t i = 0; i < c->cd.ninstances; i++) {
        const cd_instance *in = &c->cd.instances[i];
        for (uint32_t k = 0; k < in->nglobals; k++) {
            if (in->globals[k] == g) {
                *module_global = k;
                return names_for(c, in->module);
            }
        }
    }
    return NULL;
}

static void format_global(const cd_global *g, char *buf, size_t size)
{
    wisp_value v = {0};
    switch (g->type) {
    case CD_I32: v.i32 = (int32_t)(uint32_t)g->bits; break;
    case CD_F32: v.f32 = (uint32_t)g->bits; break;
    case CD_I64: case CD_F64: v.i64 = (int64_t)g->bits; break;
    case CD_V128: {
        uint32_t w[4];
        for (int i = 0; i < 4; i++)
            w[i] = (uint32_t)g->v128[4 * i] | (uint32_t)g->v128[4 * i + 1] << 8 |
                   (uint32_t)g->v128[4 * i + 2] << 16 | (uint32_t)g->v128[4 * i + 3] << 24;
        snprintf(buf, size, "i32x4 0x%08x 0x%08x 0x%08x 0x%08x", (unsigned)w[0],
                 (unsigned)w[1], (unsigned)w[2], (unsigned)w[3]);
        return;
    }
    default:
        if (g->is_null)
            snprintf(buf, size, "null");
        else
            snprintf(buf, size, "ref.func %" PRIu64, g->bits);
        return;
    }
    value_format(g->type, v, buf, size);
}

static void hexdump(FILE *out, const ctx *c, uint64_t start, uint64_t end)
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

/* The --memory range, or an error message. */
static bool view_range(const ctx *c, uint64_t *start, uint64_t *end)
{
    const opts *o = c->o;
    uint64_t size = coredump_memory_size(&c->cd, 0);
    if (c->cd.nmemories == 0) {
        fprintf(stderr, "wisp: %s: --memory: the coredump has no memory\n", o->core_path);
        return false;
    }
    if (o->view_addr >= size) {
        fprintf(stderr, "wisp: %s: --memory: address 0x%" PRIx64 " is outside memory 0 "
                        "(0x%" PRIx64 " bytes)\n", o->core_path, o->view_addr, size);
        return false;
    }
    if (o->view_len_given) {
        *start = o->view_addr;
        *end = o->view_len > size - o->view_addr ? size : o->view_addr + o->view_len;
    } else {
        uint64_t line = o->view_addr & ~(uint64_t)15;
        *start = line > VIEW_AROUND ? line - VIEW_AROUND : 0;
        *end = size - line > VIEW_AROUND + 16 ? line + VIEW_AROUND + 16 : size;
    }
    return true;
}

static bool print_thread(ctx *c, const cd_thread *t, bool *func_relative)
{
    for (uint32_t i = 0; i < t->nframes; i++) {
        resolved r;
        if (!resolve(c, &t->frames[i], i, &r))
            return false;
        if (r.bt.offset_kind == BT_OFFSET_FUNC)
            *func_relative = true;
        bt_print_frame(stdout, &r.bt);
        free(r.locals);
    }
    return true;
}

static int print_text(ctx *c)
{
    const coredump *cd = &c->cd;
    bool func_relative = false;
    if (cd->has_trap) {
        char *msg = malloc(cd->trap.len + 1);
        if (!msg)
            return EXIT_BAD;
        memcpy(msg, cd->trap.p, cd->trap.len);
        msg[cd->trap.len] = '\0';
        bt_print_trap(stdout, msg);
        free(msg);
    } else {
        bt_print_trap(stdout, "(reason not recorded in the coredump)");
    }
    for (uint32_t t = 0; t < cd->nthreads; t++) {
        if (cd->nthreads > 1) {
            fputs("thread ", stdout);
            print_name(stdout, cd->threads[t].name.p, cd->threads[t].name.len);
            fputs(":\n", stdout);
        }
        if (!print_thread(c, &cd->threads[t], &func_relative))
            return EXIT_BAD;
    }
    if (func_relative)
        printf("  (wasm-function[I]+0xN: offset from the function body start; %s)\n",
               c->have_module ? "outside the given module"
                              : "--module M.wasm gives module offsets and file:line");

    printf("\n");
    if (cd->has_core) {
        fputs("executable: ", stdout);
        print_name(stdout, cd->executable.p, cd->executable.len);
        fputc('\n', stdout);
    }
    for (uint32_t i = 0; i < cd->nmodules; i++) {
        printf("module %u: ", (unsigned)i);
        print_name(stdout, cd->modules[i].p, cd->modules[i].len);
        fputc('\n', stdout);
    }
    if (cd->nthreads == 1) {
        fputs("thread: ", stdout);
        print_name(stdout, cd->threads[0].name.p, cd->threads[0].name.len);
        fputc('\n', stdout);
    }
    printf("globals:%s\n", cd->nglobals ? "" : " none");
    for (uint32_t i = 0; i < cd->nglobals; i++) {
        const cd_global *g = &cd->globals[i];
        char v[96];
        format_global(g, v, sizeof v);
        printf("  %u ", (unsigned)i);
        uint32_t k = 0;
        const names *n = global_names(c, i, &k);
        const char *p;
        uint32_t len = 0;
        if (n && names_global(n, k, &p, &len)) {
            print_name(stdout, p, len);
            fputc(' ', stdout);
        }
        printf("%s%s = %s\n", coredump_type_name(g->type), g->mut ? " mut" : "", v);
    }
    printf("memories:%s\n", cd->nmemories ? "" : " none");
    for (uint32_t i = 0; i < cd->nmemories; i++) {
        const cd_memory *m = &cd->memories[i];
        uint64_t saved = 0;
        uint32_t segs = 0;
        coredump_memory_saved(cd, i, &saved, &segs);
        printf("  %u: %" PRIu64 " page%s = %" PRIu64 " bytes", (unsigned)i, m->min,
               m->min == 1 ? "" : "s", coredump_memory_size(cd, i));
        if (m->has_max)
            printf(", max %" PRIu64, m->max);
        printf("%s%s; %" PRIu64 " byte%s saved in %u data segment%s\n", m->is64 ? ", 64-bit" : "",
               m->shared ? ", shared" : "", saved, saved == 1 ? "" : "s", (unsigned)segs,
               segs == 1 ? "" : "s");
    }
    if (c->o->view) {
        printf("memory 0 at 0x%" PRIx64 ":\n", c->o->view_addr);
        hexdump(stdout, c, c->view_start, c->view_end);
    }
    return 0;
}

/* ---- JSON output -------------------------------------------------------- */

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
            if (n <= len - i && n > 1 && utf8_valid(p + i, n)) {
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
    case CD_F32: {
        v.f32 = (uint32_t)bits;
        value_format(CD_F32, v, text, sizeof text);
        bool finite = ((bits >> 23) & 0xff) != 0xff;
        fputs("\"value\": ", out);
        if (finite)
            fputs(text, out);
        else
            json_cstr(out, text);
        fprintf(out, ", \"bits\": \"0x%08" PRIx32 "\"", (uint32_t)bits);
        return;
    }
    case CD_F64: {
        v.f64 = bits;
        value_format(CD_F64, v, text, sizeof text);
        bool finite = ((bits >> 52) & 0x7ff) != 0x7ff;
        fputs("\"value\": ", out);
        if (finite)
            fputs(text, out);
        else
            json_cstr(out, text);
        fprintf(out, ", \"bits\": \"0x%016" PRIx64 "\"", bits);
        return;
    }
    default:
        fputs("\"value\": null", out);
        return;
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

static int print_json(ctx *c)
{
    const coredump *cd = &c->cd;
    FILE *out = stdout;
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
    fputs(",\n  \"module_file\": ", out);
    if (c->have_module)
        json_cstr(out, c->o->module_path);
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
        for (uint32_t i = 0; i < th->nframes; i++) {
            const cd_frame *f = &th->frames[i];
            resolved r;
            if (!resolve(c, f, i, &r))
                return EXIT_BAD;
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
            fputs(", \"file\": ", out);
            if (r.has_loc)
                json_cstr(out, r.file);
            else
                fputs("null", out);
            fputs(", \"line\": ", out);
            if (r.has_loc)
                fprintf(out, "%u, \"column\": %u", (unsigned)r.loc.line, (unsigned)r.loc.column);
            else
                fputs("null, \"column\": null", out);
            fputs(",\n       \"text\": ", out);
            size_t n = bt_format_frame(NULL, 0, &r.bt);
            char *line = malloc(n + 1);
            if (line) {
                bt_format_frame(line, n + 1, &r.bt);
                json_cstr(out, line + 2); /* without the indentation */
                free(line);
            } else {
                fputs("null", out);
            }
            fputs(",\n       \"locals\": ", out);
            json_values(out, f->locals, f->nlocals, r.locals);
            fputs(", \"stack\": ", out);
            json_values(out, f->stack, f->nstack, NULL);
            fputc('}', out);
            free(r.locals);
        }
        fputs("]}", out);
    }
    fputs("],\n  \"globals\": [", out);
    for (uint32_t i = 0; i < cd->nglobals; i++) {
        const cd_global *g = &cd->globals[i];
        uint32_t k = 0;
        const names *n = global_names(c, i, &k);
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
            format_global(g, v, sizeof v);
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
    if (c->o->view) {
        uint64_t start = c->view_start, end = c->view_end;
        fprintf(out, ",\n  \"memory_view\": {\"memory\": 0, \"address\": %" PRIu64
                     ", \"start\": %" PRIu64 ", \"length\": %" PRIu64 ", \"hex\": \"",
                c->o->view_addr, start, end - start);
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

/* ---- main --------------------------------------------------------------- */

/* Whether the (already validated) dump has a type section. */
static bool coredump_has_types(const uint8_t *buf, size_t len)
{
    rd_err e = {0};
    rd r = rd_init(buf, len, &e);
    r.pos = 8;
    while (!rd_done(&r)) {
        uint8_t id = 0;
        uint32_t size = 0;
        if (!rd_u8(&r, "id", &id) || !rd_u32(&r, "size", &size) || !rd_skip(&r, "section", size))
            return false;
        if (id == 1)
            return true;
    }
    return false;
}

static bool load_module(ctx *c)
{
    const char *path = c->o->module_path;
    size_t len, at;
    const char *why;
    char err[200];
    uint8_t *bytes = read_file(path, &len, &why);
    if (!bytes) {
        fprintf(stderr, "wisp: %s: cannot read: %s\n", path, why);
        return false;
    }
    if (!im_parse(bytes, len, &c->mod, &at, err, sizeof err)) {
        fprintf(stderr, "wisp: %s: damaged module at 0x%zx: %s\n", path, at, err);
        free(bytes);
        return false;
    }
    c->have_module = true;
    /* Which of the coredump's modules is it? With one there is no question;
     * with several, the one whose name ends like the file's name. */
    c->mod_index = 0;
    if (c->cd.nmodules > 1) {
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        size_t bl = strlen(base);
        bool found = false;
        for (uint32_t i = 0; i < c->cd.nmodules && !found; i++) {
            const cd_str *s = &c->cd.modules[i];
            if (s->len >= bl && !memcmp(s->p + s->len - bl, base, bl) &&
                (s->len == bl || s->p[s->len - bl - 1] == '/')) {
                c->mod_index = i;
                found = true;
            }
        }
        if (!found)
            warn(c, "none of the coredump's %u modules is named like this file; using it "
                    "for module 0", (unsigned)c->cd.nmodules);
    }
    if (c->mod.debug_line.p) {
        c->dwarf.line = c->mod.debug_line.p;
        c->dwarf.line_len = c->mod.debug_line.len;
        c->dwarf.line_at = c->mod.debug_line.at;
        c->dwarf.line_str = c->mod.debug_line_str.p;
        c->dwarf.line_str_len = c->mod.debug_line_str.len;
        c->dwarf.str = c->mod.debug_str.p;
        c->dwarf.str_len = c->mod.debug_str.len;
        c->dwarf_ok = true;
    }
    return true;
}

int inspect_main(int argc, char **argv)
{
    opts o = {0};
    int status = parse_opts(argc, argv, &o);
    if (status >= 0)
        return status;
    ctx c;
    memset(&c, 0, sizeof c);
    c.o = &o;
    size_t len, at;
    const char *why;
    char err[200];
    status = EXIT_BAD;
    uint8_t *bytes = read_file(o.core_path, &len, &why);
    if (!bytes) {
        fprintf(stderr, "wisp: %s: cannot read: %s\n", o.core_path, why);
        return EXIT_BAD;
    }
    if (!coredump_parse(bytes, len, &c.cd, &at, err, sizeof err)) {
        fprintf(stderr, "wisp: %s: damaged coredump at 0x%zx: %s\n", o.core_path, at, err);
        goto done;
    }
    if (c.cd.names && !names_parse(c.cd.names, c.cd.names_len, &c.dump_names)) {
        fprintf(stderr, "wisp: out of host memory\n");
        goto done;
    }
    /* The dump's own type/function sections, if any (never an error: they
     * are optional and only tell parameter counts). */
    if (coredump_has_types(bytes, len)) {
        size_t ign_at;
        char ign[8];
        c.have_dump_types = im_parse(bytes, len, &c.dump_mod, &ign_at, ign, sizeof ign);
    }
    if (o.module_path && !load_module(&c))
        goto done;
    if (o.view && !view_range(&c, &c.view_start, &c.view_end))
        goto done;
    status = o.json ? print_json(&c) : print_text(&c);
    if (fflush(stdout) != 0 && status == 0) {
        fprintf(stderr, "wisp: cannot write the output\n");
        status = EXIT_BAD;
    }
done:
    names_free(&c.dump_names);
    if (c.have_dump_types)
        im_free(&c.dump_mod);
    if (c.have_module) {
        free((void *)c.mod.buf);
        im_free(&c.mod);
    }
    coredump_free(&c.cd);
    free(bytes);
    return status;
}
