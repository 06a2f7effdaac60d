/* The backtrace text on the host; see bt_file.h. */
#include "bt_file.h"

#include <stdlib.h>

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
