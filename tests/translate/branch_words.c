/* Every instruction that branches keeps its target word last and at most
 * 7 words in: translate.c's pending branches (FIX) carry where the word
 * sits in its instruction in 3 bits, and the interpreter's JUMP(k) adds
 * ip[k] to the instruction's first word. An op that broke this would jump
 * wrong only where it runs; this fails at once. (A br_table's targets
 * follow its operands and count from their own words: its last operand is
 * the count n.) */
#include <string.h>

#include "../lib/check.h"
#include "opcodes.h"
#include "opinfo.h"
#include "opkinds.h"
#include "wisp_int.h"

int main(void)
{
    int branches = 0;
    for (uint32_t op = 0; op < OP__COUNT; op++) {
        const char *fmt = wisp_op_fmt(op);
        const char *t = strchr(fmt, 'T');
        if (wisp_op_is_table(op)) {
            const size_t n = strlen(fmt);
            CHECK(!t && n > 0 && fmt[n - 1] == 'u' && n == wisp_op_args[op],
                  "op %u: a table's operands end with its count (\"%s\")", (unsigned)op, fmt);
            continue;
        }
        if (!t)
            continue;
        branches++;
        const size_t k = (size_t)(t - fmt) + 1; /* the target's word */
        CHECK(t[1] == 0, "op %u: the target is not the last operand (\"%s\")", (unsigned)op, fmt);
        CHECK(k <= 7, "op %u: the target is word %zu, past FIX's 7 (\"%s\")", (unsigned)op, k, fmt);
        CHECK(k == wisp_op_args[op], "op %u: \"%s\" is not its %u operand words", (unsigned)op,
              fmt, (unsigned)wisp_op_args[op]);
    }
    /* BR, BR_IF, BR_UNLESS, the compares and adds, the COPY*_BR forms... */
    CHECK(branches >= 40, "only %d branching ops found: the formats changed?", branches);
    return CHECK_SUMMARY();
}
