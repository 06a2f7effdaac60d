/* Inside the symbolizer (symbols.h): the state its providers share. */
#ifndef WISP_TOOLS_SYM_INTERNAL_H
#define WISP_TOOLS_SYM_INTERNAL_H

#include "dwarf_line.h"
#include "inspect_module.h"
#include "sourcemap.h"
#include "symbols.h"

#define SYM_MAX_FRAMES 64 /* source frames of one Wasm frame (inlining depth) */

struct sym_module {
    sym_options opt;
    void (*note)(void *ctx, const char *line);
    void *note_ctx;
    const im_module *mod; /* the parsed module: own_mod, or the caller's; NULL: none */
    im_module own_mod;
    bool have_line;
    dwarf_sections line;
    smap *smap; /* the source map (sourcemap.h), or NULL */
    struct str_block *strings;
    bool info_tried;          /* dwarf_info opened (or found absent) */
    struct dwarf_info *info;
    sym_frame frames[SYM_MAX_FRAMES];
};

/* A NUL-terminated copy kept until sym_close; NULL when out of memory. */
char *sym_keep(sym_module *s, const char *p, size_t len);
void sym_note(sym_module *s, const char *line);

#endif
