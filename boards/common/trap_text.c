/* The trap report on the serial line; see trap_text.h. Mirrors
 * tools/trap_report.c + tools/backtrace_fmt.c without stdio or malloc. */
#include "trap_text.h"

#include <stdbool.h>
#include <string.h>

#include "out.h"

static void frame_line(wisp_instance *inst, uint32_t i)
{
    wisp_frame_info fi;
    if (wisp_backtrace_frame(inst, i, &fi) != WISP_OK)
        return;
    out_str("  #");
    out_u64(i);
    out_char(' ');
    if (!fi.module) {
        out_str("host ");
        out_name(fi.host_name ? fi.host_name : "", fi.host_name ? strlen(fi.host_name) : 0);
        out_char('\n');
        return;
    }
    if (fi.module_offset) {
        out_hex(fi.module_offset);
        out_char(' ');
    }
    const char *name;
    uint32_t len;
    bool named = wisp_module_func_name(fi.module, fi.func_index, &name, &len) == WISP_OK;
    if (named) {
        out_name(name, len);
        out_str(" (");
    }
    out_str("wasm-function[");
    out_u64(fi.func_index);
    out_char(']');
    if (named)
        out_char(')');

    /* Locals shown: the parameters and every named local; when the
     * parameter count is unknown, all of them if none has a name. */
    const uint8_t *params, *results;
    uint32_t nparams, nresults;
    bool nparams_known = wisp_module_func_type(fi.module, fi.func_index, &params, &nparams,
                                               &results, &nresults) == WISP_OK;
    bool any_named = false;
    if (!nparams_known) {
        for (uint32_t k = 0; k < fi.nlocals && !any_named; k++)
            any_named = wisp_module_local_name(fi.module, fi.func_index, k, &name, &len) ==
                        WISP_OK;
    }
    for (uint32_t k = 0; k < fi.nlocals; k++) {
        bool has_name = wisp_module_local_name(fi.module, fi.func_index, k, &name, &len) ==
                        WISP_OK;
        bool shown = has_name || (nparams_known ? k < nparams : !any_named);
        if (!shown)
            continue;
        out_char(' ');
        if (has_name) {
            out_name(name, len);
        } else {
            out_char('$');
            out_u64(k);
        }
        out_char('=');
        wisp_type type;
        wisp_value v;
        if (wisp_backtrace_local(inst, i, k, &type, &v) == WISP_OK)
            out_value((uint8_t)type, v);
        else
            out_char('?');
    }
    out_char('\n');
    if (fi.tail_called)
        out_str("      (entered by a tail call: its caller's frame was replaced)\n");
}

void trap_text(wisp_instance *inst, uint32_t max_frames)
{
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    out_str("trap: ");
    out_name(t.message ? t.message : "", t.message ? strlen(t.message) : 0);
    out_char('\n');
    uint32_t n = wisp_backtrace_count(inst);
    uint32_t keep_outer = max_frames >= 8 ? max_frames / 4 : 0;
    uint32_t keep_inner = max_frames - keep_outer;
    for (uint32_t i = 0; i < n; i++) {
        if (n > max_frames && i == keep_inner) {
            out_str("  ... ");
            out_u64(n - keep_inner - keep_outer);
            out_str(" frames elided ...\n");
            i = n - keep_outer;
            if (i >= n)
                break;
        }
        frame_line(inst, i);
    }
}
