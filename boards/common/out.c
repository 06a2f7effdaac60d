/* Serial text output for the board firmware; see out.h. */
#include "out.h"

#include <string.h>

#include "board.h"

static void write_board(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    board_write(s, len);
}

const bt_writer out_writer = {write_board, NULL};

void out_mem(const char *s, size_t len) { bt_put(&out_writer, s, len); }
void out_str(const char *s) { bt_str(&out_writer, s); }
void out_char(char c) { bt_put(&out_writer, &c, 1); }
void out_u64(uint64_t v) { bt_u64(&out_writer, v); }
void out_i64(int64_t v) { bt_i64(&out_writer, v); }
void out_hex(uint32_t v) { bt_hex(&out_writer, v); }
void out_name(const char *name, size_t len) { bt_name(&out_writer, name, len); }
void out_value(uint8_t type, wisp_value v) { bt_value(&out_writer, type, v); }

void out_backtrace(wisp_instance *inst, uint32_t max_frames)
{
    wisp_trap_info t;
    wisp_instance_trap(inst, &t);
    bt_write_backtrace(&out_writer, inst, t.message ? t.message : "", max_frames, NULL, NULL);
}

void out_slot_stored(const wisp_slot_info *info)
{
    out_str("coredump ");
    out_u64(info->length);
    out_str(" bytes -> serial, flash slot #");
    out_u64(info->seq);
    out_str(" at ");
    out_hex(info->data_offset);
    out_char('\n');
}
