/* Seeds for the coredump fuzzer: runs each module's exports (as the run
 * fuzzer does) and writes the coredump of the first traps it meets, so the
 * fuzzer starts from real dumps rather than from nothing. The first dump
 * of each small module is also written followed by the module (pairNNNNN),
 * the fuzzer's form for `wisp inspect --module`.
 *
 *   cd_seed OUTDIR MODULE.wasm... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "wisp_coredump.h"
#include "readfile.h"

#define ARENA_CAP (8u << 20)
#define DUMP_MAX (256u << 10) /* larger dumps make slow seeds */
#define PER_MODULE 2
#define PAIR_MODULE_MAX (64u << 10)

static const char *outdir;
static unsigned written, this_module;
static uint8_t dump[DUMP_MAX];
static size_t dump_len;
static const uint8_t *module_bytes; /* the module running */
static size_t module_len;

static wisp_err sink_write(void *ctx, const uint8_t *bytes, size_t len)
{
    (void)ctx;
    if (len > DUMP_MAX - dump_len)
        return WISP_ERR_NOMEM;
    memcpy(dump + dump_len, bytes, len);
    dump_len += len;
    return WISP_OK;
}

static void write_seed(const char *kind, bool with_module)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s%05u.core", outdir, kind, written);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(dump, 1, dump_len, f) != dump_len ||
        (with_module && fwrite(module_bytes, 1, module_len, f) != module_len) || fclose(f))
        harness_fail("cannot write %s", path);
}

static void on_trap(wisp_instance *inst)
{
    if (this_module >= PER_MODULE)
        return;
    wisp_sink sink = {sink_write, NULL};
    dump_len = 0;
    if (wisp_coredump_write(inst, NULL, &sink) != WISP_OK)
        return;
    write_seed("dump", false);
    if (this_module == 0 && module_len <= PAIR_MODULE_MAX)
        write_seed("pair", true);
    written++;
    this_module++;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    const char *why;
    return read_file(path, len, &why);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: cd_seed OUTDIR MODULE.wasm...\n");
        return 2;
    }
    outdir = argv[1];
    guarded g, mem_g, tab_g;
    guarded_init(&g, ARENA_CAP);
    guarded_init(&mem_g, 4u << 20);
    guarded_init(&tab_g, 1u << 20);
    for (int i = 2; i < argc; i++) {
        size_t len;
        uint8_t *bytes = slurp(argv[i], &len);
        if (!bytes)
            continue;
        module_bytes = bytes;
        module_len = len;
        wisp_arena a;
        wisp_module *m;
        wisp_instance *inst;
        dummy_env env;
        guarded_arena(&g, ARENA_CAP, &a);
        if (wisp_module_load(&a, bytes, len, &m) == WISP_OK) {
            dummy_env_init(&env, &a, m, &mem_g, &tab_g);
            wisp_config cfg = {.value_stack_slots = 4096, .call_depth = 100,
                               .max_memory_pages = 4};
            this_module = 0;
            wisp_err e = wisp_instance_create(&a, m, &cfg, dummy_resolve, &env, &inst);
            if (e == WISP_ERR_TRAP && inst)
                on_trap(inst);
            if (e == WISP_OK || (e == WISP_ERR_TRAP && inst)) {
                run_opts o = {.fuel = 100000, .on_trap = on_trap};
                run_stats st = {0};
                run_exports(inst, &o, &st);
            }
            dummy_env_free(&env);
        }
        free(bytes);
    }
    printf("cd_seed: %u coredumps\n", written);
    guarded_free(&g);
    guarded_free(&mem_g);
    guarded_free(&tab_g);
    return 0;
}
