/* The .debug_info reader; see dwarf_info.h. */
#include "dwarf_info.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt_text.h"

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

/* ---- a bounds-checked cursor -------------------------------------------- */

typedef struct cur {
    const uint8_t *p, *end;
    bool bad;
} cur;

static cur cur_of(const im_section *s, uint64_t off)
{
    cur c = {NULL, NULL, true};
    if (s->p && off <= s->len) {
        c.p = s->p + off;
        c.end = s->p + s->len;
        c.bad = false;
    }
    return c;
}

static uint64_t get_n(cur *c, unsigned n)
{
    if (c->bad || (size_t)(c->end - c->p) < n) {
        c->bad = true;
        return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)c->p[i] << (8 * i);
    c->p += n;
    return v;
}

static uint64_t get_uleb(cur *c)
{
    uint64_t v = 0;
    for (unsigned shift = 0; !c->bad; shift += 7) {
        if (c->p >= c->end) {
            c->bad = true;
            break;
        }
        uint8_t b = *c->p++;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return v;
    }
    return 0;
}

static int64_t get_sleb(cur *c)
{
    uint64_t v = 0;
    unsigned shift = 0;
    uint8_t b = 0;
    do {
        if (c->bad || c->p >= c->end) {
            c->bad = true;
            return 0;
        }
        b = *c->p++;
        if (shift < 64)
            v |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40))
        v |= ~(uint64_t)0 << shift;
    return (int64_t)v;
}

static const char *get_cstr(cur *c)
{
    const uint8_t *s = c->p;
    while (!c->bad && c->p < c->end && *c->p)
        c->p++;
    if (c->bad || c->p >= c->end) {
        c->bad = true;
        return NULL;
    }
    c->p++;
    return (const char *)s;
}

static void skip(cur *c, uint64_t n)
{
    if (c->bad || (uint64_t)(c->end - c->p) < n)
        c->bad = true;
    else
        c->p += n;
}

/* A NUL-terminated string at off in a string section, or NULL. */
static const char *str_at(const im_section *s, uint64_t off)
{
    if (!s->p || off >= s->len || !memchr(s->p + off, 0, s->len - off))
        return NULL;
    return (const char *)s->p + off;
}

/* ---- units, abbreviations and DIEs ------------------------------------- */

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

static bool form_is_data(uint16_t form)
{
    return form == FORM_data1 || form == FORM_data2 || form == FORM_data4 ||
           form == FORM_data8 || form == FORM_udata || form == FORM_sdata ||
           form == FORM_implicit_const;
}

/* An index into .debug_addr (DWARF 5 addrx forms). */
static uint64_t addr_index(const dwarf_info *d, const unit *u, uint64_t i)
{
    cur c = cur_of(&d->m->debug_addr, u->addr_base + i * u->addr_size);
    uint64_t v = get_n(&c, u->addr_size);
    return c.bad ? 0 : v;
}

static const char *strx(const dwarf_info *d, const unit *u, uint64_t i)
{
    cur c = cur_of(&d->m->debug_str_offsets, u->str_offsets_base + i * 4);
    uint64_t off = get_n(&c, 4);
    return c.bad ? NULL : str_at(&d->m->debug_str, off);
}

/* One attribute value: the number, or the block/string it is. */
typedef struct aval {
    uint64_t u;
    int64_t s;
    bool is_signed;
    const uint8_t *block; /* blocks and exprloc */
    uint32_t block_len;
    const char *str;
    bool is_ref;          /* u is a .debug_info offset */
} aval;

static bool read_attr(dwarf_info *d, unit *u, cur *c, uint16_t form, int64_t implicit, aval *v)
{
    memset(v, 0, sizeof *v);
    uint64_t n = 0;
    switch (form) {
    case FORM_addr: v->u = get_n(c, u->addr_size); break;
    case FORM_data1: case FORM_ref1: case FORM_flag: case FORM_strx1: case FORM_addrx1:
        v->u = get_n(c, 1); break;
    case FORM_data2: case FORM_ref2: case FORM_strx2: case FORM_addrx2: v->u = get_n(c, 2); break;
    case FORM_strx3: case FORM_addrx3: v->u = get_n(c, 3); break;
    case FORM_data4: case FORM_ref4: case FORM_strp: case FORM_line_strp: case FORM_sec_offset:
    case FORM_ref_addr: case FORM_strx4: case FORM_addrx4: case FORM_ref_sup4: case FORM_strp_sup:
        v->u = get_n(c, 4); break;
    case FORM_data8: case FORM_ref8: case FORM_ref_sig8: case FORM_ref_sup8: v->u = get_n(c, 8); break;
    case FORM_data16: skip(c, 16); break;
    case FORM_sdata: v->s = get_sleb(c); v->u = (uint64_t)v->s; v->is_signed = true; break;
    case FORM_udata: case FORM_ref_udata: case FORM_strx: case FORM_addrx: case FORM_loclistx:
    case FORM_rnglistx:
        v->u = get_uleb(c); break;
    case FORM_implicit_const: v->s = implicit; v->u = (uint64_t)implicit; v->is_signed = true; break;
    case FORM_flag_present: v->u = 1; break;
    case FORM_string: v->str = get_cstr(c); break;
    case FORM_block1: n = get_n(c, 1); goto block;
    case FORM_block2: n = get_n(c, 2); goto block;
    case FORM_block4: n = get_n(c, 4); goto block;
    case FORM_block: case FORM_exprloc: n = get_uleb(c);
    block:
        if (!c->bad && n <= (uint64_t)(c->end - c->p)) {
            v->block = c->p;
            v->block_len = (uint32_t)n;
        }
        skip(c, n);
        break;
    case FORM_indirect: {
        uint64_t f = get_uleb(c);
        if (c->bad || f == FORM_indirect || f == FORM_implicit_const)
            return false;
        return read_attr(d, u, c, (uint16_t)f, 0, v);
    }
    default:
        return false; /* an unknown form: its size is unknown, so is the rest */
    }
    switch (form) {
    case FORM_ref1: case FORM_ref2: case FORM_ref4: case FORM_ref8: case FORM_ref_udata:
        v->u += u->off;
        v->is_ref = true;
        break;
    case FORM_ref_addr: v->is_ref = true; break;
    case FORM_strp: v->str = str_at(&d->m->debug_str, v->u); break;
    case FORM_line_strp: v->str = str_at(&d->m->debug_line_str, v->u); break;
    case FORM_strx: case FORM_strx1: case FORM_strx2: case FORM_strx3: case FORM_strx4:
        v->str = strx(d, u, v->u); break;
    case FORM_addrx: case FORM_addrx1: case FORM_addrx2: case FORM_addrx3: case FORM_addrx4:
        v->u = addr_index(d, u, v->u); break;
    default: break;
    }
    return !c->bad;
}

static void set_attr(dwarf_info *d, unit *u, die *e, uint16_t name, uint16_t form, const aval *v)
{
    (void)d;
    switch (name) {
    case AT_name: e->name = v->str; break;
    case AT_linkage_name: case AT_MIPS_linkage_name: e->linkage = v->str; break;
    case AT_low_pc: e->has_low = true; e->low = v->u; break;
    case AT_high_pc:
        e->has_high = true;
        e->high = v->u;
        e->high_is_size = form_is_data(form);
        break;
    case AT_ranges:
        e->has_ranges = true;
        e->ranges = v->u;
        e->ranges_x = form == FORM_rnglistx;
        break;
    case AT_abstract_origin: if (v->is_ref) e->origin = (uint32_t)v->u; break;
    case AT_specification: if (v->is_ref) e->spec = (uint32_t)v->u; break;
    case AT_type: if (v->is_ref) e->type = (uint32_t)v->u; break;
    case AT_discr: if (v->is_ref) e->discr = (uint32_t)v->u; break;
    case AT_discr_value:
        e->has_discr_value = !v->block && !v->str;
        e->discr_value = v->u;
        break;
    case AT_location:
        if (v->block) {
            e->loc.p = v->block;
            e->loc.len = v->block_len;
        } else if (form == FORM_sec_offset || form == FORM_loclistx || form == FORM_data4) {
            e->has_loclist = true;
            e->loclist = v->u;
            e->loclist_x = form == FORM_loclistx;
        }
        break;
    case AT_frame_base:
        if (v->block) {
            e->frame_base.p = v->block;
            e->frame_base.len = v->block_len;
        }
        break;
    case AT_const_value:
        if (v->block) {
            e->const_block.p = v->block;
            e->const_block.len = v->block_len;
            e->has_const = true;
        } else if (!v->str) {
            e->has_const = true;
            e->const_value = v->u;
        }
        break;
    case AT_call_file: e->call_file = (uint32_t)v->u; break;
    case AT_call_line: e->call_line = (uint32_t)v->u; break;
    case AT_call_column: e->call_column = (uint32_t)v->u; break;
    case AT_byte_size: e->has_byte_size = true; e->byte_size = v->u; break;
    case AT_count: e->has_count = true; e->count = v->u; break;
    case AT_upper_bound:
        if (!e->has_count) { /* count = upper_bound + 1 (lower bound 0: C, Rust) */
            e->has_count = !(v->is_signed && v->s < 0);
            e->count = v->u + 1;
        }
        break;
    case AT_data_member_location:
        if (!v->block) {
            e->has_member_off = true;
            e->member_off = v->u;
        } else if (v->block_len >= 2 && v->block[0] == 0x23) { /* DW_OP_plus_uconst */
            cur c = {v->block + 1, v->block + v->block_len, false};
            e->member_off = get_uleb(&c);
            e->has_member_off = !c.bad;
        }
        break;
    case AT_declaration: e->declaration = v->u != 0; break;
    case AT_encoding: e->encoding = (uint8_t)v->u; break;
    case AT_stmt_list: u->has_stmt = true; u->stmt_list = v->u; break;
    case AT_str_offsets_base: u->str_offsets_base = v->u; break;
    case AT_addr_base: u->addr_base = v->u; break;
    case AT_rnglists_base: u->rnglists_base = v->u; break;
    case AT_loclists_base: u->loclists_base = v->u; break;
    default: break;
    }
}

static bool read_abbrevs(dwarf_info *d, uint64_t off, abbrev **out, uint32_t *nout,
                         attr_spec **specs_out)
{
    cur c = cur_of(&d->m->debug_abbrev, off);
    abbrev *ab = NULL;
    attr_spec *sp = NULL;
    uint32_t n = 0, cap = 0, ns = 0, scap = 0;
    for (;;) {
        uint64_t code = get_uleb(&c);
        if (c.bad || code == 0)
            break;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            abbrev *t = realloc(ab, cap * sizeof *ab);
            if (!t)
                goto fail;
            ab = t;
        }
        abbrev *a = &ab[n++];
        a->code = code;
        a->tag = (uint16_t)get_uleb(&c);
        a->children = get_n(&c, 1) != 0;
        a->first = ns;
        a->nattrs = 0;
        for (;;) {
            uint64_t name = get_uleb(&c), form = get_uleb(&c);
            int64_t implicit = form == FORM_implicit_const ? get_sleb(&c) : 0;
            if (c.bad || (name == 0 && form == 0))
                break;
            if (ns == scap) {
                scap = scap ? 2 * scap : 256;
                attr_spec *t = realloc(sp, scap * sizeof *sp);
                if (!t)
                    goto fail;
                sp = t;
            }
            sp[ns++] = (attr_spec){(uint16_t)name, (uint16_t)form, implicit};
            a->nattrs++;
        }
        if (c.bad)
            break;
    }
    *out = ab;
    *nout = n;
    *specs_out = sp;
    return true;
fail:
    free(ab);
    free(sp);
    return false;
}

static const abbrev *find_abbrev(const abbrev *ab, uint32_t n, uint64_t code)
{
    if (code - 1 < n && ab[code - 1].code == code) /* the usual numbering */
        return &ab[code - 1];
    for (uint32_t i = 0; i < n; i++)
        if (ab[i].code == code)
            return &ab[i];
    return NULL;
}

static die *new_die(dwarf_info *d)
{
    if (d->ndies == d->cap) {
        uint32_t cap = d->cap ? 2 * d->cap : 1024;
        die *t = realloc(d->dies, cap * sizeof *t);
        if (!t)
            return NULL;
        d->dies = t;
        d->cap = cap;
    }
    die *e = &d->dies[d->ndies++];
    memset(e, 0, sizeof *e);
    return e;
}

/* The DIEs of the unit at c (after its header). False when damaged. */
static bool read_dies(dwarf_info *d, unit *u, cur *c, const abbrev *ab, uint32_t nab,
                      const attr_spec *sp)
{
    uint32_t stack[256];
    uint32_t depth = 0;
    u->first = d->ndies;
    while (!c->bad && c->p < c->end) {
        uint32_t off = (uint32_t)(c->p - d->m->debug_info.p);
        uint64_t code = get_uleb(c);
        if (c->bad)
            return false;
        if (code == 0) { /* the end of a list of children */
            if (depth == 0)
                continue; /* padding */
            uint32_t closed = stack[--depth];
            d->dies[closed].next = d->ndies;
            continue;
        }
        const abbrev *a = find_abbrev(ab, nab, code);
        if (!a)
            return false;
        die *e = new_die(d);
        if (!e)
            return false;
        uint32_t idx = d->ndies - 1;
        e->off = off;
        e->tag = a->tag;
        e->unit = (uint32_t)(u - d->units);
        e->parent = depth ? stack[depth - 1] : NO_DIE;
        e->next = idx + 1;
        for (uint32_t k = 0; k < a->nattrs; k++) {
            aval v;
            const attr_spec *s = &sp[a->first + k];
            if (!read_attr(d, u, c, s->form, s->implicit, &v))
                return false;
            set_attr(d, u, &d->dies[idx], s->name, s->form, &v);
        }
        if (a->children) {
            if (depth == sizeof stack / sizeof *stack)
                return false;
            stack[depth++] = idx;
        }
    }
    while (depth) /* a unit that ends without closing its lists */
        d->dies[stack[--depth]].next = d->ndies;
    u->ndies = d->ndies - u->first;
    return !c->bad;
}

/* The unit DIE's string attributes may use str_offsets_base before it is
 * read (it comes later in the DIE): read the unit DIE twice when so. */
static void fix_unit_strings(dwarf_info *d, unit *u, const uint8_t *die_at, const abbrev *ab,
                             uint32_t nab, const attr_spec *sp)
{
    cur c = {die_at, d->m->debug_info.p + u->end, false};
    const abbrev *a = find_abbrev(ab, nab, get_uleb(&c));
    if (!a || c.bad)
        return;
    die *e = &d->dies[u->first];
    for (uint32_t k = 0; k < a->nattrs; k++) {
        aval v;
        const attr_spec *s = &sp[a->first + k];
        if (!read_attr(d, u, &c, s->form, s->implicit, &v))
            return;
        set_attr(d, u, e, s->name, s->form, &v);
    }
}

static bool read_units(dwarf_info *d)
{
    const im_section *info = &d->m->debug_info;
    uint64_t off = 0;
    while (off + 11 <= info->len) {
        cur c = cur_of(info, off);
        uint64_t len = get_n(&c, 4);
        if (len >= 0xfffffff0u) /* 64-bit DWARF: not written for wasm32 */
            return false;
        if (c.bad || len > info->len - off - 4)
            return false;
        unit uu;
        memset(&uu, 0, sizeof uu);
        uu.off = (uint32_t)off;
        uu.end = (uint32_t)(off + 4 + len);
        c.end = info->p + uu.end;
        uu.version = (uint16_t)get_n(&c, 2);
        uint64_t abbrev_off;
        if (uu.version >= 5) {
            uint8_t type = (uint8_t)get_n(&c, 1);
            uu.addr_size = (uint8_t)get_n(&c, 1);
            abbrev_off = get_n(&c, 4);
            if (type == 2 || type == 6) /* type / split type units: signature, offset */
                skip(&c, 12);
            else if (type == 4 || type == 5) /* skeleton / split compile: id */
                skip(&c, 8);
        } else {
            abbrev_off = get_n(&c, 4);
            uu.addr_size = (uint8_t)get_n(&c, 1);
        }
        if (c.bad || uu.version < 2 || uu.version > 5 || (uu.addr_size != 4 && uu.addr_size != 8))
            return false;
        unit *t = realloc(d->units, (d->nunits + 1) * sizeof *t);
        if (!t)
            return false;
        d->units = t;
        unit *u = &d->units[d->nunits++];
        *u = uu;
        abbrev *ab = NULL;
        attr_spec *sp = NULL;
        uint32_t nab = 0;
        if (!read_abbrevs(d, abbrev_off, &ab, &nab, &sp))
            return false;
        const uint8_t *first_die = c.p;
        bool ok = read_dies(d, u, &c, ab, nab, sp);
        if (ok && u->ndies && u->version >= 5)
            fix_unit_strings(d, u, first_die, ab, nab, sp);
        free(ab);
        free(sp);
        if (!ok) {
            char line[120];
            snprintf(line, sizeof line, "damaged .debug_info in the unit at 0x%" PRIx32
                     "; its variables may be missing", uu.off);
            sym_note(d->s, line);
        }
        if (u->ndies && d->dies[u->first].has_low)
            u->base = d->dies[u->first].low;
        off = uu.end;
    }
    return true;
}

/* The DIE at .debug_info offset off, or NULL. */
static const die *die_at(const dwarf_info *d, uint32_t off)
{
    uint32_t lo = 0, hi = d->ndies;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->dies[mid].off < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->ndies && d->dies[lo].off == off ? &d->dies[lo] : NULL;
}

/* ---- address ranges ----------------------------------------------------- */

static bool rnglist_contains(const dwarf_info *d, const unit *u, const die *e, uint64_t a)
{
    uint64_t base = u->base;
    if (u->version < 5) {
        cur c = cur_of(&d->m->debug_ranges, e->ranges);
        uint64_t all = u->addr_size == 4 ? 0xffffffffu : UINT64_MAX;
        for (int guard = 0; guard < 100000; guard++) {
            uint64_t lo = get_n(&c, u->addr_size), hi = get_n(&c, u->addr_size);
            if (c.bad || (lo == 0 && hi == 0))
                return false;
            if (lo == all)
                base = hi;
            else if (a >= base + lo && a < base + hi)
                return true;
        }
        return false;
    }
    uint64_t off = e->ranges;
    if (e->ranges_x) {
        cur o = cur_of(&d->m->debug_rnglists, u->rnglists_base + off * 4);
        off = u->rnglists_base + get_n(&o, 4);
        if (o.bad)
            return false;
    }
    cur c = cur_of(&d->m->debug_rnglists, off);
    for (int guard = 0; guard < 100000; guard++) {
        uint8_t kind = (uint8_t)get_n(&c, 1);
        uint64_t lo = 0, hi = 0;
        switch (kind) {
        case 0: return false; /* end_of_list */
        case 1: base = addr_index(d, u, get_uleb(&c)); continue;
        case 2: lo = addr_index(d, u, get_uleb(&c)); hi = addr_index(d, u, get_uleb(&c)); break;
        case 3: lo = addr_index(d, u, get_uleb(&c)); hi = lo + get_uleb(&c); break;
        case 4: lo = base + get_uleb(&c); hi = base + get_uleb(&c); break;
        case 5: base = get_n(&c, u->addr_size); continue;
        case 6: lo = get_n(&c, u->addr_size); hi = get_n(&c, u->addr_size); break;
        case 7: lo = get_n(&c, u->addr_size); hi = lo + get_uleb(&c); break;
        default: return false;
        }
        if (c.bad)
            return false;
        if (a >= lo && a < hi)
            return true;
    }
    return false;
}

static bool contains(const dwarf_info *d, const die *e, uint64_t a)
{
    const unit *u = &d->units[e->unit];
    if (e->has_ranges)
        return rnglist_contains(d, u, e, a);
    if (!e->has_low || !e->has_high)
        return false;
    uint64_t hi = e->high_is_size ? e->low + e->high : e->high;
    return a >= e->low && a < hi;
}

/* ---- names and types ---------------------------------------------------- */

/* Follow abstract_origin and specification to the DIE that has the name
 * (and type) of a concrete one. */
static const die *origin_of(const dwarf_info *d, const die *e)
{
    for (int k = 0; k < 8 && e; k++) {
        if (e->name || e->linkage || (!e->origin && !e->spec))
            return e;
        const die *o = die_at(d, e->origin ? e->origin : e->spec);
        if (!o)
            return e;
        e = o;
    }
    return e;
}

static uint32_t type_of(const dwarf_info *d, const die *e)
{
    for (int k = 0; k < 8 && e; k++) {
        if (e->type)
            return e->type;
        e = e->origin ? die_at(d, e->origin) : e->spec ? die_at(d, e->spec) : NULL;
    }
    return 0;
}

static const char *name_of(const dwarf_info *d, const die *e)
{
    for (int k = 0; k < 8 && e; k++) {
        if (e->name)
            return e->name;
        e = e->origin ? die_at(d, e->origin) : e->spec ? die_at(d, e->spec) : NULL;
    }
    return NULL;
}

/* Strip typedefs and qualifiers. */
/* Whether a and b have the same name in the same named scopes (namespaces,
 * enclosing types), up to their units. */
static bool same_qualified_name(const dwarf_info *d, const die *a, const die *b)
{
    for (int k = 0; k < 32; k++) {
        if (a->tag != b->tag || !a->name != !b->name || (a->name && strcmp(a->name, b->name)))
            return false;
        if (a->parent == NO_DIE || b->parent == NO_DIE)
            return a->parent == b->parent;
        a = &d->dies[a->parent];
        b = &d->dies[b->parent];
        if (a->tag == TAG_compile_unit || b->tag == TAG_compile_unit)
            return a->tag == b->tag;
    }
    return false;
}

/* A type only declared here (rustc declares in one unit the types another
 * defines): its definition, found by its qualified name; t if none. */
static const die *type_definition(const dwarf_info *d, const die *t)
{
    if (!t->declaration || !t->name ||
        (t->tag != TAG_structure && t->tag != TAG_class && t->tag != TAG_union &&
         t->tag != TAG_enumeration))
        return t;
    for (uint32_t i = 0; i < d->ndies; i++) {
        const die *e = &d->dies[i];
        if (e->tag == t->tag && !e->declaration && e->name && !strcmp(e->name, t->name) &&
            same_qualified_name(d, e, t))
            return e;
    }
    return t;
}

static const die *concrete_type(const dwarf_info *d, uint32_t off)
{
    const die *t = off ? die_at(d, off) : NULL;
    for (int k = 0; k < 16 && t; k++) {
        if (t->tag != TAG_typedef && t->tag != TAG_const && t->tag != TAG_volatile &&
            t->tag != TAG_atomic)
            return type_definition(d, t);
        t = t->type ? die_at(d, t->type) : NULL;
    }
    return t;
}

static uint64_t type_size(const dwarf_info *d, uint32_t off, int depth)
{
    const die *t = concrete_type(d, off);
    if (!t || depth > 8)
        return 0;
    if (t->has_byte_size)
        return t->byte_size;
    if (t->tag == TAG_pointer || t->tag == TAG_reference || t->tag == TAG_rvalue_reference)
        return d->units[t->unit].addr_size;
    if (t->tag == TAG_array) {
        uint64_t n = 1;
        for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next)
            if (d->dies[i].tag == TAG_subrange && d->dies[i].has_count)
                n *= d->dies[i].count;
        return n * type_size(d, t->type, depth + 1);
    }
    if (t->tag == TAG_enumeration && t->type)
        return type_size(d, t->type, depth + 1);
    return 0;
}

/* The type as C writes it, roughly: "int", "char *", "struct point", "int[4]". */
static void type_name(const dwarf_info *d, uint32_t off, const bt_writer *w, int depth)
{
    const die *t = off ? die_at(d, off) : NULL;
    if (!t) {
        bt_str(w, "void");
        return;
    }
    if (depth > 6) {
        bt_str(w, "...");
        return;
    }
    switch (t->tag) {
    case TAG_pointer: case TAG_reference: case TAG_rvalue_reference:
        type_name(d, t->type, w, depth + 1);
        bt_str(w, t->tag == TAG_pointer ? " *" : " &");
        return;
    case TAG_const: case TAG_volatile:
        bt_str(w, t->tag == TAG_const ? "const " : "volatile ");
        type_name(d, t->type, w, depth + 1);
        return;
    case TAG_structure: case TAG_class: case TAG_union: case TAG_enumeration:
        if (t->name) {
            bt_str(w, t->name);
        } else {
            bt_str(w, t->tag == TAG_union ? "union" : t->tag == TAG_enumeration ? "enum"
                                                                                : "struct");
            bt_str(w, " {...}");
        }
        return;
    case TAG_array:
        type_name(d, t->type, w, depth + 1);
        for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
            if (d->dies[i].tag != TAG_subrange)
                continue;
            bt_put(w, "[", 1);
            if (d->dies[i].has_count)
                bt_u64(w, d->dies[i].count);
            bt_put(w, "]", 1);
        }
        return;
    default:
        bt_str(w, t->name ? t->name : "?");
        return;
    }
}

/* ---- location expressions ---------------------------------------------- */

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

static bool wasm_value(const sym_values *v, uint64_t kind, uint64_t index, uint64_t *out)
{
    uint8_t type = 0;
    wisp_value val;
    bool ok = false;
    if (!v)
        return false;
    if (kind == 0 && v->local)
        ok = v->local(v->ctx, (uint32_t)index, &type, &val);
    else if ((kind == 1 || kind == 3) && v->global)
        ok = v->global(v->ctx, (uint32_t)index, &type, &val);
    else if (kind == 2 && v->stack)
        ok = v->stack(v->ctx, (uint32_t)index, &type, &val);
    if (!ok)
        return false;
    switch (type) {
    case WISP_I32: *out = (uint32_t)val.i32; return true;
    case WISP_I64: *out = (uint64_t)val.i64; return true;
    case WISP_F32: *out = val.f32; return true;
    case WISP_F64: *out = val.f64; return true;
    default: return false;
    }
}

/* Evaluates a DWARF expression; false when it cannot be (an unsupported
 * operation, a value that is not known). */
static bool eval(const eval_ctx *x, expr e, loc *out)
{
    uint64_t st[64];
    unsigned sp = 0;
    bool is_value = false; /* the top is the variable's value, not its address */
    bool wasm_register = false; /* ... because it is a DW_OP_WASM_location alone */
    cur c = {e.p, e.p + e.len, false};
    memset(out, 0, sizeof *out);
#define PUSH(v) do { uint64_t v_ = (v); if (sp == 64) return false; st[sp++] = v_; } while (0)
#define NEED(n) do { if (sp < (n)) return false; } while (0)
    while (!c.bad && c.p < c.end) {
        uint8_t op = (uint8_t)get_n(&c, 1);
        if (op != 0x93 && op != 0x9f)
            is_value = false;
        wasm_register = op == OP_WASM_location;
        if (op >= 0x30 && op <= 0x4f) {
            PUSH((uint64_t)(op - 0x30));
            continue;
        }
        switch (op) {
        case 0x03: PUSH(get_n(&c, x->u->addr_size)); break; /* addr */
        case 0x06: { /* deref */
            NEED(1);
            uint8_t b[8] = {0};
            if (!x->values || !x->values->memory ||
                !x->values->memory(x->values->ctx, st[sp - 1], b, x->u->addr_size))
                return false;
            uint64_t v = 0;
            for (unsigned i = 0; i < x->u->addr_size && i < 8; i++)
                v |= (uint64_t)b[i] << (8 * i);
            st[sp - 1] = v;
            break;
        }
        case 0x08: PUSH(get_n(&c, 1)); break;
        case 0x09: PUSH((uint64_t)(int64_t)(int8_t)get_n(&c, 1)); break;
        case 0x0a: PUSH(get_n(&c, 2)); break;
        case 0x0b: PUSH((uint64_t)(int64_t)(int16_t)get_n(&c, 2)); break;
        case 0x0c: PUSH(get_n(&c, 4)); break;
        case 0x0d: PUSH((uint64_t)(int64_t)(int32_t)get_n(&c, 4)); break;
        case 0x0e: case 0x0f: PUSH(get_n(&c, 8)); break;
        case 0x10: PUSH(get_uleb(&c)); break;
        case 0x11: PUSH((uint64_t)get_sleb(&c)); break;
        case 0x12: NEED(1); PUSH(st[sp - 1]); break;
        case 0x13: NEED(1); sp--; break;
        case 0x14: NEED(2); PUSH(st[sp - 2]); break;
        case 0x16: { NEED(2); uint64_t t = st[sp - 1]; st[sp - 1] = st[sp - 2]; st[sp - 2] = t; break; }
        case 0x1a: NEED(2); sp--; st[sp - 1] &= st[sp]; break;
        case 0x1c: NEED(2); sp--; st[sp - 1] -= st[sp]; break;
        case 0x1e: NEED(2); sp--; st[sp - 1] *= st[sp]; break;
        case 0x1f: NEED(1); st[sp - 1] = -st[sp - 1]; break;
        case 0x20: NEED(1); st[sp - 1] = ~st[sp - 1]; break;
        case 0x21: NEED(2); sp--; st[sp - 1] |= st[sp]; break;
        case 0x22: NEED(2); sp--; st[sp - 1] += st[sp]; break;
        case 0x23: NEED(1); st[sp - 1] += get_uleb(&c); break;
        case 0x24: NEED(2); sp--; st[sp - 1] = st[sp] < 64 ? st[sp - 1] << st[sp] : 0; break;
        case 0x25: NEED(2); sp--; st[sp - 1] = st[sp] < 64 ? st[sp - 1] >> st[sp] : 0; break;
        case 0x26: NEED(2); sp--; st[sp - 1] = (uint64_t)((int64_t)st[sp - 1] >> (st[sp] < 63 ? st[sp] : 63)); break;
        case 0x27: NEED(2); sp--; st[sp - 1] ^= st[sp]; break;
        case 0x91: /* fbreg */
            if (!x->has_frame_base)
                return false;
            PUSH(x->frame_base + (uint64_t)get_sleb(&c));
            break;
        case 0x9f: /* stack_value */
            NEED(1);
            is_value = true;
            break;
        case 0x9e: { /* implicit_value */
            uint64_t n = get_uleb(&c);
            if (c.bad || n > MAX_VALUE_BYTES || n > (uint64_t)(c.end - c.p))
                return false;
            out->kind = LOC_BYTES;
            memcpy(out->bytes, c.p, n);
            memset(out->known, 1, n);
            out->nbytes = (uint32_t)n;
            return true;
        }
        case 0x93: { /* piece: this part of the variable, then the next */
            uint64_t n = get_uleb(&c);
            if (c.bad || n > MAX_VALUE_BYTES - out->nbytes)
                return false;
            uint8_t *dst = out->bytes + out->nbytes;
            memset(out->known + out->nbytes, 1, n);
            if (sp == 0) {
                memset(out->known + out->nbytes, 0, n);
                out->incomplete = true; /* an empty piece: that part is optimized out */
                memset(dst, 0, n);
            } else if (is_value) {
                for (uint64_t i = 0; i < n; i++)
                    dst[i] = i < 8 ? (uint8_t)(st[sp - 1] >> (8 * i)) : 0;
            } else if (!x->values || !x->values->memory ||
                       !x->values->memory(x->values->ctx, st[sp - 1], dst, (uint32_t)n)) {
                memset(out->known + out->nbytes, 0, n);
                out->incomplete = true;
                memset(dst, 0, n);
            }
            out->nbytes += (uint32_t)n;
            out->kind = LOC_BYTES;
            sp = 0;
            is_value = false;
            break;
        }
        case OP_WASM_location: {
            uint64_t kind = get_uleb(&c);
            uint64_t index = kind == 3 ? get_n(&c, 4) : get_uleb(&c);
            uint64_t v;
            if (c.bad || !wasm_value(x->values, kind, index, &v))
                return false;
            PUSH(v);
            is_value = true; /* a "register": the value itself */
            break;
        }
        default:
            return false; /* DW_OP_entry_value, DW_OP_regN, ...: not known here */
        }
    }
#undef PUSH
#undef NEED
    if (c.bad)
        return false;
    if (out->kind == LOC_BYTES)
        return true;
    if (sp == 0)
        return false;
    out->kind = is_value ? LOC_VALUE : LOC_MEMORY;
    out->value = out->addr = st[sp - 1];
    out->in_wasm_value = wasm_register;
    return true;
}

/* The expression of a location list that covers address a; false if none. */
static bool loclist_at(const dwarf_info *d, const unit *u, const die *e, uint64_t a, expr *out)
{
    uint64_t base = u->base;
    if (u->version < 5) {
        cur c = cur_of(&d->m->debug_loc, e->loclist);
        uint64_t all = u->addr_size == 4 ? 0xffffffffu : UINT64_MAX;
        for (int guard = 0; guard < 100000; guard++) {
            uint64_t lo = get_n(&c, u->addr_size), hi = get_n(&c, u->addr_size);
            if (c.bad || (lo == 0 && hi == 0))
                return false;
            if (lo == all) {
                base = hi;
                continue;
            }
            uint64_t n = get_n(&c, 2);
            if (c.bad || n > (uint64_t)(c.end - c.p))
                return false;
            if (a >= base + lo && a < base + hi) {
                *out = (expr){c.p, (uint32_t)n};
                return true;
            }
            c.p += n;
        }
        return false;
    }
    uint64_t off = e->loclist;
    if (e->loclist_x) {
        cur o = cur_of(&d->m->debug_loclists, u->loclists_base + off * 4);
        off = u->loclists_base + get_n(&o, 4);
        if (o.bad)
            return false;
    }
    cur c = cur_of(&d->m->debug_loclists, off);
    for (int guard = 0; guard < 100000; guard++) {
        uint8_t kind = (uint8_t)get_n(&c, 1);
        uint64_t lo = 0, hi = 0;
        bool any = false;
        switch (kind) {
        case 0: return false;
        case 1: base = addr_index(d, u, get_uleb(&c)); continue;
        case 2: lo = addr_index(d, u, get_uleb(&c)); hi = addr_index(d, u, get_uleb(&c)); break;
        case 3: lo = addr_index(d, u, get_uleb(&c)); hi = lo + get_uleb(&c); break;
        case 4: lo = base + get_uleb(&c); hi = base + get_uleb(&c); break;
        case 5: any = true; break; /* default_location */
        case 6: base = get_n(&c, u->addr_size); continue;
        case 7: lo = get_n(&c, u->addr_size); hi = get_n(&c, u->addr_size); break;
        case 8: lo = get_n(&c, u->addr_size); hi = lo + get_uleb(&c); break;
        default: return false;
        }
        uint64_t n = get_uleb(&c);
        if (c.bad || n > (uint64_t)(c.end - c.p))
            return false;
        if (any || (a >= lo && a < hi)) {
            *out = (expr){c.p, (uint32_t)n};
            return true;
        }
        c.p += n;
    }
    return false;
}

/* ---- values as text ------------------------------------------------------ */

static uint64_t le_bytes(const uint8_t *p, uint64_t n)
{
    uint64_t v = 0;
    for (uint64_t i = 0; i < n && i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void char_text(const bt_writer *w, uint32_t c)
{
    if (c == '\'' || c == '\\') {
        char s[4] = {'\'', '\\', (char)c, '\''};
        bt_put(w, s, 4);
    } else if (c >= 0x20 && c < 0x7f) {
        char s[3] = {'\'', (char)c, '\''};
        bt_put(w, s, 3);
    } else {
        bt_str(w, "'\\x");
        bt_str(w, (const char[]){"0123456789abcdef"[(c >> 4) & 15], "0123456789abcdef"[c & 15], 0});
        bt_put(w, "'", 1);
    }
}

static void format_value(const eval_ctx *x, uint32_t type, const uint8_t *p, uint64_t n,
                         const bt_writer *w, int depth);

/* Whether the n bytes at p are all known (pieces left some out). */
static bool bytes_known(const eval_ctx *x, const uint8_t *p, uint64_t n)
{
    if (!x->known)
        return true;
    for (uint64_t i = 0; i < n; i++)
        if (!x->known[p - x->val_base + i])
            return false;
    return true;
}

/* A pointer to bytes shown as a string as well (C char *). */
static void pointee_string(const eval_ctx *x, uint64_t addr, const bt_writer *w)
{
    char s[33];
    uint32_t k = 0;
    if (!addr || !x->values || !x->values->memory)
        return;
    for (; k < 32; k++) {
        uint8_t ch;
        if (!x->values->memory(x->values->ctx, addr + k, &ch, 1))
            return;
        if (ch == 0)
            break;
        if (ch < 0x20 || ch >= 0x7f)
            return; /* not text: the address alone */
        s[k] = (char)ch;
    }
    bt_str(w, " \"");
    bt_put(w, s, k);
    bt_str(w, k == 32 ? "\"..." : "\"");
}

/* A struct's members as {a=1, b=2}; a Rust tuple (members __0, __1, ...)
 * as (1, 2). */
static void format_members(const eval_ctx *x, const die *t, const uint8_t *p, uint64_t n,
                           const bt_writer *w, int depth, bool tuple)
{
    const dwarf_info *d = x->d;
    bt_put(w, tuple ? "(" : "{", 1);
    uint32_t shown = 0;
    for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
        const die *m = &d->dies[i];
        if (m->tag != TAG_member || m->declaration)
            continue;
        if (shown == MAX_ELEMS) {
            bt_str(w, ", ...");
            break;
        }
        if (shown++)
            bt_str(w, ", ");
        if (m->name && !tuple) {
            bt_str(w, m->name);
            bt_put(w, "=", 1);
        }
        uint64_t off = m->has_member_off ? m->member_off : 0;
        uint64_t size = type_size(d, m->type, 0);
        if (off > n || size > n - off)
            bt_put(w, "?", 1);
        else
            format_value(x, m->type, p + off, size, w, depth + 1);
    }
    bt_put(w, tuple ? ")" : "}", 1);
}

/* A Rust enum with data (a structure holding a DW_TAG_variant_part): the
 * variant its discriminant selects, as `Move(1, 0)`, `Jump{height=2,
 * far=false}` or `Stop`; false when it has no variant part. */
static bool format_variant(const eval_ctx *x, const die *t, const uint8_t *p, uint64_t n,
                           const bt_writer *w, int depth)
{
    const dwarf_info *d = x->d;
    const die *vp = NULL;
    for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next && !vp; i = d->dies[i].next)
        if (d->dies[i].tag == TAG_variant_part)
            vp = &d->dies[i];
    if (!vp)
        return false;
    /* the discriminant, in its member's width (a niche: part of a field) */
    const die *dm = vp->discr ? die_at(d, vp->discr) : NULL;
    uint64_t dsize = dm ? type_size(d, dm->type, 0) : 0;
    uint64_t doff = dm && dm->has_member_off ? dm->member_off : 0;
    bool known = dm && dsize && dsize <= 8 && doff <= n && dsize <= n - doff &&
                 bytes_known(x, p + doff, dsize);
    uint64_t discr = known ? le_bytes(p + doff, dsize) : 0;
    uint64_t mask = dsize >= 8 ? ~(uint64_t)0 : (UINT64_C(1) << (8 * dsize)) - 1;
    const die *chosen = NULL, *fallback = NULL;
    for (uint32_t i = (uint32_t)(vp - d->dies) + 1; i < vp->next; i = d->dies[i].next) {
        const die *v = &d->dies[i];
        if (v->tag != TAG_variant)
            continue;
        if (!v->has_discr_value)
            fallback = v; /* the variant of every other value */
        else if (known && ((v->discr_value ^ discr) & mask) == 0)
            chosen = v;
    }
    if (!known) {
        bt_put(w, "?", 1);
        return true;
    }
    if (!chosen)
        chosen = fallback;
    const die *m = NULL; /* the variant's member: its name and its fields' struct */
    for (uint32_t i = chosen ? (uint32_t)(chosen - d->dies) + 1 : 0; chosen && i < chosen->next && !m;
         i = d->dies[i].next)
        if (d->dies[i].tag == TAG_member)
            m = &d->dies[i];
    if (!m || !m->name) {
        bt_put(w, "?", 1);
        return true;
    }
    bt_str(w, m->name);
    const die *fields = concrete_type(d, m->type);
    uint64_t off = m->has_member_off ? m->member_off : 0;
    if (!fields || off > n)
        return true;
    bool any = false, tuple = true;
    for (uint32_t i = (uint32_t)(fields - d->dies) + 1; i < fields->next; i = d->dies[i].next) {
        const die *f = &d->dies[i];
        if (f->tag != TAG_member || f->declaration)
            continue;
        any = true;
        tuple = tuple && f->name && f->name[0] == '_' && f->name[1] == '_' &&
                f->name[2] >= '0' && f->name[2] <= '9';
    }
    if (!any)
        return true; /* a unit variant: its name says it all */
    if (depth >= MAX_DEPTH) {
        bt_str(w, tuple ? "(...)" : "{...}");
        return true;
    }
    format_members(x, fields, p + off, n - off, w, depth, tuple);
    return true;
}

/* A Rust &str ({data_ptr, length}) as "text", when its bytes are readable
 * printable UTF-8; at most 48 bytes shown. */
static bool rust_str(const eval_ctx *x, const die *t, const uint8_t *p, uint64_t n,
                     const bt_writer *w)
{
    const dwarf_info *d = x->d;
    uint64_t ptr = 0, len = 0;
    int found = 0;
    for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
        const die *m = &d->dies[i];
        uint64_t size = type_size(d, m->type, 0);
        if (m->tag != TAG_member || !m->name || !m->has_member_off || size > 8 ||
            m->member_off > n || size > n - m->member_off)
            continue;
        if (!bytes_known(x, p + m->member_off, size))
            continue;
        if (!strcmp(m->name, "data_ptr")) {
            ptr = le_bytes(p + m->member_off, size);
            found |= 1;
        } else if (!strcmp(m->name, "length")) {
            len = le_bytes(p + m->member_off, size);
            found |= 2;
        }
    }
    uint8_t text[48];
    uint32_t shown = len < sizeof text ? (uint32_t)len : (uint32_t)sizeof text;
    if (found != 3 || !x->values || !x->values->memory ||
        !x->values->memory(x->values->ctx, ptr, text, shown))
        return false;
    for (uint32_t i = 0; i < shown; i++)
        if (text[i] < 0x20 && text[i] != '\t')
            return false;
    bt_put(w, "\"", 1);
    bt_name(w, (const char *)text, shown); /* escapes what is not printable UTF-8 */
    bt_str(w, len > shown ? "\"..." : "\"");
    return true;
}

static void format_value(const eval_ctx *x, uint32_t type, const uint8_t *p, uint64_t n,
                         const bt_writer *w, int depth)
{
    const dwarf_info *d = x->d;
    const die *t = concrete_type(d, type);
    if (!t) {
        bt_put(w, "?", 1);
        return;
    }
    if ((t->tag == TAG_base || t->tag == TAG_pointer || t->tag == TAG_reference ||
         t->tag == TAG_rvalue_reference || t->tag == TAG_enumeration) && !bytes_known(x, p, n)) {
        bt_put(w, "?", 1);
        return;
    }
    switch (t->tag) {
    case TAG_base: {
        uint64_t v = le_bytes(p, n);
        if (n == 0 || n > 8) {
            bt_put(w, "?", 1);
            return;
        }
        int64_t sv = n < 8 && (v >> (8 * n - 1)) & 1 ? (int64_t)(v | ~(uint64_t)0 << (8 * n))
                                                     : (int64_t)v;
        switch (t->encoding) {
        case ATE_boolean: bt_str(w, v ? "true" : "false"); return;
        case ATE_float:
            if (n == 4)
                bt_value(w, WISP_F32, (wisp_value){.f32 = (uint32_t)v});
            else if (n == 8)
                bt_value(w, WISP_F64, (wisp_value){.f64 = v});
            else
                bt_put(w, "?", 1);
            return;
        case ATE_signed_char: case ATE_unsigned_char:
            if (t->encoding == ATE_signed_char)
                bt_i64(w, sv);
            else
                bt_u64(w, v);
            bt_put(w, " ", 1);
            char_text(w, (uint32_t)(v & 0xff));
            return;
        case ATE_UTF: /* Rust char: 'é' as Rust's Debug shows it */
            if (v < 0x80) {
                char_text(w, (uint32_t)v);
            } else if (v < 0x110000 && (v < 0xd800 || v > 0xdfff)) {
                char u[4];
                size_t k = v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
                for (size_t i = k - 1; i > 0; i--, v >>= 6)
                    u[i] = (char)(0x80 | (v & 0x3f));
                u[0] = (char)(k == 2 ? 0xc0 | v : k == 3 ? 0xe0 | v : 0xf0 | v);
                bt_put(w, "'", 1);
                bt_name(w, u, k); /* escapes what does not print */
                bt_put(w, "'", 1);
            } else {
                bt_str(w, "U+");
                bt_hex(w, v);
            }
            return;
        case ATE_signed: bt_i64(w, sv); return;
        default: bt_u64(w, v); return;
        }
    }
    case TAG_pointer: case TAG_reference: case TAG_rvalue_reference: {
        uint64_t v = le_bytes(p, n);
        bt_hex(w, v);
        const die *to = concrete_type(d, t->type);
        if (to && to->tag == TAG_base && to->has_byte_size && to->byte_size == 1 &&
            (to->encoding == ATE_signed_char || to->encoding == ATE_unsigned_char))
            pointee_string(x, v, w);
        return;
    }
    case TAG_enumeration: {
        uint64_t v = le_bytes(p, n);
        for (uint32_t i = (uint32_t)(t - d->dies) + 1; i < t->next; i = d->dies[i].next) {
            const die *en = &d->dies[i];
            if (en->tag == TAG_enumerator && en->has_const && en->name &&
                (n >= 8 || ((en->const_value ^ v) & ((UINT64_C(1) << (8 * n)) - 1)) == 0)) {
                bt_str(w, en->name);
                return;
            }
        }
        bt_u64(w, v);
        return;
    }
    case TAG_structure: case TAG_class: case TAG_union:
        if (t->name && !strcmp(t->name, "&str") && rust_str(x, t, p, n, w))
            return;
        if (format_variant(x, t, p, n, w, depth))
            return;
        if (depth >= MAX_DEPTH)
            bt_str(w, "{...}");
        else
            format_members(x, t, p, n, w, depth, false);
        return;
    case TAG_array: {
        uint64_t esize = type_size(d, t->type, 0);
        if (!esize || depth >= MAX_DEPTH) {
            bt_str(w, "[...]");
            return;
        }
        uint64_t count = n / esize;
        bt_put(w, "[", 1);
        for (uint64_t i = 0; i < count; i++) {
            if (i == MAX_ELEMS) {
                bt_str(w, ", ...");
                break;
            }
            if (i)
                bt_str(w, ", ");
            format_value(x, t->type, p + i * esize, esize, w, depth + 1);
        }
        bt_put(w, "]", 1);
        return;
    }
    default:
        bt_put(w, "?", 1);
        return;
    }
}

static bool is_aggregate(const dwarf_info *d, uint32_t type)
{
    const die *t = concrete_type(d, type);
    return t && (t->tag == TAG_structure || t->tag == TAG_class || t->tag == TAG_union ||
                 t->tag == TAG_array);
}

/* The value of variable v (a concrete DIE) at address a, as text. */
static const char *var_value(const eval_ctx *x, const die *v, uint64_t a)
{
    const dwarf_info *d = x->d;
    const unit *u = &d->units[v->unit];
    uint32_t type = type_of(d, v);
    uint64_t size = type_size(d, type, 0);
    if (size > MAX_VALUE_BYTES)
        size = MAX_VALUE_BYTES;
    expr e = v->loc;
    bool have = e.p != NULL;
    if (!have && v->has_loclist)
        have = loclist_at(d, u, v, a, &e);
    char buf[1024];
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, buf, sizeof buf);
    uint8_t bytes[MAX_VALUE_BYTES];
    memset(bytes, 0, sizeof bytes);
    if (!have) {
        const die *o = v;
        if (!v->has_const)
            o = origin_of(d, v);
        if (!o || !o->has_const)
            return sym_keep(d->s, "<optimized out>", 15);
        if (o->const_block.p) {
            uint64_t n = o->const_block.len < size ? o->const_block.len : size;
            memcpy(bytes, o->const_block.p, n);
        } else {
            for (uint64_t i = 0; i < size && i < 8; i++)
                bytes[i] = (uint8_t)(o->const_value >> (8 * i));
        }
        format_value(x, type, bytes, size, &w, 0);
        return sym_keep(d->s, buf, strlen(buf));
    }
    loc l;
    if (!eval(x, e, &l))
        return sym_keep(d->s, "?", 1);
    switch (l.kind) {
    case LOC_MEMORY:
        if (!x->values || !x->values->memory ||
            !x->values->memory(x->values->ctx, l.addr, bytes, (uint32_t)size))
            return sym_keep(d->s, "?", 1);
        break;
    case LOC_VALUE:
        if (l.in_wasm_value && is_aggregate(d, type)) {
            /* No Wasm value holds a struct or an array: clang passes them
             * by pointer and describes the parameter by the local that
             * holds the pointer. */
            if (!x->values || !x->values->memory ||
                !x->values->memory(x->values->ctx, l.value, bytes, (uint32_t)size))
                return sym_keep(d->s, "?", 1);
            break;
        }
        for (uint64_t i = 0; i < size && i < 8; i++)
            bytes[i] = (uint8_t)(l.value >> (8 * i));
        break;
    case LOC_BYTES:
        memcpy(bytes, l.bytes, l.nbytes < size ? l.nbytes : size);
        if (l.incomplete || l.nbytes < size) {
            /* some pieces are optimized out: those parts print as ? */
            uint8_t known[MAX_VALUE_BYTES] = {0};
            bool any = false;
            for (uint64_t i = 0; i < size && i < l.nbytes; i++)
                any |= (known[i] = l.known[i]) != 0;
            if (!any)
                return sym_keep(d->s, "<optimized out>", 15);
            eval_ctx xk = *x;
            xk.val_base = bytes;
            xk.known = known;
            format_value(&xk, type, bytes, size, &w, 0);
            return sym_keep(d->s, buf, strlen(buf));
        }
        break;
    default:
        return sym_keep(d->s, "<optimized out>", 15);
    }
    format_value(x, type, bytes, size, &w, 0);
    return sym_keep(d->s, buf, strlen(buf));
}

/* ---- scopes at an address ------------------------------------------------ */

static const die *find_function(const dwarf_info *d, uint64_t a)
{
    for (uint32_t i = 0; i < d->ndies; i++) {
        const die *e = &d->dies[i];
        if (e->tag == TAG_subprogram && !e->declaration && contains(d, e, a))
            return e;
    }
    return NULL;
}

/* The child scope (lexical block or inlined call) of `scope` that covers
 * a, or NULL. Blocks without addresses are looked into. */
static const die *inner_scope(const dwarf_info *d, const die *scope, uint64_t a, int depth)
{
    for (uint32_t i = (uint32_t)(scope - d->dies) + 1; i < scope->next; i = d->dies[i].next) {
        const die *c = &d->dies[i];
        if (c->tag != TAG_lexical_block && c->tag != TAG_inlined_subroutine)
            continue;
        if (contains(d, c, a))
            return c;
        if (c->tag == TAG_lexical_block && !c->has_low && !c->has_ranges && depth < 32) {
            const die *in = inner_scope(d, c, a, depth + 1);
            if (in)
                return in;
        }
    }
    return NULL;
}

static const char *display_name(dwarf_info *d, const die *fn)
{
    const die *o = origin_of(d, fn);
    const char *raw = o ? (o->linkage ? o->linkage : o->name) : NULL;
    if (!raw) {
        const char *n = name_of(d, fn);
        raw = n;
    }
    return raw ? sym_display_name(d->s, raw, (uint32_t)strlen(raw)) : NULL;
}

static const char *call_file_name(dwarf_info *d, const die *call)
{
    const unit *u = &d->units[call->unit];
    if (!u->has_stmt || !d->s->have_line)
        return NULL;
    dwarf_loc loc;
    size_t at;
    char why[100];
    if (dwarf_line_file(&d->s->line, u->stmt_list, call->call_file, &loc, &at, why,
                        sizeof why) != DWARF_FOUND)
        return NULL;
    char path[512];
    dwarf_loc_path(&loc, path, sizeof path);
    return sym_keep(d->s, path, strlen(path));
}

/* The variables of frame scope `fn` and its blocks down to `stop` (the
 * next frame's DIE, or NULL), in scope at a. */
static void collect_vars(dwarf_info *d, const eval_ctx *x, const die *const *path, uint32_t npath,
                         uint64_t a, sym_frame *f)
{
    sym_var vars[64];
    uint32_t n = 0;
    for (uint32_t k = 0; k < npath; k++) {
        const die *scope = path[k];
        for (uint32_t i = (uint32_t)(scope - d->dies) + 1; i < scope->next && n < 64;
             i = d->dies[i].next) {
            const die *v = &d->dies[i];
            if (v->tag != TAG_formal_parameter && v->tag != TAG_variable)
                continue;
            const char *name = name_of(d, v);
            if (!name)
                continue;
            char tb[256];
            bt_buffer b;
            bt_writer tw = bt_buffer_writer(&b, tb, sizeof tb);
            type_name(d, type_of(d, v), &tw, 0);
            vars[n].name = name;
            vars[n].type = sym_keep(d->s, tb, strlen(tb));
            vars[n].value = var_value(x, v, a);
            vars[n].is_param = v->tag == TAG_formal_parameter;
            n++;
        }
    }
    f->has_vars = true;
    f->nvars = n;
    sym_var *kept = n ? (sym_var *)sym_keep(d->s, (const char *)vars, n * sizeof *vars) : NULL;
    f->vars = kept;
    if (n && !kept)
        f->nvars = 0;
}

uint32_t dwarf_info_frames(dwarf_info *d, uint64_t a, const sym_values *values,
                           sym_frame *frames, uint32_t max)
{
    const die *fn = find_function(d, a);
    if (!fn || max == 0)
        return 0;
    /* the scopes from the function in: [fn, blocks..., inlined, blocks..., ...] */
    const die *path[128];
    uint32_t npath = 0;
    path[npath++] = fn;
    for (const die *s = fn; npath < 128 && (s = inner_scope(d, s, a, 0));)
        path[npath++] = s;
    eval_ctx x = {.d = d, .u = &d->units[fn->unit], .values = values};
    loc fb;
    if (fn->frame_base.p && eval(&x, fn->frame_base, &fb) && fb.kind != LOC_BYTES) {
        x.has_frame_base = true;
        x.frame_base = fb.kind == LOC_VALUE ? fb.value : fb.addr;
    }
    /* frame starts: indices into path of fn and each inlined call */
    uint32_t starts[SYM_MAX_FRAMES];
    uint32_t nframes = 0;
    for (uint32_t k = 0; k < npath && nframes < max && nframes < SYM_MAX_FRAMES; k++)
        if (k == 0 || path[k]->tag == TAG_inlined_subroutine)
            starts[nframes++] = k;
    /* frames[0] is the innermost: the last start */
    for (uint32_t j = 0; j < nframes; j++) {
        uint32_t k = starts[nframes - 1 - j];
        uint32_t end = nframes - j < nframes ? starts[nframes - j] : npath;
        sym_frame *f = &frames[j];
        const char *file = f->file;
        uint32_t line = f->line, col = f->column;
        memset(f, 0, sizeof *f);
        if (j == 0) { /* the line table's row */
            f->file = file;
            f->line = line;
            f->column = col;
        } else { /* the call site of the frame inside */
            const die *call = path[starts[nframes - j]];
            f->file = call_file_name(d, call);
            f->line = call->call_line;
            f->column = call->call_column;
        }
        f->inlined = k != 0;
        if (f->inlined) {
            f->name = display_name(d, path[k]);
            const die *o = origin_of(d, path[k]);
            f->raw_name = o ? (o->linkage ? o->linkage : o->name) : NULL;
        }
        collect_vars(d, &x, path + k, end - k, a, f);
    }
    return nframes;
}

/* ---- open and close ------------------------------------------------------ */

dwarf_info *dwarf_info_open(sym_module *s)
{
    if (!s->mod || !s->mod->debug_info.p || !s->mod->debug_abbrev.p)
        return NULL;
    dwarf_info *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->s = s;
    d->m = s->mod;
    if (!read_units(d))
        sym_note(s, "damaged .debug_info: variables and inlined frames may be missing");
    return d;
}

void dwarf_info_close(dwarf_info *d)
{
    if (!d)
        return;
    free(d->units);
    free(d->dies);
    free(d);
}
