/* Fuzz target: decode, validate and translate arbitrary bytes.
 *
 * Checks beyond "no crash, no sanitizer report":
 *  - the result is OK or one of the load errors, and a failure says why;
 *  - nothing outside the arena is touched (guard zones, see harness.h);
 *  - a module that loads reports consistent metadata (imports, exports,
 *    function types);
 *  - the same bytes in a smaller arena either load or fail with NOMEM,
 *    never with another error: an arena too small must not be mistaken
 *    for a bad module (and must not corrupt anything). */
#include <string.h>

#include "harness.h"

#define ARENA_CAP (8u << 20)

static guarded g;

static void check_loaded(const wisp_module *m)
{
    uint32_t ni = wisp_module_import_count(m), nx = wisp_module_export_count(m);
    for (uint32_t i = 0; i < ni; i++) {
        wisp_import_desc d;
        if (wisp_module_import(m, i, &d) != WISP_OK)
            harness_fail("import %u of %u unreadable", i, ni);
        const uint8_t *p, *r;
        uint32_t np, nr;
        wisp_err e = wisp_module_import_func_type(m, i, &p, &np, &r, &nr);
        if ((e == WISP_OK) != (d.kind == WISP_EXTERN_FUNC))
            harness_fail("import %u: function type answer disagrees with its kind", i);
    }
    for (uint32_t i = 0; i < nx; i++) {
        const char *name;
        uint32_t len;
        wisp_extern_kind k;
        if (wisp_module_export(m, i, &name, &len, &k) != WISP_OK)
            harness_fail("export %u of %u unreadable", i, nx);
    }
    /* every function index has a type, the first one past them none */
    for (uint32_t f = 0;; f++) {
        const uint8_t *p, *r;
        uint32_t np, nr;
        if (wisp_module_func_type(m, f, &p, &np, &r, &nr) != WISP_OK)
            break;
        if (f > (1u << 24))
            harness_fail("function types never end");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g.raw)
        guarded_init(&g, ARENA_CAP);
    wisp_arena a;
    wisp_module *m;
    guarded_arena(&g, ARENA_CAP, &a);
    wisp_err e = wisp_module_load(&a, data, size, &m);
    if (!guarded_intact(&g))
        harness_fail("load wrote outside its arena");
    switch (e) {
    case WISP_OK:
        check_loaded(m);
        break;
    case WISP_ERR_NOMEM:
    case WISP_ERR_MALFORMED:
    case WISP_ERR_INVALID:
    case WISP_ERR_UNSUPPORTED:
        if (!memchr(a.error, 0, sizeof a.error) || !a.error[0])
            harness_fail("load failed (%s) without a reason", wisp_err_str(e));
        return 0; /* a smaller arena would only fail the same way or earlier */
    default:
        harness_fail("load returned %s", wisp_err_str(e));
    }

    /* Again in an arena somewhere below the peak (picked by the input). */
    size_t peak = a.peak;
    uint64_t h = fnv1a(FNV_INIT, data, size);
    size_t small = (size_t)(h % (peak + 1));
    guarded_arena(&g, small, &a);
    e = wisp_module_load(&a, data, size, &m);
    if (!guarded_intact(&g))
        harness_fail("load in a %zu-byte arena wrote outside it", small);
    if (e != WISP_OK && e != WISP_ERR_NOMEM)
        harness_fail("load in a %zu-byte arena (peak %zu) failed with %s: %s", small, peak,
                     wisp_err_str(e), a.error);
    if (e == WISP_OK)
        check_loaded(m);
    return 0;
}
