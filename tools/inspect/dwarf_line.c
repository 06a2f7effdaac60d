/* `.debug_line` reader; see dwarf_line.h. References: DWARF 5 standard
 * section 6.2 (line number information), DWARF 4 section 6.2. */
#include "dwarf_line.h"

#include <stdio.h>
#include <string.h>

#include "inspect_read.h"

/* Standard opcodes */
enum {
    LNS_copy = 1, LNS_advance_pc, LNS_advance_line, LNS_set_file, LNS_set_column,
    LNS_negate_stmt, LNS_set_basic_block, LNS_const_add_pc, LNS_fixed_advance_pc,
    LNS_set_prologue_end, LNS_set_epilogue_begin, LNS_set_isa
};
/* Extended opcodes */
enum { LNE_end_sequence = 1, LNE_set_address, LNE_define_file, LNE_set_discriminator };
/* DWARF 5 line table content types and forms */
enum { LNCT_path = 1, LNCT_directory_index = 2 };
enum {
    FORM_block2 = 0x03, FORM_block4 = 0x04, FORM_data2 = 0x05, FORM_data4 = 0x06,
    FORM_data8 = 0x07, FORM_string = 0x08, FORM_block = 0x09, FORM_block1 = 0x0a,
    FORM_data1 = 0x0b, FORM_sdata = 0x0d, FORM_strp = 0x0e, FORM_udata = 0x0f,
    FORM_strx = 0x1a, FORM_data16 = 0x1e, FORM_line_strp = 0x1f, FORM_strx1 = 0x25,
    FORM_strx2 = 0x26, FORM_strx3 = 0x27, FORM_strx4 = 0x28
};

typedef struct unit {
    uint64_t offset;       /* of the unit in .debug_line */
    size_t end;            /* one past the unit */
    uint16_t version;
    unsigned offset_size;  /* 4 or 8 */
    uint8_t addr_size;     /* DWARF 5 header; else from set_address */
    uint8_t min_inst, max_ops, default_is_stmt, line_range, opcode_base;
    int8_t line_base;
    size_t std_lengths;    /* position of standard_opcode_lengths */
    size_t tables;         /* position of the directory/file tables */
    size_t program;        /* position of the line program */
} unit;

static bool fail_at(rd *r, size_t at, const char *msg)
{
    return rd_fail(r, at, "%s", msg);
}

static bool read_unit_header(rd *r, unit *u)
{
    size_t start = r->pos;
    uint64_t len = 0;
    memset(u, 0, sizeof *u);
    u->offset = start;
    if (!rd_fixed(r, "unit length", 4, &len))
        return false;
    u->offset_size = 4;
    if (len == 0xffffffff) {
        u->offset_size = 8;
        if (!rd_fixed(r, "64-bit unit length", 8, &len))
            return false;
    } else if (len >= 0xfffffff0) {
        return rd_fail(r, start, "reserved unit length 0x%llx", (unsigned long long)len);
    }
    if (len > rd_left(r))
        return rd_fail(r, start, "line table unit of %llu bytes runs past the end of "
                                 ".debug_line (%zu bytes left)", (unsigned long long)len,
                       rd_left(r));
    u->end = r->pos + (size_t)len;
    rd h = rd_sub(r, (size_t)len, ".debug_line unit");
    size_t vat = h.pos;
    uint64_t v = 0, hlen = 0;
    if (!rd_fixed(&h, "version", 2, &v))
        return false;
    u->version = (uint16_t)v;
    if (v < 2 || v > 5)
        return rd_fail(r, vat, "line table version %u is not DWARF 2-5", (unsigned)v);
    if (v >= 5) {
        uint8_t seg = 0;
        if (!rd_u8(&h, "address size", &u->addr_size) ||
            !rd_u8(&h, "segment selector size", &seg))
            return false;
        if (u->addr_size != 4 && u->addr_size != 8)
            return rd_fail(r, vat + 2, "address size %u is not 4 or 8", u->addr_size);
    }
    if (!rd_fixed(&h, "header length", u->offset_size, &hlen))
        return false;
    if (hlen > rd_left(&h))
        return rd_fail(r, h.pos - u->offset_size, "header length %llu runs past the unit",
                       (unsigned long long)hlen);
    u->program = h.pos + (size_t)hlen;
    size_t fat = h.pos;
    if (!rd_u8(&h, "minimum instruction length", &u->min_inst))
        return false;
    u->max_ops = 1;
    if (v >= 4 && !rd_u8(&h, "maximum operations per instruction", &u->max_ops))
        return false;
    uint8_t lb = 0;
    if (!rd_u8(&h, "default_is_stmt", &u->default_is_stmt) || !rd_u8(&h, "line_base", &lb) ||
        !rd_u8(&h, "line_range", &u->line_range) || !rd_u8(&h, "opcode_base", &u->opcode_base))
        return false;
    u->line_base = (int8_t)lb;
    if (u->max_ops == 0)
        return fail_at(r, fat, "maximum operations per instruction is 0");
    if (u->line_range == 0)
        return fail_at(r, fat, "line_range is 0");
    if (u->opcode_base == 0)
        return fail_at(r, fat, "opcode_base is 0");
    u->std_lengths = h.pos;
    if (!rd_skip(&h, "standard opcode lengths", (size_t)u->opcode_base - 1))
        return false;
    u->tables = h.pos;
    if (u->tables > u->program)
        return fail_at(r, u->tables, "line table header is longer than its header length");
    r->pos = u->end;
    return true;
}

/* A NUL-terminated string at `off` in a section. */
static bool section_string(rd *r, size_t at, const uint8_t *sec, size_t sec_len, uint64_t off,
                           const char *what, const char **s, size_t *len)
{
    if (!sec)
        return rd_fail(r, at, "%s refers to a section the module does not have", what);
    if (off >= sec_len)
        return rd_fail(r, at, "%s offset 0x%llx is past the end of its section", what,
                       (unsigned long long)off);
    const uint8_t *p = sec + off;
    const uint8_t *nul = memchr(p, 0, sec_len - (size_t)off);
    if (!nul)
        return rd_fail(r, at, "%s runs past the end of its section", what);
    *s = (const char *)p;
    *len = (size_t)(nul - p);
    return true;
}

/* One attribute value of a DWARF 5 directory/file entry. Strings go to
 * *s (NULL when the form holds none), numbers to *num. */
static bool read_form(rd *r, const unit *u, const dwarf_sections *ds, uint64_t form,
                      uint64_t *num, const char **s, size_t *slen)
{
    size_t at = r->pos;
    uint64_t n = 0;
    const uint8_t *p;
    *s = NULL;
    *slen = 0;
    switch (form) {
    case FORM_string: {
        if (!rd_ok(r))
            return false;
        const uint8_t *q = r->buf + r->pos;
        const uint8_t *nul = memchr(q, 0, rd_left(r));
        if (!nul)
            return rd_fail(r, at, "string runs past the end of the line table header");
        *s = (const char *)q;
        *slen = (size_t)(nul - q);
        r->pos += *slen + 1;
        return true;
    }
    case FORM_line_strp:
    case FORM_strp:
        if (!rd_fixed(r, "string offset", u->offset_size, &n))
            return false;
        if (form == FORM_line_strp)
            return section_string(r, at, ds->line_str, ds->line_str_len, n,
                                  "DW_FORM_line_strp (.debug_line_str)", s, slen);
        return section_string(r, at, ds->str, ds->str_len, n, "DW_FORM_strp (.debug_str)", s,
                              slen);
    case FORM_strx: case FORM_udata:
        return rd_leb(r, "form value", 64, false, num);
    case FORM_sdata:
        return rd_leb(r, "form value", 64, true, num);
    case FORM_strx1: case FORM_data1: return rd_fixed(r, "form value", 1, num);
    case FORM_strx2: case FORM_data2: return rd_fixed(r, "form value", 2, num);
    case FORM_strx3: return rd_fixed(r, "form value", 3, num);
    case FORM_strx4: case FORM_data4: return rd_fixed(r, "form value", 4, num);
    case FORM_data8: return rd_fixed(r, "form value", 8, num);
    case FORM_data16: return rd_bytes(r, "form value", 16, &p);
    case FORM_block1: case FORM_block2: case FORM_block4: case FORM_block: {
        unsigned w = form == FORM_block1 ? 1 : form == FORM_block2 ? 2 : form == FORM_block4 ? 4 : 0;
        bool ok = w ? rd_fixed(r, "block length", w, &n) : rd_leb(r, "block length", 64, false, &n);
        if (!ok)
            return false;
        if (n > rd_left(r))
            return rd_fail(r, at, "block of %llu bytes runs past the line table header",
                           (unsigned long long)n);
        return rd_skip(r, "block", (size_t)n);
    }
    default:
        return rd_fail(r, at, "form 0x%llx in a line table entry format is not supported",
                       (unsigned long long)form);
    }
}

#define MAX_FORMATS 32

typedef struct entry_format {
    uint8_t count;
    uint64_t type[MAX_FORMATS], form[MAX_FORMATS];
} entry_format;

static bool read_entry_format(rd *r, entry_format *f)
{
    size_t at = r->pos;
    if (!rd_u8(r, "entry format count", &f->count))
        return false;
    if (f->count > MAX_FORMATS)
        return rd_fail(r, at, "%u entry formats: more than wisp reads (%d)", f->count,
                       MAX_FORMATS);
    for (unsigned i = 0; i < f->count; i++)
        if (!rd_leb(r, "content type", 64, false, &f->type[i]) ||
            !rd_leb(r, "form", 64, false, &f->form[i]))
            return false;
    return true;
}

/* One DWARF 5 entry: its path and directory index. */
static bool read_entry(rd *r, const unit *u, const dwarf_sections *ds, const entry_format *f,
                       const char **path, size_t *path_len, uint64_t *dir)
{
    *path = NULL;
    *path_len = 0;
    *dir = 0;
    for (unsigned i = 0; i < f->count; i++) {
        uint64_t num = 0;
        const char *s;
        size_t sl;
        if (!read_form(r, u, ds, f->form[i], &num, &s, &sl))
            return false;
        if (f->type[i] == LNCT_path) {
            *path = s;
            *path_len = sl;
        } else if (f->type[i] == LNCT_directory_index) {
            *dir = num;
        }
    }
    return true;
}

static bool read_cstr(rd *r, const char *what, const char **s, size_t *len)
{
    *s = NULL;
    *len = 0;
    if (!rd_ok(r))
        return false;
    const uint8_t *q = r->buf + r->pos;
    const uint8_t *nul = memchr(q, 0, rd_left(r));
    if (!nul)
        return rd_fail(r, r->pos, "%s runs past the end of the line table header", what);
    *s = (const char *)q;
    *len = (size_t)(nul - q);
    r->pos += *len + 1;
    return true;
}

/* Resolves file `file` of unit u into out->dir/file. */
static int unit_file(rd *base, const unit *u, const dwarf_sections *ds, uint32_t file,
                     dwarf_loc *out)
{
    rd r = *base;
    r.pos = u->tables;
    r.end = u->program;
    r.where = "line table header";
    out->dir = out->file = NULL;
    out->dir_len = out->file_len = 0;
    uint64_t dir = 0;
    bool found = false;
    if (u->version >= 5) {
        entry_format df, ff;
        uint64_t ndirs = 0, nfiles = 0;
        size_t dirs_at;
        if (!read_entry_format(&r, &df) || !rd_leb(&r, "directory count", 64, false, &ndirs))
            return DWARF_DAMAGED;
        dirs_at = r.pos;
        /* Entries with no attributes take no bytes: nothing to walk (and a
         * damaged count must not make us spin). */
        if (df.count == 0)
            ndirs = 0;
        for (uint64_t i = 0; i < ndirs; i++) {
            const char *s;
            size_t sl;
            uint64_t d = 0;
            if (!read_entry(&r, u, ds, &df, &s, &sl, &d))
                return DWARF_DAMAGED;
        }
        if (!read_entry_format(&r, &ff) || !rd_leb(&r, "file count", 64, false, &nfiles))
            return DWARF_DAMAGED;
        if (ff.count == 0)
            return DWARF_NOT_FOUND;
        for (uint64_t i = 0; i < nfiles && i <= file; i++) {
            if (!read_entry(&r, u, ds, &ff, &out->file, &out->file_len, &dir))
                return DWARF_DAMAGED;
            found = i == file;
        }
        if (!found)
            return DWARF_NOT_FOUND;
        /* Directory 0 is the compilation directory: left out, like a
         * DWARF 4 dir index 0. */
        if (dir != 0 && dir < ndirs && !(out->file_len && out->file[0] == '/')) {
            r.pos = dirs_at;
            for (uint64_t i = 0; i <= dir; i++) {
                uint64_t d = 0;
                if (!read_entry(&r, u, ds, &df, &out->dir, &out->dir_len, &d))
                    return DWARF_DAMAGED;
            }
        }
        return DWARF_FOUND;
    }
    /* DWARF 2-4: include_directories (strings, empty one ends), then
     * file_names (name, dir uleb, mtime uleb, length uleb; empty name ends).
     * Files count from 1, directories too (0 = compilation directory). */
    size_t dirs_at = r.pos;
    uint64_t ndirs = 0;
    for (;;) {
        const char *s;
        size_t sl;
        if (!read_cstr(&r, "include directory", &s, &sl))
            return DWARF_DAMAGED;
        if (!sl)
            break;
        ndirs++;
    }
    for (uint32_t i = 1;; i++) {
        const char *s;
        size_t sl;
        uint64_t d = 0, x = 0;
        if (!read_cstr(&r, "file name", &s, &sl))
            return DWARF_DAMAGED;
        if (!sl)
            break;
        if (!rd_leb(&r, "directory index", 64, false, &d) ||
            !rd_leb(&r, "modification time", 64, false, &x) ||
            !rd_leb(&r, "file length", 64, false, &x))
            return DWARF_DAMAGED;
        if (i == file) {
            out->file = s;
            out->file_len = sl;
            dir = d;
            found = true;
            break;
        }
    }
    if (!found)
        return DWARF_NOT_FOUND;
    if (dir != 0 && dir <= ndirs && !(out->file_len && out->file[0] == '/')) {
        r.pos = dirs_at;
        for (uint64_t i = 1; i <= dir; i++)
            if (!read_cstr(&r, "include directory", &out->dir, &out->dir_len))
                return DWARF_DAMAGED;
    }
    return DWARF_FOUND;
}

typedef struct state {
    uint64_t address;
    uint32_t op_index, file, line, column;
    bool is_stmt, end_sequence;
    bool dead; /* sequence of code the linker dropped: not reported */
} state;

static void reset(state *st, const unit *u)
{
    memset(st, 0, sizeof *st);
    st->file = 1;
    st->line = 1;
    st->is_stmt = u->default_is_stmt != 0;
}

static void advance(state *st, const unit *u, uint64_t op_advance)
{
    if (u->max_ops == 1) {
        st->address += u->min_inst * op_advance;
    } else {
        uint64_t t = st->op_index + op_advance;
        st->address += u->min_inst * (t / u->max_ops);
        st->op_index = (uint32_t)(t % u->max_ops);
    }
}

/* Runs the line program of u, calling emit for each row. */
static bool run_program(rd *base, const unit *u, void (*emit)(void *, const dwarf_row *),
                        void *ctx)
{
    rd r = *base;
    r.pos = u->program;
    r.end = u->end;
    r.where = "line program";
    state st;
    reset(&st, u);
    while (rd_ok(&r) && !rd_done(&r)) {
        size_t at = r.pos;
        uint8_t op = 0;
        rd_u8(&r, "opcode", &op);
        bool row = false;
        if (op >= u->opcode_base) {
            unsigned adj = op - u->opcode_base;
            advance(&st, u, adj / u->line_range);
            st.line += (uint32_t)(int32_t)(u->line_base + (int)(adj % u->line_range));
            row = true;
        } else if (op == 0) {
            uint64_t len = 0;
            if (!rd_leb(&r, "extended opcode length", 64, false, &len))
                break;
            if (len == 0 || len > rd_left(&r)) {
                rd_fail(&r, at, "extended opcode of length %llu does not fit the line program",
                        (unsigned long long)len);
                break;
            }
            size_t next = r.pos + (size_t)len;
            uint8_t sub = 0;
            rd_u8(&r, "extended opcode", &sub);
            switch (sub) {
            case LNE_end_sequence:
                st.end_sequence = true;
                row = true;
                break;
            case LNE_set_address: {
                uint64_t a = 0;
                if (len - 1 != 4 && len - 1 != 8) {
                    rd_fail(&r, at, "DW_LNE_set_address with a %llu-byte address",
                            (unsigned long long)(len - 1));
                    break;
                }
                if (rd_fixed(&r, "address", (unsigned)(len - 1), &a)) {
                    st.address = a;
                    st.op_index = 0;
                    /* wasm-ld (like lld) points the line programs of code it
                     * dropped at the tombstone -1; LLVM's readers skip them. */
                    if (a == (len - 1 == 4 ? UINT64_C(0xffffffff) : UINT64_MAX))
                        st.dead = true;
                }
                break;
            }
            case LNE_set_discriminator:
            case LNE_define_file: /* DWARF <= 4, unused by LLVM: the file is not added */
            default:
                break;
            }
            r.pos = next;
        } else {
            uint64_t x = 0;
            switch (op) {
            case LNS_copy: row = true; break;
            case LNS_advance_pc:
                if (rd_leb(&r, "DW_LNS_advance_pc operand", 64, false, &x))
                    advance(&st, u, x);
                break;
            case LNS_advance_line:
                if (rd_leb(&r, "DW_LNS_advance_line operand", 64, true, &x))
                    st.line += (uint32_t)x;
                break;
            case LNS_set_file:
                if (rd_leb(&r, "DW_LNS_set_file operand", 64, false, &x))
                    st.file = (uint32_t)x;
                break;
            case LNS_set_column:
                if (rd_leb(&r, "DW_LNS_set_column operand", 64, false, &x))
                    st.column = (uint32_t)x;
                break;
            case LNS_negate_stmt: st.is_stmt = !st.is_stmt; break;
            case LNS_set_basic_block: break;
            case LNS_const_add_pc: advance(&st, u, (255u - u->opcode_base) / u->line_range); break;
            case LNS_fixed_advance_pc:
                if (rd_fixed(&r, "DW_LNS_fixed_advance_pc operand", 2, &x)) {
                    st.address += x;
                    st.op_index = 0;
                }
                break;
            case LNS_set_prologue_end: case LNS_set_epilogue_begin: break;
            case LNS_set_isa: rd_leb(&r, "DW_LNS_set_isa operand", 64, false, &x); break;
            default: {
                /* Unknown standard opcode: skip its declared uleb operands. */
                uint8_t n = r.buf[u->std_lengths + op - 1];
                for (unsigned i = 0; i < n; i++)
                    rd_leb(&r, "operand of an unknown standard opcode", 64, false, &x);
                break;
            }
            }
        }
        if (!rd_ok(&r))
            break;
        if (row && st.dead) {
            if (st.end_sequence)
                reset(&st, u);
        } else if (row) {
            dwarf_row dr = {u->offset, st.address, st.file, st.line, st.column, st.is_stmt,
                            st.end_sequence};
            emit(ctx, &dr);
            if (st.end_sequence)
                reset(&st, u);
        }
    }
    return rd_ok(&r);
}

static void set_err(const rd_err *e, const dwarf_sections *s, size_t *err_at, char *err,
                    size_t err_size)
{
    if (err_at)
        *err_at = s->line_at + e->at;
    if (err && err_size)
        snprintf(err, err_size, ".debug_line: %s", e->msg);
}

int dwarf_line_rows(const dwarf_sections *s, void (*fn)(void *ctx, const dwarf_row *row),
                    void *ctx, size_t *err_at, char *err, size_t err_size)
{
    rd_err e = {0};
    rd r = rd_init(s->line, s->line_len, &e);
    r.where = ".debug_line section";
    if (!s->line) {
        rd_fail(&r, 0, "no .debug_line section");
    }
    while (rd_ok(&r) && !rd_done(&r)) {
        unit u;
        if (!read_unit_header(&r, &u) || !run_program(&r, &u, fn, ctx))
            break;
    }
    if (!rd_ok(&r)) {
        set_err(&e, s, err_at, err, err_size);
        return DWARF_DAMAGED;
    }
    return DWARF_FOUND;
}

typedef struct lookup_ctx {
    uint64_t address;
    bool have_prev, found;
    dwarf_row prev, best;
} lookup_ctx;

static void lookup_row(void *p, const dwarf_row *row)
{
    lookup_ctx *c = p;
    if (c->have_prev && c->prev.address <= c->address && c->address < row->address &&
        (!c->found || c->prev.address > c->best.address)) {
        c->best = c->prev;
        c->found = true;
    }
    c->prev = *row;
    c->have_prev = !row->end_sequence;
}

int dwarf_line_lookup(const dwarf_sections *s, uint64_t address, dwarf_loc *out,
                      size_t *err_at, char *err, size_t err_size)
{
    lookup_ctx c = {.address = address};
    memset(out, 0, sizeof *out);
    if (dwarf_line_rows(s, lookup_row, &c, err_at, err, err_size) != DWARF_FOUND)
        return DWARF_DAMAGED;
    if (!c.found || c.best.line == 0)
        return DWARF_NOT_FOUND;
    int rc = dwarf_line_file(s, c.best.unit, c.best.file, out, err_at, err, err_size);
    if (rc == DWARF_DAMAGED)
        return rc;
    out->line = c.best.line;
    out->column = c.best.column;
    out->address = c.best.address;
    return DWARF_FOUND;
}

int dwarf_line_file(const dwarf_sections *s, uint64_t unit_off, uint32_t file, dwarf_loc *out,
                    size_t *err_at, char *err, size_t err_size)
{
    rd_err e = {0};
    rd r = rd_init(s->line, s->line_len, &e);
    unit u;
    out->dir = out->file = NULL;
    out->dir_len = out->file_len = 0;
    if (!s->line || unit_off >= s->line_len) {
        rd_fail(&r, 0, "no line table unit at that offset");
        set_err(&e, s, err_at, err, err_size);
        return DWARF_DAMAGED;
    }
    r.pos = (size_t)unit_off;
    if (!read_unit_header(&r, &u)) {
        set_err(&e, s, err_at, err, err_size);
        return DWARF_DAMAGED;
    }
    /* DWARF <= 4 numbers files from 1; DWARF 5 from 0. */
    uint32_t index = file;
    if (u.version < 5) {
        if (file == 0)
            return DWARF_NOT_FOUND;
    }
    int rc = unit_file(&r, &u, s, index, out);
    if (rc == DWARF_DAMAGED)
        set_err(&e, s, err_at, err, err_size);
    return rc;
}

size_t dwarf_loc_path(const dwarf_loc *loc, char *buf, size_t size)
{
    int n;
    if (!loc->file || !loc->file_len)
        n = snprintf(buf, size, "??");
    else if (loc->dir && loc->dir_len)
        n = snprintf(buf, size, "%.*s/%.*s", (int)loc->dir_len, loc->dir, (int)loc->file_len,
                     loc->file);
    else
        n = snprintf(buf, size, "%.*s", (int)loc->file_len, loc->file);
    return n < 0 ? 0 : (size_t)n;
}
