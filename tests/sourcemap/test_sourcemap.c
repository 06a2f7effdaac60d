/* tools/symbols/sourcemap.c on its own (suite 'sourcemap', under
 * ASan+UBSan): hand-decoded maps, a round trip through an encoder written
 * here from the format's description, the sourceMappingURL section and
 * where a map is looked for, and damaged input (every truncation, byte
 * flips, random mappings), which must give an error and never a crash. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sourcemap.h"

static int failures;

#define CHECK(cond, ...)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            failures++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                    \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
        }                                                                                      \
    } while (0)

static smap *parse_str(const char *json, char *err, size_t errsize)
{
    return smap_parse(json, strlen(json), err, errsize);
}

/* The location at off is FILE:LINE:COL (file NULL: no location). */
static void expect_at(const smap *m, uint32_t off, const char *file, uint32_t line,
                      uint32_t col)
{
    const char *f = NULL;
    uint32_t l = 0, c = 0;
    bool found = smap_lookup(m, off, &f, &l, &c);
    if (!file) {
        CHECK(!found, "offset %u: expected no location, got %s:%u:%u", off, f, l, c);
        return;
    }
    CHECK(found && !strcmp(f, file) && l == line && c == col,
          "offset %u: expected %s:%u:%u, got %s %s:%u:%u", off, file, line, col,
          found ? "" : "(none)", found ? f : "", l, c);
}

/* Segments decoded by hand (A=0, C=+1, D=-1, E=+2, gB=+16, 2H=+123):
 *   gBAEE  offset 16 -> a.ts line 2 column 2 (from 0)
 *   CCCD   offset 17 -> b.ts line 3 column 1
 *   C      offset 18 -> nothing
 *   EDDC   offset 20 -> a.ts line 2 column 2
 *   2HACAA offset 143 -> a.ts line 3 column 2, name 0 (5 fields)
 * and what follows the first ';' belongs to another generated line. */
static void test_hand_decoded(void)
{
    char err[300];
    smap *m = parse_str("{\"version\":3,\"sourceRoot\":\"src\",\"sources\":[\"a.ts\",\"b.ts\"],"
                        "\"names\":[\"x\"],\"mappings\":\"gBAEE,CCCD,C,EDDC,2HACAA;AAAA\"}",
                        err, sizeof err);
    CHECK(m, "parse: %s", err);
    if (!m)
        return;
    CHECK(smap_count(m) == 5, "count %zu", smap_count(m));
    expect_at(m, 0, NULL, 0, 0);
    expect_at(m, 15, NULL, 0, 0);
    expect_at(m, 16, "src/a.ts", 3, 3);
    expect_at(m, 17, "src/b.ts", 4, 2);
    expect_at(m, 18, NULL, 0, 0);
    expect_at(m, 19, NULL, 0, 0);
    expect_at(m, 20, "src/a.ts", 3, 3);
    expect_at(m, 142, "src/a.ts", 3, 3);
    expect_at(m, 143, "src/a.ts", 4, 3);
    expect_at(m, 0xffffffffu, "src/a.ts", 4, 3);
    smap_free(m);

    /* segments out of order are sorted; sourceRoot with a slash, an
     * absolute source and a URL are not joined twice; a null source has
     * no name to show */
    m = parse_str("{\"version\":3,\"sourceRoot\":\"r/\",\"sources\":[\"x.ts\",\"/abs/y.ts\","
                  "\"webpack:///z.ts\",null],\"mappings\":\"UAAA,TCAA,CCAA,CCAA\"}",
                  err, sizeof err);
    /* U=+10: 10 -> x.ts; T=-9: 1 -> /abs/y.ts; C: 2 -> webpack; C: 3 -> null */
    CHECK(m, "parse: %s", err);
    if (m) {
        expect_at(m, 0, NULL, 0, 0);
        expect_at(m, 1, "/abs/y.ts", 1, 1);
        expect_at(m, 2, "webpack:///z.ts", 1, 1);
        expect_at(m, 3, NULL, 0, 0);
        expect_at(m, 9, NULL, 0, 0);
        expect_at(m, 10, "r/x.ts", 1, 1);
        smap_free(m);
    }

    /* no sourceRoot, empty mappings: a map that maps nothing */
    m = parse_str("{\"version\":3,\"sources\":[\"a.ts\"],\"mappings\":\"\"}", err, sizeof err);
    CHECK(m && smap_count(m) == 0, "empty mappings: %s", err);
    if (m)
        expect_at(m, 5, NULL, 0, 0);
    smap_free(m);
}

/* Maps that are not usable: each gives NULL and a reason naming it. */
static void test_errors(void)
{
    static const struct {
        const char *json, *reason;
    } cases[] = {
        {"", "not JSON"},
        {"[1,2]", "not a JSON object"},
        {"{\"version\":2,\"sources\":[],\"mappings\":\"\"}", "version"},
        {"{\"sources\":[],\"mappings\":\"\"}", "version: missing"},
        {"{\"version\":3,\"sections\":[]}", "index map"},
        {"{\"version\":3,\"sources\":[\"a\"]}", "mappings: missing"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":7}", "mappings: not a string"},
        {"{\"version\":3,\"mappings\":\"AAAA\"}", "sources: missing"},
        {"{\"version\":3,\"sources\":[3],\"mappings\":\"AAAA\"}", "sources[0]"},
        {"{\"version\":3,\"sourceRoot\":1,\"sources\":[\"a\"],\"mappings\":\"\"}", "sourceRoot"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AA!A\"}", "'!' at character 2"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAg\"}", "cut short"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAg,A\"}", "cut short"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AA\"}", "2 fields"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAAAA\"}", "more than 5"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"ACAA\"}", "source index 1"},
        {"{\"version\":3,\"sources\":[],\"mappings\":\"AAAA\"}", "sources is empty"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AADA\"}", "line -1"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"AAAD\"}", "column -1"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"D\"}", "generated column -1"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\"gggggggB\"}", "too large"},
        {"{\"version\":3,\"sources\":[\"a\"],\"mappings\":\";AAAA\"}", "first generated line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[300] = "untouched";
        smap *m = parse_str(cases[i].json, err, sizeof err);
        CHECK(!m, "case %zu parsed: %s", i, cases[i].json);
        CHECK(strstr(err, cases[i].reason), "case %zu: reason '%s' lacks '%s'", i, err,
              cases[i].reason);
        smap_free(m);
    }
}

/* ---- a round trip through an encoder of our own ---------------------- */

static uint64_t rng_state = 0x9e3779b97f4a7c15u;
static uint32_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

static void put_vlq(char **p, int64_t v)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    uint64_t u = v < 0 ? ((uint64_t)-v << 1) | 1 : (uint64_t)v << 1;
    do {
        unsigned d = u & 31;
        u >>= 5;
        if (u)
            d |= 32;
        *(*p)++ = digits[d];
    } while (u);
}

typedef struct seg {
    uint32_t off;
    int src; /* -1: a 1-field segment */
    uint32_t line, col;
} seg;

static void test_round_trip(void)
{
    enum { N = 2000, NSRC = 5 };
    static seg segs[N];
    static char json[N * 40 + 200];
    uint32_t off = 7;
    for (int i = 0; i < N; i++) {
        off += 1 + rnd() % 300;
        segs[i].off = off;
        segs[i].src = rnd() % 8 == 0 ? -1 : (int)(rnd() % NSRC);
        segs[i].line = rnd() % 100000;
        segs[i].col = rnd() % 200;
    }
    char *p = json + sprintf(json, "{\"version\":3,\"sources\":[\"s0\",\"s1\",\"s2\",\"s3\","
                                   "\"s4\"],\"names\":[],\"mappings\":\"");
    int64_t po = 0, ps = 0, pl = 0, pc = 0;
    for (int i = 0; i < N; i++) {
        if (i)
            *p++ = ',';
        put_vlq(&p, (int64_t)segs[i].off - po);
        po = segs[i].off;
        if (segs[i].src >= 0) {
            put_vlq(&p, segs[i].src - ps);
            put_vlq(&p, (int64_t)segs[i].line - pl);
            put_vlq(&p, (int64_t)segs[i].col - pc);
            ps = segs[i].src, pl = segs[i].line, pc = segs[i].col;
        }
    }
    strcpy(p, "\"}");
    char err[300];
    smap *m = parse_str(json, err, sizeof err);
    CHECK(m, "round trip parse: %s", err);
    if (!m)
        return;
    CHECK(smap_count(m) == N, "count %zu", smap_count(m));
    expect_at(m, segs[0].off - 1, NULL, 0, 0);
    for (int i = 0; i < N; i++) {
        char name[8];
        snprintf(name, sizeof name, "s%d", segs[i].src);
        uint32_t last = i + 1 < N ? segs[i + 1].off - 1 : segs[i].off + 1000;
        for (uint32_t o = segs[i].off; o <= last; o += (last - segs[i].off) / 2 + 1)
            expect_at(m, o, segs[i].src < 0 ? NULL : name, segs[i].line + 1, segs[i].col + 1);
    }
    smap_free(m);
}

/* ---- damaged input -------------------------------------------------------- */

static const char good_map[] =
    "{\"version\":3,\"sourceRoot\":\"./game\",\"sources\":[\"~lib/rt/common.ts\",\"~lib/rt/"
    "tlsf.ts\",\"~lib/shared/typeinfo.ts\",\"~lib/rt/itcms.ts\",\"~lib/array.ts\",\"game.ts\"],"
    "\"names\":[],\"mappings\":\"yUGsDE,EAAsB,EAAtB,EACA,EAAa,EAAb,EACO,EAAP,I,QAqC4B,"
    "IAAsB,E,EAAD,CAAxC,CAAP\",\"sourcesContent\":[null,\"x\"]}";

/* Whatever a damaged map gives must be safe to use. */
static void use(smap *m)
{
    if (!m)
        return;
    for (uint32_t o = 0; o < 2000; o += 7) {
        const char *f;
        uint32_t l, c;
        if (smap_lookup(m, o, &f, &l, &c))
            CHECK(strlen(f) < sizeof good_map && l >= 1 && c >= 1, "odd location");
    }
    smap_free(m);
}

static void test_damage(void)
{
    char err[300];
    const size_t n = sizeof good_map - 1;
    smap *m = smap_parse(good_map, n, err, sizeof err);
    CHECK(m, "the good map: %s", err);
    use(m);

    /* every truncation, with the buffer exactly that long (ASan sees any
     * read past it) */
    for (size_t len = 0; len < n; len++) {
        char *b = malloc(len ? len : 1);
        memcpy(b, good_map, len);
        smap *t = smap_parse(b, len, err, sizeof err);
        CHECK(!t, "truncated at %zu parsed", len);
        CHECK(err[0], "truncated at %zu: no reason", len);
        use(t);
        free(b);
    }

    /* bytes replaced, one to four at a time */
    for (int round = 0; round < 20000; round++) {
        char *b = malloc(n);
        memcpy(b, good_map, n);
        for (int k = 1 + rnd() % 4; k > 0; k--)
            b[rnd() % n] = rnd() % 3 ? (char)(rnd() % 256) : "AZaz09+/,;\"\\{}[]:g"[rnd() % 19];
        use(smap_parse(b, n, err, sizeof err));
        free(b);
    }

    /* random mappings: from the base64 alphabet, separators and a few
     * other bytes */
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/,,,;;;!=";
    for (int round = 0; round < 20000; round++) {
        char b[200];
        int len = sprintf(b, "{\"version\":3,\"sources\":[\"a\",\"b\"],\"mappings\":\"");
        for (int k = rnd() % 60; k > 0; k--)
            b[len++] = alphabet[rnd() % (sizeof alphabet - 1)];
        len += sprintf(b + len, "\"}");
        use(smap_parse(b, (size_t)len, err, sizeof err));
    }
}

/* ---- the module's section and where the map is read from ----------------- */

static size_t put_leb(uint8_t *p, uint32_t v)
{
    size_t n = 0;
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        p[n++] = b | (v ? 0x80 : 0);
    } while (v);
    return n;
}

/* A module of a type section and a sourceMappingURL custom section. */
static size_t make_module(uint8_t *buf, const char *url)
{
    static const uint8_t head[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0};
    memcpy(buf, head, sizeof head);
    size_t n = sizeof head;
    uint8_t payload[4096];
    size_t pl = put_leb(payload, 16);
    memcpy(payload + pl, "sourceMappingURL", 16);
    pl += 16;
    pl += put_leb(payload + pl, (uint32_t)strlen(url));
    memcpy(payload + pl, url, strlen(url));
    pl += strlen(url);
    buf[n++] = 0;
    n += put_leb(buf + n, (uint32_t)pl);
    memcpy(buf + n, payload, pl);
    return n + pl;
}

static char notes[4096];
static void note(void *ctx, const char *line)
{
    (void)ctx;
    strncat(notes, line, sizeof notes - strlen(notes) - 2);
    strcat(notes, "\n");
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static void test_module(void)
{
    uint8_t mod[8192];
    const char *url;
    size_t ulen;
    char err[200];
    size_t n = make_module(mod, "./game.wasm.map");
    CHECK(smap_module_url(mod, n, &url, &ulen, err, sizeof err) && ulen == 15 &&
              !memcmp(url, "./game.wasm.map", 15), "url");
    /* every truncation: the section is gone or damaged, never read past */
    for (size_t len = 0; len < n; len++) {
        uint8_t *b = malloc(len ? len : 1);
        memcpy(b, mod, len);
        CHECK(!smap_module_url(b, len, &url, &ulen, err, sizeof err), "truncated at %zu", len);
        free(b);
    }
    /* a URL length that does not match its section */
    mod[n - 16]++; /* the URL's length byte */
    CHECK(!smap_module_url(mod, n, &url, &ulen, err, sizeof err) && strstr(err, "damaged"),
          "damaged url length: %s", err);

    /* Files in a temporary folder: the map next to the module. */
    char dir[] = "/tmp/wisp-smap-XXXXXX";
    CHECK(mkdtemp(dir), "mkdtemp");
    char path[256], modpath[256];
    snprintf(path, sizeof path, "%s/game.wasm.map", dir);
    snprintf(modpath, sizeof modpath, "%s/game.wasm", dir);
    write_file(path, "{\"version\":3,\"sources\":[\"g.ts\"],\"mappings\":\"AAAA,EAEE\"}");
    n = make_module(mod, "./game.wasm.map");
    notes[0] = 0;
    smap *m = smap_for_module(mod, n, NULL, modpath, note, NULL);
    CHECK(m && !notes[0], "map next to the module: %s", notes);
    expect_at(m, 2, "g.ts", 3, 3);
    smap_free(m);

    /* percent-escapes, a query, file:// */
    n = make_module(mod, "game%2Ewasm.map?v=1#x");
    m = smap_for_module(mod, n, NULL, modpath, note, NULL);
    CHECK(m, "escaped url: %s", notes);
    smap_free(m);
    char furl[300];
    snprintf(furl, sizeof furl, "file://%s", path);
    n = make_module(mod, furl);
    m = smap_for_module(mod, n, NULL, "elsewhere/x.wasm", note, NULL);
    CHECK(m, "file url: %s", notes);
    smap_free(m);

    /* --source-map wins over the section */
    n = make_module(mod, "http://localhost:4444/cart.wasm.map");
    m = smap_for_module(mod, n, path, modpath, note, NULL);
    CHECK(m && !notes[0], "--source-map: %s", notes);
    smap_free(m);

    /* a remote URL: a note, no map */
    m = smap_for_module(mod, n, NULL, modpath, note, NULL);
    CHECK(!m && strstr(notes, "http://localhost:4444/cart.wasm.map") &&
              strstr(notes, "--source-map"), "remote: %s", notes);

    /* a device named by the module is not read */
    notes[0] = 0;
    n = make_module(mod, "/dev/zero");
    m = smap_for_module(mod, n, NULL, modpath, note, NULL);
    CHECK(!m && strstr(notes, "not a regular file"), "device: %s", notes);

    /* a missing file, a damaged one */
    notes[0] = 0;
    n = make_module(mod, "missing.map");
    m = smap_for_module(mod, n, NULL, modpath, note, NULL);
    CHECK(!m && strstr(notes, "missing.map") && strstr(notes, "cannot read"), "missing: %s",
          notes);
    notes[0] = 0;
    write_file(path, "{\"version\":3,\"sources\":[\"g.ts\"],\"mappings\":\"AA*A\"}");
    m = smap_for_module(mod, n, path, modpath, note, NULL);
    CHECK(!m && strstr(notes, "damaged") && strstr(notes, "'*'"), "damaged: %s", notes);

    /* data: URLs, base64 and plain: {"version":3,"sources":["d.ts"],"mappings":"AAAA,EAEE"} */
    notes[0] = 0;
    n = make_module(mod, "data:application/json;charset=utf-8;base64,eyJ2ZXJzaW9uIjozLCJzb3VyY2"
                         "VzIjpbImQudHMiXSwibWFwcGluZ3MiOiJBQUFBLEVBRUUifQ==");
    m = smap_for_module(mod, n, NULL, NULL, note, NULL);
    CHECK(m && !notes[0], "data base64: %s", notes);
    expect_at(m, 3, "d.ts", 3, 3);
    smap_free(m);
    n = make_module(mod, "data:application/json,%7B%22version%22:3,%22sources%22:[%22p.ts%22],"
                         "%22mappings%22:%22AAAA%22%7D");
    m = smap_for_module(mod, n, NULL, NULL, note, NULL);
    CHECK(m && !notes[0], "data plain: %s", notes);
    expect_at(m, 0, "p.ts", 1, 1);
    smap_free(m);
    n = make_module(mod, "data:application/json;base64,e!!");
    m = smap_for_module(mod, n, NULL, NULL, note, NULL);
    CHECK(!m && strstr(notes, "base64"), "data bad: %s", notes);

    /* no section, no option: nothing to say */
    notes[0] = 0;
    static const uint8_t bare[] = {0, 'a', 's', 'm', 1, 0, 0, 0};
    CHECK(!smap_for_module(bare, sizeof bare, NULL, NULL, note, NULL) && !notes[0], "bare");

    unlink(path);
    rmdir(dir);
}

int main(void)
{
    test_hand_decoded();
    test_errors();
    test_round_trip();
    test_damage();
    test_module();
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("sourcemap: all checks passed\n");
    return 0;
}
