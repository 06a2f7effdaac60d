/* The backtrace text on the host; see bt_file.h. */
#include "bt_file.h"

#include <stdlib.h>
#include <string.h>

static void file_write(void *ctx, const char *s, size_t len)
{
    fwrite(s, 1, len, ctx);
}

bt_writer bt_file_writer(FILE *out)
{
    bt_writer w = {file_write, out};
    return w;
}

void bt_print_frame(FILE *out, const bt_frame *f)
{
    bt_writer w = bt_file_writer(out);
    bt_frame_line(&w, f);
    fputc('\n', out);
}

void bt_print_trap(FILE *out, const char *message, size_t len)
{
    bt_writer w = bt_file_writer(out);
    bt_trap_line(&w, message, len);
    fputc('\n', out);
}

void bt_print_name(FILE *out, const char *name, size_t len)
{
    bt_writer w = bt_file_writer(out);
    bt_name(&w, name, len);
}

char *bt_frame_text(const bt_frame *f)
{
    bt_buffer b;
    bt_writer w = bt_buffer_writer(&b, NULL, 0);
    bt_frame_line(&w, f);
    char *s = malloc(b.pos + 1);
    if (s) {
        w = bt_buffer_writer(&b, s, b.pos + 1);
        bt_frame_line(&w, f);
    }
    return s;
}

void bt_source_frame(bt_frame *f, const sym_frame *src)
{
    if (src->inlined) {
        f->func_name = src->name;
        f->func_name_len = src->name ? (uint32_t)strlen(src->name) : 0;
    }
    if (src->file) {
        f->file = src->file;
        f->file_len = (uint32_t)strlen(src->file);
        f->line = src->line;
        f->column = src->column;
    }
    f->vars = NULL;
    f->nvars = 0;
    f->vars_incomplete = false;
    f->has_vars = src->has_vars;
    if (!src->has_vars || !src->nvars)
        return;
    bt_var *v = malloc(src->nvars * sizeof *v);
    if (!v) {
        f->has_vars = false;
        return;
    }
    for (uint32_t k = 0; k < src->nvars; k++) {
        v[k].name = src->vars[k].name;
        v[k].value = src->vars[k].value;
        if (v[k].value[0] == '?' || !strcmp(v[k].value, "<optimized out>"))
            f->vars_incomplete = true;
    }
    f->vars = v;
    f->nvars = src->nvars;
}
