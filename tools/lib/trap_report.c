/* `wisp run` on a trap: the backtrace from the core's trap-time walk, and
 * the coredump through a FILE sink. */
#include "trap_report.h"
#include "wisp_coredump.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bt_file.h"
#include "dwarf_line.h"
#include "inspect_module.h"

/* DWARF of the module, if it carries .debug_line. */
typedef struct dwarf_ctx {
    im_module mod;
    dwarf_sections sec;
    bool ok;
    const wisp_module *main_mod; /* the module the DWARF describes */
    char file[512];              /* the last path looked up */
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

/* FILE:LINE of a frame in the main module, from its .debug_line. */
static bool dwarf_locate(void *ctx, const wisp_frame_info *fi, const char **file,
                         uint32_t *file_len, uint32_t *line)
{
    dwarf_ctx *d = ctx;
    dwarf_loc loc;
    size_t at;
    char why[200];
    if (!d->ok || fi->module != d->main_mod || fi->module_offset < d->mod.code_payload ||
        dwarf_line_lookup(&d->sec, fi->module_offset - d->mod.code_payload, &loc, &at, why,
                          sizeof why) != DWARF_FOUND)
        return false;
    dwarf_loc_path(&loc, d->file, sizeof d->file);
    *file = d->file;
    *file_len = (uint32_t)strlen(d->file);
    *line = loc.line;
    return true;
}

void trap_report_backtrace(FILE *out, wisp_instance *inst, const char *message,
                           const uint8_t *bytes, size_t len, uint32_t max_frames)
{
    dwarf_ctx dw;
    dwarf_open(&dw, bytes, len);
    dw.main_mod = wisp_instance_module(inst);
    bt_writer w = bt_file_writer(out);
    bt_write_backtrace(&w, inst, message, max_frames, dwarf_locate, &dw);
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
