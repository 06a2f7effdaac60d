/* Arena sweep: every module is loaded, instantiated and run (each exported
 * function once, under fuel) in arenas of every size from 0 up to what it
 * needs: byte by byte near 0 and near the need, in even steps between.
 *
 * Each attempt must end cleanly: load OK or NOMEM (never MALFORMED or
 * INVALID because memory ran short), instantiation OK, NOMEM or a trap,
 * calls with results or a trap. The arena sits between guard zones
 * (poisoned under ASan, canaries otherwise), so any byte touched outside
 * it is caught. From the measured need upwards the run must give exactly
 * what the roomy run gave (digest of every result and trap): an embedder
 * may size its arena by wisp_arena.peak. Where that fails, the size that
 * really suffices is searched and reported.
 *
 *   arena_sweep [--edge N] [--steps N] [--every K] [--cap BYTES] FILE|DIR...
 *
 * A directory contributes every K-th file of it (sorted), so a big corpus
 * can be sampled. Prints one summary line: modules, attempts, outcomes. */
#define _DEFAULT_SOURCE /* strdup */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "readfile.h"

static size_t edge = 96, steps = 64, every = 1, cap = 32u << 20;
static guarded g, mem_g, tab_g;
static unsigned long attempts, nomem_load, nomem_inst, trapped_inst, full_runs, modules, skipped,
    nomem_as_unlinkable, peak_short;
static bool resolve_nomem;

static const wisp_config cfg = {.value_stack_slots = 1024, .call_depth = 64,
                                .max_memory_pages = 2};
static const run_opts ro = {.fuel = 5000, .max_exports = 24};

/* One attempt in `size` bytes. Returns the digest, or 0 when the arena ran
 * out before the calls (then *phase says where). */
static uint64_t attempt(const uint8_t *bytes, size_t len, size_t size, wisp_err *load_err,
                        wisp_err *inst_err, size_t *peak)
{
    wisp_arena a;
    wisp_module *m;
    wisp_instance *inst = NULL;
    dummy_env env;
    run_stats st = {.digest = FNV_INIT};
    guarded_arena(&g, size, &a);
    attempts++;
    resolve_nomem = false;
    *inst_err = WISP_OK;
    *load_err = wisp_module_load(&a, bytes, len, &m);
    if (*load_err == WISP_OK) {
        dummy_env_init(&env, &a, m, &mem_g, &tab_g);
        *inst_err = wisp_instance_create(&a, m, &cfg, dummy_resolve, &env, &inst);
        if (*inst_err == WISP_OK || (*inst_err == WISP_ERR_TRAP && inst)) {
            wisp_trap_info t;
            wisp_instance_trap(inst, &t);
            st.digest = fnv1a(st.digest, &t.kind, sizeof t.kind);
            run_exports(inst, &ro, &st);
        }
        resolve_nomem = env.resolve_nomem;
        if (!dummy_env_intact(&env))
            harness_fail("an imported memory/table's arena was written outside");
        dummy_env_free(&env);
    }
    if (!guarded_intact(&g))
        harness_fail("arena of %zu bytes: written outside", size);
    *peak = a.peak;
    return st.digest;
}

static void sweep(const char *path, const uint8_t *bytes, size_t len)
{
    wisp_err le, ie;
    size_t need;
    uint64_t want = attempt(bytes, len, cap, &le, &ie, &need);
    if (le != WISP_OK || ie == WISP_ERR_NOMEM || ie == WISP_ERR_UNLINKABLE) {
        skipped++; /* invalid, unlinkable with dummies, or too big even for the cap */
        return;
    }
    modules++;
    /* the schedule: 0..edge, need-edge..need+edge byte by byte, steps between */
    size_t sizes_max = 2 * (2 * edge + 2) + steps + 2, n = 0;
    size_t *sizes = malloc(sizes_max * sizeof *sizes);
    for (size_t s = 0; s <= edge && s < need; s++)
        sizes[n++] = s;
    for (size_t k = 1; k <= steps; k++)
        sizes[n++] = need / (steps + 1) * k;
    for (size_t s = need > edge ? need - edge : 0; s <= need + edge; s++)
        sizes[n++] = s;
    for (size_t i = 0; i < n; i++) {
        size_t s = sizes[i], peak;
        uint64_t d = attempt(bytes, len, s, &le, &ie, &peak);
        if (le != WISP_OK && le != WISP_ERR_NOMEM)
            harness_fail("%s: load in %zu bytes (needs %zu) failed with %s", path, s, need,
                         wisp_err_str(le));
        if (le == WISP_ERR_NOMEM) {
            nomem_load++;
        } else if (ie == WISP_ERR_NOMEM) {
            nomem_inst++;
        } else if (ie == WISP_ERR_UNLINKABLE && resolve_nomem) {
            /* the resolver's NOMEM comes back as UNLINKABLE (reported) */
            nomem_as_unlinkable++;
        } else if (ie != WISP_OK && ie != WISP_ERR_TRAP) {
            harness_fail("%s: instantiation in %zu bytes failed with %s", path, s,
                         wisp_err_str(ie));
        } else {
            if (ie == WISP_ERR_TRAP)
                trapped_inst++;
            full_runs++;
        }
        if (s >= need && (le != WISP_OK || d != want)) {
            /* wisp_arena.peak said `need` is enough: find what really is */
            const char *what = le != WISP_OK ? "loading fails" : ie != WISP_OK && ie != WISP_ERR_TRAP
                                   ? "instantiation fails" : "it runs differently";
            size_t lo = s, hi = cap;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (attempt(bytes, len, mid, &le, &ie, &peak) == want && le == WISP_OK)
                    hi = mid;
                else
                    lo = mid + 1;
            }
            printf("FAIL %s: wisp_arena.peak reports %zu bytes, but %s in %zu; it needs %zu "
                   "(+%zu)\n", path, need, what, s, lo, lo - need);
            peak_short++;
            break;
        }
    }
    free(sizes);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    const char *why;
    return read_file(path, len, &why);
}

static void one(const char *path)
{
    size_t len;
    uint8_t *b = slurp(path, &len);
    if (!b)
        harness_fail("cannot read %s", path);
    sweep(path, b, len);
    free(b);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    char **files = malloc(sizeof(char *) * 1);
    size_t nfiles = 0;
    guarded_init(&g, cap);
    guarded_init(&mem_g, 256u << 10);
    guarded_init(&tab_g, 64u << 10);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--edge") && i + 1 < argc) {
            edge = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--steps") && i + 1 < argc) {
            steps = strtoul(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--every") && i + 1 < argc) {
            every = strtoul(argv[++i], NULL, 0);
        } else {
            DIR *d = opendir(argv[i]);
            if (!d) {
                files = realloc(files, sizeof(char *) * (nfiles + 1));
                files[nfiles++] = strdup(argv[i]);
                continue;
            }
            size_t first = nfiles;
            for (struct dirent *e; (e = readdir(d));) {
                if (e->d_name[0] == '.')
                    continue;
                files = realloc(files, sizeof(char *) * (nfiles + 1));
                size_t l = strlen(argv[i]) + strlen(e->d_name) + 2;
                files[nfiles] = malloc(l);
                snprintf(files[nfiles++], l, "%s/%s", argv[i], e->d_name);
            }
            closedir(d);
            qsort(files + first, nfiles - first, sizeof *files, cmp);
            size_t keep = first;
            for (size_t k = first; k < nfiles; k++) {
                if ((k - first) % every == 0)
                    files[keep++] = files[k];
                else
                    free(files[k]);
            }
            nfiles = keep;
        }
    }
    for (size_t i = 0; i < nfiles; i++) {
        one(files[i]);
        free(files[i]);
    }
    free(files);
    printf("arena_sweep: %lu modules (%lu skipped: invalid/unlinkable), %lu attempts: "
           "%lu NOMEM at load, %lu NOMEM at instantiation (+%lu reported as UNLINKABLE: the "
           "resolver ran out), %lu ran (%lu with a trapping start/segments); no other error, "
           "no byte outside the arena touched\n",
           modules, skipped, attempts, nomem_load, nomem_inst, nomem_as_unlinkable, full_runs,
           trapped_inst);
    if (peak_short)
        printf("arena_sweep: FAILED: in %lu modules the arena's reported peak is too small\n",
               peak_short);
    return peak_short ? 1 : modules ? 0 : 77;
}
