/* The symbolizer: the providers of symbols.h put together. */
#include "symbols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "dwarf_line.h"
#include "inspect_module.h"
#include "dwarf_info.h"
#include "sym_internal.h"

/* ---- strings kept until sym_close ------------------------------------- */

typedef struct str_block {
    struct str_block *next;
    char text[];
} str_block;

char *sym_keep(sym_module *s, const char *p, size_t len)
{
    str_block *b = malloc(sizeof *b + len + 1);
    if (!b)
        return NULL;
    memcpy(b->text, p, len);
    b->text[len] = 0;
    b->next = s->strings;
    s->strings = b;
    return b->text;
}

void sym_note(sym_module *s, const char *line)
{
    if (s->note)
        s->note(s->note_ctx, line);
}

/* ---- open and close --------------------------------------------------- */

static sym_module *open_with(const uint8_t *bytes, size_t len, const im_module *parsed,
                             const sym_options *opt, void (*note)(void *ctx, const char *line),
                             void *note_ctx)
{
    sym_module *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    if (opt)
        s->opt = *opt;
    s->note = note;
    s->note_ctx = note_ctx;
    size_t at;
    char err[200];
    if (parsed)
        s->mod = parsed;
    else if (bytes && im_parse(bytes, len, &s->own_mod, &at, err, sizeof err))
        s->mod = &s->own_mod;
    if (s->mod)
        s->have_line = im_dwarf_sections(s->mod, &s->line);
    /* --source-map, else the module's sourceMappingURL; problems are notes */
    s->smap = smap_for_module(bytes, len, s->opt.source_map, s->opt.module_path, note, note_ctx);
    return s;
}

sym_module *sym_open(const uint8_t *bytes, size_t len, const sym_options *opt,
                     void (*note)(void *ctx, const char *line), void *note_ctx)
{
    return open_with(bytes, len, NULL, opt, note, note_ctx);
}

sym_module *sym_open_parsed(const im_module *m, const uint8_t *bytes, size_t len,
                            const sym_options *opt, void (*note)(void *ctx, const char *line),
                            void *note_ctx)
{
    return open_with(bytes, len, m, opt, note, note_ctx);
}

void sym_close(sym_module *s)
{
    if (!s)
        return;
    while (s->strings) {
        str_block *b = s->strings;
        s->strings = b->next;
        free(b);
    }
    dwarf_info_close(s->info);
    if (s->mod == &s->own_mod)
        im_free(&s->own_mod);
    smap_free(s->smap);
    free(s);
}

const char *sym_display_name(sym_module *s, const char *raw, uint32_t len)
{
    /* Rust legacy and v0, C++ (demangle.h), unless --no-demangle */
    char *d = s->opt.no_demangle ? NULL : demangle(raw, len);
    if (d) {
        char *kept = sym_keep(s, d, strlen(d));
        free(d);
        return kept;
    }
    return sym_keep(s, raw, len);
}

/* ---- frames ----------------------------------------------------------- */

/* FILE:LINE:COL of a module offset from .debug_line. */
static bool line_of(sym_module *s, uint32_t module_offset, sym_frame *f)
{
    if (!s->have_line || module_offset < s->mod->code_payload)
        return false;
    dwarf_loc loc;
    size_t at;
    char why[200];
    int rc = dwarf_line_lookup(&s->line, module_offset - s->mod->code_payload, &loc, &at, why,
                               sizeof why);
    if (rc == DWARF_DAMAGED) {
        char line[300];
        snprintf(line, sizeof line, "damaged DWARF at 0x%zx: %s; showing no file:line", at, why);
        sym_note(s, line);
        s->have_line = false;
        return false;
    }
    if (rc != DWARF_FOUND)
        return false;
    char path[512];
    dwarf_loc_path(&loc, path, sizeof path);
    f->file = sym_keep(s, path, strlen(path));
    f->line = loc.line;
    f->column = loc.column;
    return f->file != NULL;
}

uint32_t sym_frames(sym_module *s, uint32_t func, uint32_t module_offset,
                    const sym_values *values, const sym_frame **out)
{
    (void)func;
    sym_frame *fr = s->frames;
    memset(fr, 0, sizeof s->frames);
    uint32_t n = 1;
    *out = fr;
    if (!module_offset)
        return n;
    line_of(s, module_offset, &fr[0]);
    /* the source map's FILE:LINE:COL when DWARF has none (sourcemap.h) */
    if (!fr[0].file)
        smap_lookup(s->smap, module_offset, &fr[0].file, &fr[0].line, &fr[0].column);
    if (!s->info_tried) {
        s->info_tried = true;
        s->info = dwarf_info_open(s);
    }
    if (s->info && module_offset >= s->mod->code_payload) {
        uint32_t k = dwarf_info_frames(s->info, module_offset - s->mod->code_payload, values, fr,
                                       SYM_MAX_FRAMES);
        if (k)
            n = k;
    }
    return n;
}
