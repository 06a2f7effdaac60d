/* The WASI preview1 functions the CLI really implements (wasi_calls.c).
 * wasi.c binds them by name; anything not listed here gets wasi_enosys.
 * `user` is the wasi_ctx; each returns a WASI errno in results[0]. */
#ifndef WISP_TOOLS_WASI_CALLS_H
#define WISP_TOOLS_WASI_CALLS_H

#include "wisp.h"

#define WASI_CALL(name) \
    wisp_err name(wisp_instance *caller, void *user, const wisp_value *args, wisp_value *results)

WASI_CALL(wasi_args_get);
WASI_CALL(wasi_args_sizes_get);
WASI_CALL(wasi_environ_get);
WASI_CALL(wasi_environ_sizes_get);
WASI_CALL(wasi_fd_write);
WASI_CALL(wasi_fd_read);
WASI_CALL(wasi_fd_close);
WASI_CALL(wasi_fd_seek);
WASI_CALL(wasi_fd_fdstat_get);
WASI_CALL(wasi_fd_prestat_get);
WASI_CALL(wasi_fd_prestat_dir_name);
WASI_CALL(wasi_clock_time_get);
WASI_CALL(wasi_clock_res_get);
WASI_CALL(wasi_random_get);
WASI_CALL(wasi_proc_exit);
WASI_CALL(wasi_sched_yield);
WASI_CALL(wasi_enosys);

#endif
