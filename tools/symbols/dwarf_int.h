/* What dwarf_info.c (the reader: units, DIEs, ranges, names, types,
 * scopes) and dwarf_value.c (location expressions, values as text) share:
 * the DWARF constants, the decoded DIEs and the cursor. Private to
 * tools/symbols. */
#ifndef WISP_TOOLS_DWARF_INT_H
#define WISP_TOOLS_DWARF_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "dwarf_info.h"

/* ---- DWARF constants (DWARF 5 standard, section 7) ---------------------- */

enum {
    TAG_array = 0x01, TAG_class = 0x02, TAG_enumeration = 0x04, TAG_formal_parameter = 0x05,
    TAG_lexical_block = 0x0b, TAG_member = 0x0d, TAG_pointer = 0x0f, TAG_reference = 0x10,
    TAG_compile_unit = 0x11, TAG_structure = 0x13, TAG_typedef = 0x16, TAG_union = 0x17,
    TAG_variant = 0x19, TAG_inlined_subroutine = 0x1d, TAG_subrange = 0x21, TAG_base = 0x24, TAG_const = 0x26,
    TAG_enumerator = 0x28, TAG_subprogram = 0x2e, TAG_variable = 0x34, TAG_volatile = 0x35,
    TAG_variant_part = 0x33, TAG_rvalue_reference = 0x42, TAG_atomic = 0x47,
};

enum {
    AT_location = 0x02, AT_name = 0x03, AT_byte_size = 0x0b, AT_stmt_list = 0x10,
    AT_low_pc = 0x11, AT_high_pc = 0x12, AT_discr = 0x15, AT_discr_value = 0x16, AT_const_value = 0x1c, AT_upper_bound = 0x2f,
    AT_abstract_origin = 0x31, AT_count = 0x37, AT_data_member_location = 0x38,
    AT_declaration = 0x3c, AT_encoding = 0x3e, AT_frame_base = 0x40, AT_specification = 0x47,
    AT_type = 0x49, AT_ranges = 0x55, AT_call_column = 0x57, AT_call_file = 0x58,
    AT_call_line = 0x59, AT_linkage_name = 0x6e, AT_str_offsets_base = 0x72,
    AT_addr_base = 0x73, AT_rnglists_base = 0x74, AT_loclists_base = 0x8c,
    AT_MIPS_linkage_name = 0x2007,
};

enum {
    FORM_addr = 0x01, FORM_block2 = 0x03, FORM_block4 = 0x04, FORM_data2 = 0x05,
    FORM_data4 = 0x06, FORM_data8 = 0x07, FORM_string = 0x08, FORM_block = 0x09,
    FORM_block1 = 0x0a, FORM_data1 = 0x0b, FORM_flag = 0x0c, FORM_sdata = 0x0d,
    FORM_strp = 0x0e, FORM_udata = 0x0f, FORM_ref_addr = 0x10, FORM_ref1 = 0x11,
    FORM_ref2 = 0x12, FORM_ref4 = 0x13, FORM_ref8 = 0x14, FORM_ref_udata = 0x15,
    FORM_indirect = 0x16, FORM_sec_offset = 0x17, FORM_exprloc = 0x18,
    FORM_flag_present = 0x19, FORM_strx = 0x1a, FORM_addrx = 0x1b, FORM_ref_sup4 = 0x1c,
    FORM_strp_sup = 0x1d, FORM_data16 = 0x1e, FORM_line_strp = 0x1f, FORM_ref_sig8 = 0x20,
    FORM_implicit_const = 0x21, FORM_loclistx = 0x22, FORM_rnglistx = 0x23,
    FORM_ref_sup8 = 0x24, FORM_strx1 = 0x25, FORM_strx2 = 0x26, FORM_strx3 = 0x27,
    FORM_strx4 = 0x28, FORM_addrx1 = 0x29, FORM_addrx2 = 0x2a, FORM_addrx3 = 0x2b,
    FORM_addrx4 = 0x2c,
};

enum {
    ATE_boolean = 0x02, ATE_float = 0x04, ATE_signed = 0x05, ATE_signed_char = 0x06,
    ATE_unsigned = 0x07, ATE_unsigned_char = 0x08, ATE_UTF = 0x10,
};

#define OP_WASM_location 0xed
#define NO_DIE UINT32_MAX
#define MAX_VALUE_BYTES 256 /* a variable's bytes shown at most */
#define MAX_ELEMS 8         /* struct members and array elements shown */
#define MAX_DEPTH 3         /* nesting of shown aggregates */


typedef struct cur {
    const uint8_t *p, *end;
    bool bad;
} cur;


typedef struct attr_spec {
    uint16_t name, form;
    int64_t implicit;
} attr_spec;

typedef struct abbrev {
    uint64_t code;
    uint16_t tag;
    bool children;
    uint32_t first, nattrs; /* into unit's specs */
} abbrev;

typedef struct expr {
    const uint8_t *p; /* NULL: none */
    uint32_t len;
} expr;

/* The attributes the symbolizer uses, decoded. */
typedef struct die {
    uint32_t off;        /* in .debug_info */
    uint32_t parent;     /* index, NO_DIE for the unit DIE */
    uint32_t next;       /* index after its subtree */
    uint32_t unit;
    uint16_t tag;
    bool declaration;
    const char *name, *linkage;
    bool has_low, has_high, high_is_size, has_ranges, ranges_x;
    uint64_t low, high, ranges;
    uint32_t origin, spec, type; /* .debug_info offsets; 0: none */
    uint32_t discr;              /* a variant part's discriminant member; 0: none */
    bool has_discr_value;        /* a variant's: which discriminant selects it */
    uint64_t discr_value;
    expr loc, frame_base;
    bool has_loclist, loclist_x;
    uint64_t loclist;
    bool has_const;
    uint64_t const_value;
    expr const_block;
    uint32_t call_file, call_line, call_column;
    bool has_byte_size, has_count, has_member_off;
    uint64_t byte_size, count, member_off;
    uint8_t encoding;
} die;

typedef struct unit {
    uint32_t off, end;     /* the unit in .debug_info */
    uint16_t version;
    uint8_t addr_size;
    uint32_t first, ndies; /* into d->dies */
    uint64_t base;         /* DW_AT_low_pc of the unit: base of its lists */
    uint64_t str_offsets_base, addr_base, rnglists_base, loclists_base;
    bool has_stmt;
    uint64_t stmt_list;
} unit;

struct dwarf_info {
    sym_module *s;
    const im_module *m;
    unit *units;
    uint32_t nunits;
    die *dies;
    uint32_t ndies, cap;
};


typedef enum { LOC_NONE, LOC_MEMORY, LOC_VALUE, LOC_BYTES } loc_kind;

typedef struct loc {
    loc_kind kind;
    uint64_t addr;                  /* LOC_MEMORY */
    uint64_t value;                 /* LOC_VALUE */
    uint8_t bytes[MAX_VALUE_BYTES]; /* LOC_BYTES: pieces put together */
    uint32_t nbytes;
    bool incomplete;                /* a piece could not be read */
    uint8_t known[MAX_VALUE_BYTES]; /* LOC_BYTES: 1 for each byte a piece gave */
    bool in_wasm_value;             /* LOC_VALUE: the expression was a Wasm local, global or
                                     * stack entry alone */
} loc;

typedef struct eval_ctx {
    const dwarf_info *d;
    const unit *u;
    const sym_values *values;
    bool has_frame_base;
    uint64_t frame_base;
    /* the bytes being formatted, when some are not known: known[i] for
     * val_base[i] (NULL: all are) */
    const uint8_t *val_base, *known;
} eval_ctx;

/* ---- dwarf_info.c ---- */

/* A cursor at off in s (bad if off is outside it); reads past its end set
 * bad and give 0. */
cur dw_cur_of(const im_section *s, uint64_t off);
uint64_t dw_get_n(cur *c, unsigned n); /* n-byte little-endian */
uint64_t dw_get_uleb(cur *c);
int64_t dw_get_sleb(cur *c);
/* An index into .debug_addr (DWARF 5 addrx forms). */
uint64_t dw_addr_index(const dwarf_info *d, const unit *u, uint64_t i);
/* The first entry of a range or location list (DWARF 5 rnglists and
 * loclists): at off, or at the unit's offset table's entry off (indexed). */
cur dw_list_at(const im_section *s, uint64_t base, uint64_t off, bool indexed);
/* The DIE at a .debug_info offset, or NULL. */
const die *dw_die_at(const dwarf_info *d, uint32_t off);
/* Where e's attributes come from (DW_AT_abstract_origin, specification). */
const die *dw_origin_of(const dwarf_info *d, const die *e);
uint32_t dw_type_of(const dwarf_info *d, const die *e);
/* The type at off without typedefs and qualifiers, or NULL. */
const die *dw_concrete_type(const dwarf_info *d, uint32_t off);
uint64_t dw_type_size(const dwarf_info *d, uint32_t off, int depth);

/* ---- dwarf_value.c ---- */

/* Evaluates a location expression in x's frame into *out. */
bool dw_eval(const eval_ctx *x, expr e, loc *out);
/* Variable v's value at code address a as text (kept in d's strings). */
const char *dw_var_value(const eval_ctx *x, const die *v, uint64_t a);

#endif
