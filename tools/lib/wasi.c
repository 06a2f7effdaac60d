/* Binding WASI preview1 imports to host functions.
 *
 * The table lists all 45 preview1 functions with their wasm signatures
 * (taken from wasi-libc's imports: 'i' = i32, 'I' = i64; all but proc_exit
 * return an i32 errno). Binding from this table, not from the module's
 * declared types, means a guest that declares a preview1 function with the
 * wrong type is refused at instantiation instead of being miscalled. Names
 * preview1 lacks get stubs shaped by the module's declared type. */
#include "wasi.h"

#include <stdio.h>
#include <string.h>

#include "wasi_calls.h"

typedef struct wasi_entry {
    const char *name;
    const char *params; /* 'i' = i32, 'I' = i64 */
    bool returns_errno; /* false only for proc_exit */
    wisp_host_fn fn;    /* NULL = ENOSYS stub */
} wasi_entry;

static const wasi_entry table[] = {
    {"args_get", "ii", true, wasi_args_get},
    {"args_sizes_get", "ii", true, wasi_args_sizes_get},
    {"environ_get", "ii", true, wasi_environ_get},
    {"environ_sizes_get", "ii", true, wasi_environ_sizes_get},
    {"clock_res_get", "ii", true, wasi_clock_res_get},
    {"clock_time_get", "iIi", true, wasi_clock_time_get},
    {"fd_advise", "iIIi", true, NULL},
    {"fd_allocate", "iII", true, NULL},
    {"fd_close", "i", true, wasi_fd_close},
    {"fd_datasync", "i", true, NULL},
    {"fd_fdstat_get", "ii", true, wasi_fd_fdstat_get},
    {"fd_fdstat_set_flags", "ii", true, NULL},
    {"fd_fdstat_set_rights", "iII", true, NULL},
    {"fd_filestat_get", "ii", true, NULL},
    {"fd_filestat_set_size", "iI", true, NULL},
    {"fd_filestat_set_times", "iIIi", true, NULL},
    {"fd_pread", "iiiIi", true, NULL},
    {"fd_prestat_get", "ii", true, wasi_fd_prestat_get},
    {"fd_prestat_dir_name", "iii", true, wasi_fd_prestat_dir_name},
    {"fd_pwrite", "iiiIi", true, NULL},
    {"fd_read", "iiii", true, wasi_fd_read},
    {"fd_readdir", "iiiIi", true, NULL},
    {"fd_renumber", "ii", true, NULL},
    {"fd_seek", "iIii", true, wasi_fd_seek},
    {"fd_sync", "i", true, NULL},
    {"fd_tell", "ii", true, NULL},
    {"fd_write", "iiii", true, wasi_fd_write},
    {"path_create_directory", "iii", true, NULL},
    {"path_filestat_get", "iiiii", true, NULL},
    {"path_filestat_set_times", "iiiiIIi", true, NULL},
    {"path_link", "iiiiiii", true, NULL},
    {"path_open", "iiiiiIIii", true, NULL},
    {"path_readlink", "iiiiii", true, NULL},
    {"path_remove_directory", "iii", true, NULL},
    {"path_rename", "iiiiii", true, NULL},
    {"path_symlink", "iiiii", true, NULL},
    {"path_unlink_file", "iii", true, NULL},
    {"poll_oneoff", "iiii", true, NULL},
    {"proc_exit", "i", false, wasi_proc_exit},
    {"proc_raise", "i", true, NULL},
    {"sched_yield", "", true, wasi_sched_yield},
    {"random_get", "ii", true, wasi_random_get},
    {"sock_accept", "iii", true, NULL},
    {"sock_recv", "iiiiii", true, NULL},
    {"sock_send", "iiiii", true, NULL},
    {"sock_shutdown", "ii", true, NULL},
};

#define TABLE_LEN (sizeof table / sizeof table[0])
_Static_assert(TABLE_LEN <= WASI_MAX_FUNCS, "raise WASI_MAX_FUNCS");

/* Longest signature in the table (path_open). */
#define MAX_PARAMS 9

/* Host-function type arrays, built once from the table's strings. Static
 * because wisp_func_new_host may keep the pointers. */
static uint8_t param_types[TABLE_LEN][MAX_PARAMS];
static const uint8_t errno_result[1] = {WISP_I32};

static bool name_is(const char *s, uint32_t len, const char *z)
{
    return strlen(z) == len && memcmp(s, z, len) == 0;
}

/* Is this a function import from wasi_snapshot_preview1? */
static bool lookup_module(const wisp_import_desc *imp)
{
    return imp->kind == WISP_EXTERN_FUNC && name_is(imp->module, imp->module_len, WASI_MODULE);
}

/* Table index of a wasi_snapshot_preview1 function import, or -1. */
static int lookup(const wisp_import_desc *imp)
{
    if (!lookup_module(imp))
        return -1;
    for (size_t i = 0; i < TABLE_LEN; i++)
        if (name_is(imp->name, imp->name_len, table[i].name))
            return (int)i;
    return -1;
}

/* The stub already made for a non-preview1 name, or NULL. */
static wasi_unknown *find_unknown(wasi_ctx *w, const wisp_import_desc *imp)
{
    for (uint32_t i = 0; i < w->nunknown; i++)
        if (w->unknown[i].name_len == imp->name_len &&
            memcmp(w->unknown[i].name, imp->name, imp->name_len) == 0)
            return &w->unknown[i];
    return NULL;
}

/* A non-preview1 name whose type gives no errno to return: calling it is
 * a trap that says which function the guest wanted. */
static wisp_err wasi_unimplemented(wisp_instance *caller, void *user, const wisp_value *args,
                                   wisp_value *results)
{
    (void)args, (void)results;
    return wisp_host_trap(caller, ((const wasi_unknown *)user)->message);
}

static wisp_err bind_unknown(wasi_ctx *w, wisp_arena *arena, const wisp_module *m,
                             uint32_t index, const wisp_import_desc *imp)
{
    if (find_unknown(w, imp) || w->nunknown == WASI_MAX_UNKNOWN)
        return WISP_OK; /* bound already, or left for wasi_resolve to report */
    const uint8_t *params, *results;
    uint32_t np, nr;
    if (wisp_module_import_func_type(m, index, &params, &np, &results, &nr) != WISP_OK)
        return WISP_OK;
    wasi_unknown *u = &w->unknown[w->nunknown];
    u->name = imp->name;
    u->name_len = imp->name_len;
    snprintf(u->message, sizeof u->message, WASI_MODULE ".%.*s is not implemented by wisp",
             (int)(imp->name_len > 60 ? 60 : imp->name_len), imp->name);
    bool errno_shaped = nr == 1 && results[0] == WISP_I32;
    /* The type arrays live in the module, which outlives the instance. */
    wisp_err e = wisp_func_new_host(arena, params, np, results, nr,
                                    errno_shaped ? wasi_enosys : wasi_unimplemented, u,
                                    u->message, &u->func);
    if (e == WISP_OK)
        w->nunknown++;
    return e;
}

void wasi_init(wasi_ctx *w, int argc, char **argv)
{
    memset(w, 0, sizeof *w);
    w->argc = argc;
    w->argv = argv;
}

wisp_err wasi_bind(wasi_ctx *w, wisp_arena *arena, const wisp_module *m)
{
    uint32_t n = wisp_module_import_count(m);
    for (uint32_t k = 0; k < n; k++) {
        wisp_import_desc imp;
        wisp_err e = wisp_module_import(m, k, &imp);
        if (e != WISP_OK)
            return e;
        if (!lookup_module(&imp))
            continue; /* not ours */
        int i = lookup(&imp);
        if (i < 0) {
            e = bind_unknown(w, arena, m, k, &imp);
            if (e != WISP_OK)
                return e;
            continue;
        }
        if (w->funcs[i])
            continue; /* imported twice: one object serves both */
        const wasi_entry *t = &table[i];
        uint32_t np = (uint32_t)strlen(t->params);
        for (uint32_t p = 0; p < np; p++)
            param_types[i][p] = t->params[p] == 'I' ? WISP_I64 : WISP_I32;
        e = wisp_func_new_host(arena, param_types[i], np, errno_result, t->returns_errno ? 1 : 0,
                               t->fn ? t->fn : wasi_enosys, w, t->name, &w->funcs[i]);
        if (e != WISP_OK)
            return e;
    }
    return WISP_OK;
}

wisp_err wasi_resolve(void *ctx, const wisp_import_desc *imp, wisp_extern *out)
{
    wasi_ctx *w = ctx;
    int i = lookup(imp);
    wasi_unknown *u = i < 0 && lookup_module(imp) ? find_unknown(w, imp) : NULL;
    wisp_func *f = i >= 0 ? w->funcs[i] : u ? u->func : NULL;
    if (f) {
        out->kind = WISP_EXTERN_FUNC;
        out->of.func = f;
        return WISP_OK;
    }
    if (!w->missing[0]) {
        static const char *const kinds[] = {"function", "table", "memory", "global"};
        const char *kind = (unsigned)imp->kind < 4 ? kinds[imp->kind] : "extern";
        snprintf(w->missing, sizeof w->missing, "%s \"%.*s\".\"%.*s\"", kind,
                 (int)(imp->module_len > 60 ? 60 : imp->module_len), imp->module,
                 (int)(imp->name_len > 60 ? 60 : imp->name_len), imp->name);
    }
    return WISP_ERR_NOT_FOUND;
}
