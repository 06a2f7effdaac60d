/* Source maps for Wasm modules; see sourcemap.h. */
#define _POSIX_C_SOURCE 200809L /* stat */
#include "sourcemap.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "readfile.h"
#include "readlimit.h"
#include "opts.h" /* opt_hex_digit */

/* One segment of the first generated line. */
typedef struct smap_entry {
    uint32_t offset; /* module byte offset (the generated column) */
    int32_t source;  /* index into sources; -1: these bytes map to no source */
    uint32_t line, column; /* from 0, as in the map */
    uint32_t seq;    /* position in the map: equal offsets keep their order */
} smap_entry;

struct smap {
    char **sources; /* sourceRoot joined; NULL for a null entry */
    size_t nsources;
    smap_entry *entries; /* sorted by offset, then seq */
    size_t nentries;
};

__attribute__((format(printf, 3, 4))) static bool fail(char *err, size_t errsize,
                                                        const char *fmt, ...)
{
    if (errsize) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsize, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* ---- mappings: base64 VLQ ---------------------------------------------- */

static int base64_digit(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

/* One VLQ number at s[*i]: 5 bits a digit, least significant first, bit 5
 * = more digits follow; the lowest bit of the whole is the sign. At most
 * 32 bits before the sign is taken off (every field of a map fits). */
static bool read_vlq(const char *s, size_t n, size_t *i, int64_t *out, char *err,
                     size_t errsize)
{
    const size_t start = *i;
    uint64_t v = 0;
    for (unsigned shift = 0;; shift += 5) {
        if (*i >= n || s[*i] == ',' || s[*i] == ';')
            return fail(err, errsize, "mappings: a number cut short at character %zu", *i);
        const int d = base64_digit((unsigned char)s[*i]);
        if (d < 0) {
            unsigned char c = (unsigned char)s[*i];
            if (c >= 0x20 && c < 0x7f)
                return fail(err, errsize, "mappings: bad base64 digit '%c' at character %zu",
                            c, *i);
            return fail(err, errsize, "mappings: bad base64 digit 0x%02x at character %zu", c,
                        *i);
        }
        if (shift > 30) /* a seventh digit: more than 32 bits */
            return fail(err, errsize, "mappings: number at character %zu is too large",
                        start);
        v |= (uint64_t)(d & 31) << shift;
        (*i)++;
        if (!(d & 32))
            break;
    }
    if (v >> 32)
        return fail(err, errsize, "mappings: number at character %zu is too large", start);
    const int64_t magnitude = (int64_t)(v >> 1);
    *out = (v & 1) ? -magnitude : magnitude;
    return true;
}

/* Adds delta to *field, which must stay in [0, max]. */
static bool add_field(int64_t *field, int64_t delta, int64_t max, const char *what, size_t at,
                      char *err, size_t errsize)
{
    *field += delta;
    if (*field < 0 || *field > max)
        return fail(err, errsize, "mappings: the segment at character %zu has %s %lld, "
                                  "outside 0..%lld", at, what, (long long)*field,
                    (long long)max);
    return true;
}

static bool push_entry(smap *m, size_t *cap, const smap_entry *e)
{
    if (m->nentries == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        smap_entry *p = realloc(m->entries, ncap * sizeof *p);
        if (!p)
            return false;
        m->entries = p;
        *cap = ncap;
    }
    m->entries[m->nentries++] = *e;
    return true;
}

static bool decode_mappings(smap *m, const char *s, size_t n, char *err, size_t errsize)
{
    int64_t gen = 0, src = 0, line = 0, col = 0, name = 0;
    size_t gen_line = 0, cap = 0, later_lines = 0;
    size_t i = 0;
    while (i < n) {
        if (s[i] == ';') { /* the next generated line: its columns start again */
            gen_line++;
            gen = 0;
            i++;
            continue;
        }
        if (s[i] == ',') {
            i++;
            continue;
        }
        const size_t at = i;
        int64_t f[5];
        int k = 0;
        while (i < n && s[i] != ',' && s[i] != ';') {
            if (k == 5)
                return fail(err, errsize, "mappings: the segment at character %zu has more "
                                          "than 5 fields", at);
            if (!read_vlq(s, n, &i, &f[k++], err, errsize))
                return false;
        }
        if (k != 1 && k != 4 && k != 5)
            return fail(err, errsize, "mappings: the segment at character %zu has %d fields "
                                      "(1, 4 or 5 expected)", at, k);
        if (!add_field(&gen, f[0], UINT32_MAX, "generated column", at, err, errsize))
            return false;
        if (k >= 4) {
            if (!m->nsources)
                return fail(err, errsize, "mappings: the segment at character %zu names a "
                                          "source, but sources is empty", at);
            if (!add_field(&src, f[1], (int64_t)m->nsources - 1, "source index", at, err,
                           errsize) ||
                !add_field(&line, f[2], INT32_MAX - 1, "line", at, err, errsize) ||
                !add_field(&col, f[3], INT32_MAX - 1, "column", at, err, errsize))
                return false;
        }
        if (k == 5) /* names are not used; the index is only carried along */
            name += f[4];
        if (gen_line) {
            later_lines++;
            continue;
        }
        smap_entry e = {(uint32_t)gen, k >= 4 ? (int32_t)src : -1, (uint32_t)line,
                        (uint32_t)col, (uint32_t)m->nentries};
        if (!push_entry(m, &cap, &e))
            return fail(err, errsize, "out of memory");
    }
    (void)name;
    if (!m->nentries && later_lines) /* a JavaScript map, most likely */
        return fail(err, errsize, "mappings: nothing on the first generated line, which is "
                                  "the whole module in a Wasm source map");
    return true;
}

static int entry_cmp(const void *a, const void *b)
{
    const smap_entry *x = a, *y = b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ---- the JSON object ----------------------------------------------------- */

static bool has_scheme(const char *s)
{
    /* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
    size_t i = 0;
    if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    while (s[i] && s[i] != ':') {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '-' || c == '.'))
            return false;
        i++;
    }
    return s[i] == ':' && i >= 2; /* "C:" is a drive, not a scheme */
}

/* sourceRoot + "/" + source, unless the source is absolute already. */
static char *join_source(const char *root, const char *source)
{
    size_t rl = root ? strlen(root) : 0, sl = strlen(source);
    bool join = rl && source[0] != '/' && !has_scheme(source);
    bool slash = join && root[rl - 1] != '/';
    char *p = malloc((join ? rl : 0) + slash + sl + 1);
    if (!p)
        return NULL;
    size_t k = 0;
    if (join) {
        memcpy(p, root, rl);
        k = rl;
    }
    if (slash)
        p[k++] = '/';
    memcpy(p + k, source, sl + 1);
    return p;
}

static bool read_sources(smap *m, json_t *root, char *err, size_t errsize)
{
    json_t *sources = json_object_get(root, "sources");
    json_t *source_root = json_object_get(root, "sourceRoot");
    if (!json_is_array(sources))
        return fail(err, errsize, "sources: %s", sources ? "not an array" : "missing");
    if (source_root && !json_is_string(source_root) && !json_is_null(source_root))
        return fail(err, errsize, "sourceRoot: not a string");
    const char *rs = json_is_string(source_root) ? json_string_value(source_root) : NULL;
    m->nsources = json_array_size(sources);
    m->sources = calloc(m->nsources ? m->nsources : 1, sizeof *m->sources);
    if (!m->sources)
        return fail(err, errsize, "out of memory");
    for (size_t i = 0; i < m->nsources; i++) {
        json_t *s = json_array_get(sources, i);
        if (json_is_null(s))
            continue; /* allowed: a source without a name */
        if (!json_is_string(s))
            return fail(err, errsize, "sources[%zu]: not a string", i);
        if (!(m->sources[i] = join_source(rs, json_string_value(s))))
            return fail(err, errsize, "out of memory");
    }
    return true;
}

smap *smap_parse(const char *json, size_t len, char *err, size_t errsize)
{
    if (errsize)
        err[0] = 0;
    json_error_t jerr;
    json_t *root = json_loadb(json, len, 0, &jerr);
    if (!root) {
        fail(err, errsize, "not JSON: %s (line %d, column %d)", jerr.text, jerr.line,
             jerr.column);
        return NULL;
    }
    smap *m = calloc(1, sizeof *m);
    bool ok = m != NULL;
    if (!ok)
        fail(err, errsize, "out of memory");
    json_t *version = ok ? json_object_get(root, "version") : NULL;
    json_t *mappings = ok ? json_object_get(root, "mappings") : NULL;
    if (!ok) {
    } else if (!json_is_object(root)) {
        ok = fail(err, errsize, "not a JSON object");
    } else if (!json_is_integer(version) || json_integer_value(version) != 3) {
        ok = fail(err, errsize, "version: %s", version ? "not 3 (only version 3 maps are "
                                                         "read)" : "missing");
    } else if (json_object_get(root, "sections")) {
        ok = fail(err, errsize, "an index map (sections) is not supported");
    } else if (!json_is_string(mappings)) {
        ok = fail(err, errsize, "mappings: %s", mappings ? "not a string" : "missing");
    } else {
        ok = read_sources(m, root, err, errsize) &&
             decode_mappings(m, json_string_value(mappings), json_string_length(mappings),
                             err, errsize);
    }
    json_decref(root);
    if (!ok) {
        smap_free(m);
        return NULL;
    }
    if (m->nentries) /* entries is NULL for none, which qsort may not take */
        qsort(m->entries, m->nentries, sizeof *m->entries, entry_cmp);
    return m;
}

void smap_free(smap *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nsources; i++)
        free(m->sources[i]);
    free(m->sources);
    free(m->entries);
    free(m);
}

size_t smap_count(const smap *m) { return m ? m->nentries : 0; }

bool smap_lookup(const smap *m, uint32_t module_offset, const char **file, uint32_t *line,
                 uint32_t *column)
{
    if (!m || !m->nentries || m->entries[0].offset > module_offset)
        return false;
    size_t lo = 0, hi = m->nentries; /* the first entry above the offset is in (lo, hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->entries[mid].offset <= module_offset)
            lo = mid;
        else
            hi = mid;
    }
    const smap_entry *e = &m->entries[lo];
    if (e->source < 0 || !m->sources[e->source])
        return false;
    *file = m->sources[e->source];
    *line = e->line + 1;
    *column = e->column + 1;
    return true;
}

/* ---- the module's sourceMappingURL section ------------------------------ */

static bool read_leb_u32(const uint8_t *p, size_t end, size_t *i, uint32_t *out)
{
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*i >= end)
            return false;
        uint8_t b = p[(*i)++];
        if (shift == 28 && (b & 0x70))
            return false;
        v |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

bool smap_module_url(const uint8_t *bytes, size_t len, const char **url, size_t *url_len,
                     char *err, size_t errsize)
{
    static const char section[] = "sourceMappingURL";
    if (errsize)
        err[0] = 0;
    if (!bytes || len < 8 || memcmp(bytes, "\0asm", 4) != 0)
        return false;
    size_t i = 8;
    while (i < len) {
        const size_t at = i;
        uint8_t id = bytes[i++];
        uint32_t size;
        if (!read_leb_u32(bytes, len, &i, &size) || size > len - i)
            return fail(err, errsize, "the section at 0x%zx runs past the end of the module",
                        at);
        const size_t end = i + size;
        uint32_t nlen;
        if (id == 0 && read_leb_u32(bytes, end, &i, &nlen) && nlen <= end - i &&
            nlen == sizeof section - 1 && memcmp(bytes + i, section, nlen) == 0) {
            i += nlen;
            uint32_t ulen;
            if (!read_leb_u32(bytes, end, &i, &ulen) || ulen != end - i)
                return fail(err, errsize, "its sourceMappingURL section (at 0x%zx) is damaged: "
                                          "the URL's length does not match the section", at);
            *url = (const char *)bytes + i;
            *url_len = ulen;
            return true;
        }
        i = end;
    }
    return false;
}

/* ---- from a URL to the map's text ---------------------------------------- */

/* %XX escapes decoded (others kept as they are), into a new string. */
static char *percent_decode(const char *s, size_t n, size_t *out_len)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < n && (h = opt_hex_digit(s[i + 1])) >= 0 &&
            (l = opt_hex_digit(s[i + 2])) >= 0) {
            p[k++] = (char)(h * 16 + l);
            i += 2;
        } else {
            p[k++] = s[i];
        }
    }
    p[k] = 0;
    if (out_len)
        *out_len = k;
    return p;
}

/* Standard base64 (whitespace skipped, '=' ends it); NULL if malformed. */
static char *base64_decode(const char *s, size_t n, size_t *out_len)
{
    char *p = malloc(n / 4 * 3 + 3);
    if (!p)
        return NULL;
    uint32_t acc = 0;
    int bits = 0;
    size_t k = 0, i = 0;
    for (; i < n && s[i] != '='; i++) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
            continue;
        int d = base64_digit((unsigned char)s[i]);
        if (d < 0) {
            free(p);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)d;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            p[k++] = (char)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    for (; i < n; i++) /* only padding may follow */
        if (s[i] != '=' && s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t') {
            free(p);
            return NULL;
        }
    *out_len = k;
    return p;
}

typedef struct noter {
    void (*note)(void *ctx, const char *line);
    void *ctx;
} noter;

__attribute__((format(printf, 2, 3))) static void say(const noter *n, const char *fmt, ...)
{
    if (!n->note)
        return;
    char line[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    n->note(n->ctx, line);
}

static smap *parse_noted(const char *text, size_t len, const char *what, const noter *n)
{
    char err[300];
    smap *m = smap_parse(text, len, err, sizeof err);
    if (!m)
        say(n, "%s is damaged, so no source lines come from it: %s", what, err);
    return m;
}

static smap *load_file(const char *path, const char *why_this_file, const noter *n)
{
    /* A module names its map itself: only a regular file, so a module
     * cannot make wisp read a device or wait on a pipe. */
    struct stat st;
    if (*why_this_file && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        say(n, "source map %s%s: not a regular file; give it with --source-map FILE", path,
            why_this_file);
        return NULL;
    }
    uint64_t limit;
    if (!read_limit(READ_SOURCEMAP, &limit))
        return NULL;
    size_t len;
    const char *why;
    bool too_big;
    char *text = (char *)read_file_max(path, limit < SIZE_MAX ? (size_t)limit : SIZE_MAX, &len,
                                       &why, &too_big);
    if (!text) {
        if (too_big)
            say(n, "source map %s%s: larger than the %llu-byte limit for a source map "
                   "(WISP_FILE_LIMIT=SIZE changes it)", path, why_this_file,
                (unsigned long long)limit);
        else
            say(n, "source map %s%s: cannot read: %s%s", path, why_this_file, why,
                *why_this_file ? "; give it with --source-map FILE" : "");
        return NULL;
    }
    char what[700];
    snprintf(what, sizeof what, "source map %s%s", path, why_this_file);
    smap *m = parse_noted(text, len, what, n);
    free(text);
    return m;
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (n < pl)
        return false;
    for (size_t i = 0; i < pl; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != prefix[i])
            return false;
    }
    return true;
}

/* data:[MEDIATYPE][;base64],DATA */
static smap *load_data_url(const char *url, size_t n, const noter *nt)
{
    const char *comma = memchr(url, ',', n);
    if (!comma) {
        say(nt, "the module's sourceMappingURL is a data: URL without a ',': no source map");
        return NULL;
    }
    size_t head = (size_t)(comma - url), dlen;
    bool b64 = head >= 7 && starts_with_ci(comma - 7, 7, ";base64");
    char *data = b64 ? base64_decode(comma + 1, n - head - 1, &dlen)
                     : percent_decode(comma + 1, n - head - 1, &dlen);
    if (!data) {
        say(nt, "the module's sourceMappingURL is a data: URL that is not valid base64: "
                "no source map");
        return NULL;
    }
    smap *m = parse_noted(data, dlen, "the source map in the module's data: URL", nt);
    free(data);
    return m;
}

smap *smap_for_module(const uint8_t *bytes, size_t len, const char *source_map,
                      const char *module_path, void (*note)(void *ctx, const char *line),
                      void *note_ctx)
{
    const noter nt = {note, note_ctx};
    if (source_map)
        return load_file(source_map, "", &nt);

    const char *url;
    size_t ulen;
    char err[200];
    if (!smap_module_url(bytes, len, &url, &ulen, err, sizeof err)) {
        if (err[0])
            say(&nt, "the module's %s; no source map", err);
        return NULL;
    }
    if (starts_with_ci(url, ulen, "data:"))
        return load_data_url(url, ulen, &nt);

    /* A path: up to any query or fragment, %XX decoded. */
    size_t plen = 0;
    while (plen < ulen && url[plen] != '?' && url[plen] != '#')
        plen++;
    char *path = percent_decode(url, plen, &plen);
    if (!path)
        return NULL;
    if (strlen(path) != plen || !plen) { /* an encoded NUL, or nothing */
        say(&nt, "the module's sourceMappingURL is not a usable path; give the map with "
                 "--source-map FILE");
        free(path);
        return NULL;
    }
    const char *local = path;
    if (starts_with_ci(path, plen, "file://")) {
        local = path + 7;
        if (starts_with_ci(local, strlen(local), "localhost/"))
            local += 9;
    } else if (has_scheme(path)) {
        say(&nt, "the module's source map is at %.*s, which wisp does not fetch; give a "
                 "local copy with --source-map FILE", (int)(ulen > 300 ? 300 : ulen), url);
        free(path);
        return NULL;
    }

    /* Relative: against the module's folder. */
    while (local[0] == '.' && local[1] == '/') /* asc writes "./game.wasm.map" */
        local += 2;
    char *full = NULL;
    if (local[0] != '/' && module_path && strrchr(module_path, '/')) {
        size_t dl = (size_t)(strrchr(module_path, '/') - module_path) + 1;
        full = malloc(dl + strlen(local) + 1);
        if (!full) {
            free(path);
            return NULL;
        }
        memcpy(full, module_path, dl);
        strcpy(full + dl, local);
    }
    smap *m = load_file(full ? full : local, " (the module's sourceMappingURL)", &nt);
    free(full);
    free(path);
    return m;
}
