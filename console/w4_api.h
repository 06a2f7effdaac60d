/* The WASM-4 API's host functions (w4_api.c), for w4.c's import
 * resolver. */
#ifndef WISP_CONSOLE_W4_API_H
#define WISP_CONSOLE_W4_API_H

#include "wisp_console.h"

/* A host function for the API function `name` (from "env"), made in the
 * arena, or WISP_ERR_NOT_FOUND for a name the API does not have. The cart
 * declared it with params/results (i32s expected): when that is not the
 * API's type it is bound anyway, as the reference runtime does, with the
 * parameters it lacks read as 0 and a result it lacks dropped or made 0;
 * WISP_ERR_UNLINKABLE for a declaration with other value types. */
wisp_err w4_api_func(wisp_w4 *con, wisp_arena *arena, const char *name, uint32_t name_len,
                     const uint8_t *params, uint32_t nparams, const uint8_t *results,
                     uint32_t nresults, wisp_func **out);

#endif
