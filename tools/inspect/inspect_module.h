/* What `wisp inspect` needs from a Wasm module, read without the runtime
 * (so modules wisp cannot run, e.g. with SIMD, can still be inspected):
 *   - function types (to know which locals are parameters),
 *   - where each function body starts (coredump code offsets count from the
 *     byte after the body-size LEB; module offset = body start + code offset),
 *   - the code section payload start (DWARF addresses count from it),
 *   - the `name` section, the DWARF sections and `sourceMappingURL`
 *     (IM_CUSTOM_SECTIONS).
 * Bounds-checked like coredump_read.c; host C, malloc'd tables. The name
 * section is read leniently (see names_parse). */
#ifndef WISP_TOOLS_INSPECT_MODULE_H
#define WISP_TOOLS_INSPECT_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- name section ------------------------------------------------------ */

typedef struct name_entry {
    uint32_t outer; /* function index (local names), else 0 */
    uint32_t index;
    const char *p;  /* into the module bytes; not NUL-terminated */
    uint32_t len;
} name_entry;

typedef struct names {
    const char *module;
    uint32_t module_len;
    bool has_module;
    uint32_t nfuncs, nlocals, nglobals;
    name_entry *funcs, *locals, *globals; /* sorted by (outer, index) */
} names;

/* Parses a `name` section payload (the bytes after the section's name).
 * Never fails: as the spec asks of custom sections, a damaged entry ends
 * that subsection and what was valid before it is kept (V8 and wabt behave
 * about the same). Returns false only when the host is out of memory. */
bool names_parse(const uint8_t *p, size_t len, names *out);
void names_free(names *n);
/* Lookups; false when there is no such name. */
bool names_func(const names *n, uint32_t func, const char **p, uint32_t *len);
bool names_local(const names *n, uint32_t func, uint32_t local, const char **p, uint32_t *len);
bool names_global(const names *n, uint32_t global, const char **p, uint32_t *len);
/* Whether any local of `func` has a name. */
bool names_has_locals(const names *n, uint32_t func);

/* ---- module ------------------------------------------------------------ */

typedef struct im_type {
    uint32_t nparams, nresults;
    const uint8_t *params, *results; /* value type bytes in the module */
} im_type;

typedef struct im_section {
    const uint8_t *p;
    size_t len;
    size_t at; /* file offset of the payload */
} im_section;

/* The custom sections kept (the first of each name): field, name. */
#define IM_CUSTOM_SECTIONS(X)                                                                \
    X(debug_line, ".debug_line")                                                           \
    X(debug_line_str, ".debug_line_str")                                                   \
    X(debug_str, ".debug_str")                                                             \
    X(debug_str_offsets, ".debug_str_offsets")                                             \
    X(debug_info, ".debug_info")                                                           \
    X(debug_abbrev, ".debug_abbrev")                                                       \
    X(debug_loc, ".debug_loc")                                                             \
    X(debug_loclists, ".debug_loclists")                                                   \
    X(debug_ranges, ".debug_ranges")                                                       \
    X(debug_rnglists, ".debug_rnglists")                                                   \
    X(debug_addr, ".debug_addr")                                                           \
    X(source_mapping_url, "sourceMappingURL")

typedef struct im_module {
    const uint8_t *buf;
    size_t len;
    uint32_t ntypes;
    im_type *types;
    uint32_t nimported_funcs; /* function index space: imports first */
    uint32_t nfuncs;          /* imports + defined */
    uint32_t *func_types;     /* [nfuncs]; type index, checked < ntypes */
    bool has_code;
    uint32_t code_payload;    /* file offset of the code section payload */
    uint32_t *body_start;     /* [nfuncs - nimported_funcs]: after the body-size LEB */
    uint32_t *body_end;
    names names;              /* empty if the module has no name section */
#define IM_SECTION_FIELD(field, name) im_section field;
    IM_CUSTOM_SECTIONS(IM_SECTION_FIELD) /* p == NULL: absent */
#undef IM_SECTION_FIELD
} im_module;

/* Parses buf[0..len) (which must outlive the module). On failure returns
 * false and sets *err_at and err. */
bool im_parse(const uint8_t *buf, size_t len, im_module *out, size_t *err_at, char *err,
              size_t err_size);
void im_free(im_module *m);

/* The module offset of `code_offset` in function `func`, if the module
 * defines that function (not an import) and the offset lies in its body. */
bool im_module_offset(const im_module *m, uint32_t func, uint32_t code_offset,
                      uint32_t *module_offset);
/* Parameter count of function `func`; false if unknown. */
bool im_func_params(const im_module *m, uint32_t func, uint32_t *nparams);

/* The module's DWARF line sections for dwarf_line.h; false (out untouched)
 * when it has no .debug_line. */
struct dwarf_sections;
bool im_dwarf_sections(const im_module *m, struct dwarf_sections *out);

#endif
