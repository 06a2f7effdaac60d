/* `wisp run` on a trap: the backtrace from the core's trap-time walk, and
 * the coredump through a FILE sink. */
#include "trap_report.h"
#include "wisp_coredump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backtrace_fmt.h"
#include "dwarf_line.h"
#include "inspect_module.h"

/* DWARF of the module, if it carries .debug_line. */
typedef struct dwarf_ctx {
    im_module mod;
    dwarf_sections sec;
    bool ok;
} dwarf_ctx;

static void dwarf_open(dwarf_ctx *d, const uint8_t *bytes, size_t len)
{
    size_t at;
    char err[200];
    memset(d, 0, sizeof *d);
    if (!bytes || !im_parse(bytes, len, &d->mod, &at, err, sizeof err))
        return;
    if (!im_dwarf_sections(&d->mod, &d->sec)) {
        im_free(&d->mod);
        return;
    }
    d->ok = true;
}

static void print_frame(FILE *out, wisp_instance *inst, uint32_t i, dwarf_ctx *dw,
                        const wisp_module *main_mod)
{
    wisp_frame_info fi;
    if (wisp_backtrace_frame(inst, i, &fi) != WISP_OK)
        return;
    bt_frame f;
    memset(&f, 0, sizeof f);
    f.index = i;
    if (!fi.module) {
        f.host_name = fi.host_name;
        bt_print_frame(out, &f);
        return;
    }
    f.func_index = fi.func_index;
    f.offset_kind = fi.module_offset ? BT_OFFSET_MODULE : BT_OFFSET_NONE;
    f.offset = fi.module_offset;
    wisp_module_func_name(fi.module, fi.func_index, &f.func_name, &f.func_name_len);
    const uint8_t *params, *results;
    uint32_t nresults;
    if (wisp_module_func_type(fi.module, fi.func_index, &params, &f.nparams, &results,
                              &nresults) != WISP_OK)
        f.nparams = BT_NPARAMS_UNKNOWN;
    bt_local *locals = calloc(fi.nlocals ? fi.nlocals : 1, sizeof *locals);
    if (!locals)
        return;
    for (uint32_t k = 0; k < fi.nlocals; k++) {
        wisp_type type;
        if (wisp_backtrace_local(inst, i, k, &type, &locals[k].value) == WISP_OK)
            locals[k].type = (uint8_t)type;
        if (wisp_module_local_name(fi.module, fi.func_index, k, &locals[k].name,
                                   &locals[k].name_len) == WISP_OK)
            f.locals_named = true;
    }
    f.locals = locals;
    f.nlocals = fi.nlocals;
    char file[512];
    dwarf_loc loc;
    size_t at;
    char why[200];
    if (dw->ok && fi.module == main_mod && fi.module_offset >= dw->mod.code_payload &&
        dwarf_line_lookup(&dw->sec, fi.module_offset - dw->mod.code_payload, &loc, &at, why,
                          sizeof why) == DWARF_FOUND) {
        dwarf_loc_path(&loc, file, sizeof file);
        f.file = file;
        f.file_len = (uint32_t)strlen(file);
        f.line = loc.line;
    }
    bt_print_frame(out, &f);
    if (fi.tail_called)
        fprintf(out, "      (entered by a tail call: its caller's frame was replaced)\n");
    free(locals);
}

void trap_report_backtrace(FILE *out, wisp_instance *inst, const char *message,
                           const uint8_t *bytes, size_t len, uint32_t max_frames)
{
    bt_print_trap(out, message);
    uint32_t n = wisp_backtrace_count(inst);
    if (!n)
        return;
    dwarf_ctx dw;
    dwarf_open(&dw, bytes, len);
    const wisp_module *main_mod = wisp_instance_module(inst);
    /* keep the innermost frames and a few outermost ones */
    uint32_t keep_outer = max_frames >= 8 ? max_frames / 4 : 0;
    uint32_t keep_inner = max_frames - keep_outer;
    for (uint32_t i = 0; i < n; i++) {
        if (n > max_frames && i == keep_inner) {
            fprintf(out, "  ... %u frames elided ...\n", n - keep_inner - keep_outer);
            i = n - keep_outer;
            if (i >= n)
                break;
        }
        print_frame(out, inst, i, &dw, main_mod);
    }
    if (dw.ok)
        im_free(&dw.mod);
}

static wisp_err file_write(void *ctx, const uint8_t *bytes, size_t len)
{
    return fwrite(bytes, 1, len, ctx) == len ? WISP_OK : WISP_ERR_ARG;
}

int trap_report_coredump(const char *path, wisp_instance *inst, const char *executable)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "wisp: cannot write coredump %s: %s\n", path, strerror(errno));
        return -1;
    }
    wisp_sink sink = {file_write, f};
    wisp_coredump_options opt;
    memset(&opt, 0, sizeof opt);
    opt.executable_name = executable;
    opt.thread_name = "main";
    opt.format = WISP_COREDUMP_STANDARD;
    wisp_err e = wisp_coredump_write(inst, &opt, &sink);
    if (fclose(f) != 0 && e == WISP_OK)
        e = WISP_ERR_ARG;
    if (e != WISP_OK) {
        fprintf(stderr, "wisp: writing coredump %s failed: %s\n", path, wisp_err_str(e));
        remove(path);
        return -1;
    }
    fprintf(stderr, "coredump saved: %s\n", path);
    return 0;
}
