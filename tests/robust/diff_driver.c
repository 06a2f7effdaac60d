/* diff_driver: run a module the way `wasm-interp --run-all-exports
 * --dummy-import-func` (wabt 1.0.32) does, printing the same lines, so the
 * two outputs can be compared as text (diff_test.py).
 *
 *   diff_driver [--fuel N] module.wasm
 *
 * Every export that is a function without parameters is called in export
 * order; each prints "name() => results" or "name() => error: message".
 * Imported functions (binaryen's fuzzing-support.log-*) print
 * "called host module.name(args) =>" and return zeros. Values print as
 * wabt prints them: i32/i64 unsigned, floats with %f. Only the public API
 * is used.
 *
 * Running out of fuel prints "error: out of fuel", which diff_test.py
 * counts as a hang, not as a disagreement. Exit status: 0 when the module
 * ran (traps included), 1 when it did not load or instantiate. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "readfile.h"

#define ARENA_SIZE (96u << 20) /* -ttf memories are 16-17 pages; tables small */

static void print_value(uint8_t type, wisp_value v)
{
    switch (type) {
    case WISP_I32: printf("i32:%" PRIu32, (uint32_t)v.i32); break;
    case WISP_I64: printf("i64:%" PRIu64, (uint64_t)v.i64); break;
    case WISP_F32: {
        float f;
        memcpy(&f, &v.f32, sizeof f);
        printf("f32:%f", f);
        break;
    }
    case WISP_F64: {
        double d;
        memcpy(&d, &v.f64, sizeof d);
        printf("f64:%f", d);
        break;
    }
    /* wabt prints an index into its store here: only null-ness compares */
    case WISP_FUNCREF: printf("funcref:%s", v.ref ? "nonnull" : "null"); break;
    case WISP_EXTERNREF: printf("externref:%s", v.ref ? "nonnull" : "null"); break;
    default: printf("?"); break;
    }
}

static void print_values(const uint8_t *types, uint32_t n, const wisp_value *v)
{
    for (uint32_t i = 0; i < n; i++) {
        print_value(types[i], v[i]);
        if (i + 1 < n)
            printf(", ");
    }
}

static void log_call(dummy_env *env, const wisp_import_desc *imp, const uint8_t *params,
                     uint32_t nparams, const wisp_value *args)
{
    (void)env;
    printf("called host %.*s.%.*s(", (int)imp->module_len, imp->module, (int)imp->name_len,
           imp->name);
    print_values(params, nparams, args);
    printf(") =>\n"); /* the dummies return nothing here: binaryen's logs are void */
}

static uint8_t *slurp(const char *path, size_t *len)
{
    const char *why;
    return read_file(path, len, &why);
}

int main(int argc, char **argv)
{
    int64_t fuel = 50000000;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--fuel") && i + 1 < argc)
            fuel = strtoll(argv[++i], NULL, 0);
        else
            path = argv[i];
    }
    size_t len;
    uint8_t *bytes = path ? slurp(path, &len) : NULL;
    if (!bytes) {
        fprintf(stderr, "usage: diff_driver [--fuel N] module.wasm\n");
        return 1;
    }
    static guarded g;
    guarded_init(&g, ARENA_SIZE);
    wisp_arena a;
    wisp_module *m;
    guarded_arena(&g, ARENA_SIZE, &a);
    if (wisp_module_load(&a, bytes, len, &m) != WISP_OK) {
        printf("error loading module: %s\n", wisp_arena_error(&a));
        free(bytes);
        return 1;
    }
    dummy_env env;
    dummy_env_init(&env, &a, m, NULL, NULL);
    env.log = log_call;
    /* wasm-interp's default call stack is deep enough for anything -ttf
     * makes (its recursion is bounded by the hang limit) */
    wisp_config cfg = {.value_stack_slots = 1u << 20, .call_depth = 10000};
    wisp_instance *inst;
    wisp_err e = wisp_instance_create(&a, m, &cfg, dummy_resolve, &env, &inst);
    if (e != WISP_OK) {
        printf("error initializing module: %s\n",
               e == WISP_ERR_TRAP ? "trap" : wisp_arena_error(&a));
        dummy_env_free(&env);
        free(bytes);
        return 1;
    }
    uint32_t n = wisp_module_export_count(m);
    for (uint32_t x = 0; x < n; x++) {
        const char *name;
        uint32_t nlen;
        wisp_extern_kind kind;
        wisp_extern ext;
        wisp_module_export(m, x, &name, &nlen, &kind);
        if (kind != WISP_EXTERN_FUNC || wisp_instance_export(inst, name, nlen, &ext))
            continue;
        const uint8_t *pt, *rt;
        uint32_t np, nr;
        wisp_func_type(ext.of.func, &pt, &np, &rt, &nr);
        if (np)
            continue; /* wasm-interp runs only parameterless exports */
        wisp_value *res = calloc(nr + 1, sizeof *res);
        wisp_instance_set_fuel(inst, fuel);
        e = wisp_func_call(inst, ext.of.func, NULL, 0, res, nr);
        fflush(stdout); /* host calls printed during the call come first */
        printf("%.*s() =>", (int)nlen, name);
        if (e == WISP_OK) {
            if (nr)
                printf(" ");
            print_values(rt, nr, res);
            printf("\n");
        } else {
            wisp_trap_info t;
            wisp_instance_trap(inst, &t);
            printf(" error: %s\n", e == WISP_ERR_TRAP ? t.message : wisp_err_str(e));
        }
        free(res);
    }
    bool intact = guarded_intact(&g);
    dummy_env_free(&env);
    free(bytes);
    if (!intact) {
        printf("diff_driver: the arena's guard zones were overwritten\n");
        return 2;
    }
    return 0;
}
