/* The disassembler on code it must refuse, not crash on: an instruction
 * running past the function's code_len (a short code, a BR_TABLE with a
 * huge count), an unknown opcode word, an import, an index out of range;
 * and on good code the counts it reports. The code is tampered with
 * through the module's internal struct (wisp_int.h). */
#include <string.h>

#include "../lib/check.h"
#include "opcodes.h"
#include "wisp_disasm.h"
#include "wisp_int.h"

/* (import "m" "f" (func)) (func (result i32) i32.const 1 i32.const 2 i32.add) */
static const uint8_t wasm[] = {
    0, 'a', 's', 'm', 1, 0, 0, 0,
    1, 8, 2, 0x60, 0, 0, 0x60, 0, 1, 0x7f,       /* types: () -> (), () -> i32 */
    2, 7, 1, 1, 'm', 1, 'f', 0, 0,               /* import m.f: type 0 */
    3, 2, 1, 1,                                  /* func 1: type 1 */
    10, 9, 1, 7, 0, 0x41, 1, 0x41, 2, 0x6a, 0x0b /* code */
};

static char last[256];
static int nlines;

static void keep(void *ctx, const char *line)
{
    (void)ctx;
    nlines++;
    strncpy(last, line, sizeof last - 1);
}

static wisp_err dis(const wisp_module *m, uint32_t f, wisp_disasm_stats *st)
{
    nlines = 0;
    last[0] = 0;
    return wisp_func_disasm(m, f, keep, NULL, st);
}

int main(void)
{
    static uint8_t mem[1 << 20];
    wisp_arena arena;
    wisp_module *m;
    wisp_arena_init(&arena, mem, sizeof mem);
    wisp_err e = wisp_module_load(&arena, wasm, sizeof wasm, &m);
    CHECK(e == WISP_OK, "load: %s", wisp_arena_error(&arena));
    if (e)
        return CHECK_SUMMARY();
    wisp_disasm_stats st;
    CHECK(dis(m, 1, &st) == WISP_OK, "good code: %s", last);
    CHECK(st.words == m->funcs[1].code_len && st.instructions == (uint32_t)nlines && nlines >= 1,
          "counts: %u words %u instructions %d lines", st.words, st.instructions, nlines);
    CHECK(dis(m, 0, NULL) == WISP_ERR_ARG && nlines == 0, "an import is refused");
    CHECK(dis(m, 2, NULL) == WISP_ERR_ARG && nlines == 0, "an index out of range is refused");

    /* the same code two words short (the last word is RETURN's, the one
     * before an operand): its last but one instruction runs past the end */
    wisp_funcdef *d = &m->funcs[1];
    const uint32_t len = d->code_len;
    d->code_len = len - 2;
    CHECK(dis(m, 1, NULL) == WISP_ERR_INVALID && strstr(last, "past the end"), "short: %s", last);
    d->code_len = len;

    /* hand-made code: unknown opcode word, a BR_TABLE whose targets would
     * run far past the end, an I32_ADD cut short */
    const void *const *h = wisp_handlers();
    uint32_t code[4] = {0xfffffff0u, 0, 0, 0};
    const uint32_t *saved = d->code;
    d->code = code;
    d->code_len = 4;
    CHECK(dis(m, 1, NULL) == WISP_ERR_INVALID && strstr(last, "unknown opcode"), "unknown: %s", last);
    code[0] = wisp_op_word(h, OP_BR_TABLE);
    code[1] = 0;
    code[2] = 0xffffffffu;
    CHECK(dis(m, 1, NULL) == WISP_ERR_INVALID && strstr(last, "past the end"), "br_table: %s", last);
    code[0] = wisp_op_word(h, OP_RETURN);
    code[1] = wisp_op_word(h, OP_I32_ADD);
    d->code_len = 3;
    CHECK(dis(m, 1, NULL) == WISP_ERR_INVALID && nlines == 2 && strstr(last, "I32_ADD ??"),
          "cut: %s", last);
    d->code = saved;
    d->code_len = len;
    return CHECK_SUMMARY();
}
