/* `wisp run --dump-code FUNC`: print the internal code of functions. */
#ifndef WISP_TOOLS_DUMP_CODE_H
#define WISP_TOOLS_DUMP_CODE_H

#include "wisp.h"

/* FUNC: an export name, a name-section name, a function index, or "all"
 * (every defined function, each under a header line). Returns the exit
 * status: 0, or 1 (a message on stderr) for an unknown FUNC, an import or
 * code the disassembler cannot read. */
int dump_code(const wisp_module *m, const char *path, const char *func);

#endif
