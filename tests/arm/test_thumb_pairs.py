#!/usr/bin/env python3
"""core/thumb_pairs.py on hand-written gcc output: two loads of words next
to each other through the code pointer (proved word-aligned by the
handler's dispatch through it) or sp become one `ldrd`, unless a store,
a write of the base or a use of the second register stands between, or
the base is not proved aligned; a 64-bit slot's two
loads become one `ldrd` at the address's add (the low word's load before
the add, after it through the same register offset, or through the add's
register), its two stores one `strd` at the high word's; and what must stay
as gcc wrote it: a store between two loads, any memory access between two
stores, the low load's register named before the add or the high load's
after it, the address's registers changed between, the low store's
register written between, a label, a branch, an IT block or an instruction
the pass does not know between, one register for both words, writeback,
the high word through another register than the add's, an offset other
than 4, a window longer than eight instructions.
The rewritten code of a whole interp.c runs in every Thumb-2 board test
(tests/boards/runner.wat's i64ops against Python's integers).
Usage: test_thumb_pairs.py (no arguments; python3 only)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core"))
import thumb_pairs  # noqa: E402

failures = 0


def case(what, src, want):
    """want: the instructions after the rewrite (tabs and the pass's
    comments aside), or None for untouched."""
    global failures
    lines = [l + "\n" for l in src.strip("\n").split("\n")]
    out, done = thumb_pairs.pair(lines)
    got = [" ".join(l.split("@")[0].split()) for l in out]
    if want is None:
        ok = done == 0 and out == lines
    else:
        ok = got == [" ".join(l.split()) for l in want.strip("\n").split("\n")] and done >= 1
    if ok:
        print(f"ok   {what}")
    else:
        failures += 1
        print(f"FAIL {what}: {done} rewritten\n" + "".join(out))


# an i64 add's operands as gcc -O2 writes them for Cortex-M3
case("two loads, the low one before the add", """
\tldr.w\tr3, [fp, r1, lsl #3]
\tadd.w\tr1, fp, r1, lsl #3
\tldr\tr1, [r1, #4]
""", """
add.w r1, fp, r1, lsl #3
ldrd r3, r1, [r1]
""")
case("both operands interleaved", """
\tldrd\tr1, r2, [sl, #8]
\tldr.w\tr3, [fp, r1, lsl #3]
\tldr.w\tr0, [fp, r2, lsl #3]
\tadd.w\tr1, fp, r1, lsl #3
\tadd.w\tr2, fp, r2, lsl #3
\tldr\tr2, [r2, #4]
\tldr\tr1, [r1, #4]
\tadds\tr3, r3, r0
""", """
ldrd r1, r2, [sl, #8]
add.w r1, fp, r1, lsl #3
ldrd r3, r1, [r1]
add.w r2, fp, r2, lsl #3
ldrd r0, r2, [r2]
adds r3, r3, r0
""")
case("the low load after the add, through the same register offset", """
\tadd.w\tr0, fp, r2, lsl #3
\tldr.w\tr1, [fp, r2, lsl #3]
\tldr\tr2, [r0, #4]
""", """
add.w r0, fp, r2, lsl #3
ldrd r1, r2, [r0]
""")
case("the low load through the add's register", """
\tadd\tr2, fp, r3, lsl #3
\tldr\tr0, [r2]
\tmovs\tr1, #0
\tldr\tr3, [r2, #4]
""", """
add r2, fp, r3, lsl #3
ldrd r0, r3, [r2]
movs r1, #0
""")
case("two stores (an i64 result)", """
\tldr.w\tr2, [sl, #4]
\tstr.w\tr3, [fp, r2, lsl #3]
\tadd.w\tr2, fp, r2, lsl #3
\tstr\tr1, [r2, #4]
""", """
ldr.w r2, [sl, #4]
add.w r2, fp, r2, lsl #3
strd r3, r1, [r2]
""")
case("two stores through the add's register", """
\tadd\tr3, fp, r3, lsl #3
\tstr\tr0, [r3]
\teors\tr1, r1, r2
\tstr\tr1, [r3, #4]
""", """
add r3, fp, r3, lsl #3
eors r1, r1, r2
strd r0, r1, [r3]
""")
case("debug labels and .loc between", """
\tldr.w\tr3, [fp, r1, lsl #3]
.LVL7:
\t.loc 1 900 5 view .LVU9
\tadd.w\tr1, fp, r1, lsl #3
\tldr\tr1, [r1, #4]
""", """
.LVL7:
.loc 1 900 5 view .LVU9
add.w r1, fp, r1, lsl #3
ldrd r3, r1, [r1]
""")
case("a register by either of its names (fp is r11, ip r12)", """
\tldr.w\tr3, [fp, r1, lsl #3]
\tadd.w\tr1, r11, r1, lsl #3
\tldr\tip, [r1, #4]
""", """
add.w r1, r11, r1, lsl #3
ldrd r3, r12, [r1]
""")

# refusals
LOADS = "\tldr.w\tr3, [fp, r1, lsl #3]\n{0}\tadd.w\tr1, fp, r1, lsl #3\n{1}\tldr\tr2, [r1, #4]\n"
STORES = "\tstr.w\tr3, [fp, r1, lsl #3]\n{0}\tadd.w\tr1, fp, r1, lsl #3\n{1}\tstr\tr2, [r1, #4]\n"
for what, src in [
        ("a store between the loads (it may be to the same slot)",
         LOADS.format("\tstr\tr0, [r4]\n", "")),
        ("a store between the add and the high load", LOADS.format("", "\tstr\tr0, [sp, #4]\n")),
        ("the low load's register read before the add", LOADS.format("\tadds\tr0, r3, #1\n", "")),
        ("the low load's register written before the add", LOADS.format("\tmovs\tr3, #1\n", "")),
        ("the high load's register read after the add", LOADS.format("", "\tmov\tr0, r2\n")),
        ("the high load's register read after the add by another name",
         "\tldr.w\tr3, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tmov\tr0, r12\n"
         "\tldr\tip, [r1, #4]\n"),
        ("the offset register written between", LOADS.format("\tmovs\tr1, #8\n", "")),
        ("the base written between", LOADS.format("\tmov\tfp, r5\n", "")),
        ("the address register written after the add", LOADS.format("", "\tadds\tr1, r1, #8\n")),
        ("a label between", LOADS.format(".L12:\n", "")),
        ("a branch between", LOADS.format("\tbl\twisp_f\n", "")),
        ("an IT block between", LOADS.format("\tit\teq\n\tmoveq\tr0, #1\n", "")),
        ("an instruction the pass does not know", LOADS.format("\tvmov\ts0, r0\n", "")),
        ("writeback in between", LOADS.format("\tldr\tr0, [r4], #4\n", "")),
        ("too far apart", LOADS.format("\tmovs\tr0, #1\n" * 9, "")),
        ("a load between two stores", STORES.format("\tldr\tr0, [r4]\n", "")),
        ("a load from the stack between two stores", STORES.format("", "\tldr\tr0, [sp]\n")),
        ("the low store's register written between", STORES.format("", "\tasrs\tr3, r3, #31\n")),
        ("the low store's register written by the add",
         "\tstr.w\tr1, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tstr\tr2, [r1, #4]\n"),
        ("one register for both words",
         "\tldr.w\tr2, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tldr\tr2, [r1, #4]\n"),
        ("the low load overwrote the offset register",
         "\tldr.w\tr1, [fp, r1, lsl #3]\n\tadd.w\tr0, fp, r1, lsl #3\n\tldr\tr2, [r0, #4]\n"),
        ("another slot (another offset register)",
         "\tldr.w\tr3, [fp, r4, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tldr\tr2, [r1, #4]\n"),
        ("scaled by 4, not 8 (not 8-byte cells)",
         "\tldr.w\tr3, [fp, r1, lsl #2]\n\tadd.w\tr1, fp, r1, lsl #2\n\tldr\tr2, [r1, #4]\n"),
        ("the high word at offset 8",
         "\tldr.w\tr3, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tldr\tr2, [r1, #8]\n"),
        ("the high word with writeback",
         "\tldr.w\tr3, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tldr\tr2, [r1, #4]!\n"),
        ("a low load into sp",
         "\tldr.w\tsp, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n\tldr\tr2, [r1, #4]\n"),
        ("a load and a store", "\tldr.w\tr3, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n"
                               "\tstr\tr2, [r1, #4]\n"),
        ("a conditional high load", "\tldr.w\tr3, [fp, r1, lsl #3]\n\tadd.w\tr1, fp, r1, lsl #3\n"
                                    "\tit\tne\n\tldrne\tr2, [r1, #4]\n")]:
    case("refused: " + what, src, None)

# two words next to each other: the handler's operand words, through the
# code pointer its dispatch proves word-aligned, or the stack
case("two code words", """
\tldr.w\tr1, [r10, #8]
\tadd.w\tr3, fp, r4, lsl #3
\tldr.w\tr2, [r10, #12]
\tstr\tr1, [r3]
\tldr\tpc, [r10, #16]!
""", """
ldrd r1, r2, [r10, #8]
add.w r3, fp, r4, lsl #3
str r1, [r3]
ldr pc, [r10, #16]!
""")
case("two code words, the higher first; a branch and a label before the dispatch", """
\tldr\tr3, [r10, #12]
\tldr\tr2, [r10, #8]
\tcmp\tr3, r2
\tbhi\t.L9
.L4:
\tldr\tpc, [r10, #16]!
""", """
ldrd r2, r3, [r10, #8]
cmp r3, r2
bhi .L9
.L4:
ldr pc, [r10, #16]!
""")
case("two code words, a taken branch's ip step (a multiple of 4) before the dispatch", """
\tldr.w\tr3, [r10, #8]
\tldr.w\tr2, [r10, #12]
\tcmp\tr2, r3
\tbeq.w\t.L30
\tldr.w\tr3, [r10, #20]
\tsubs\tr9, r9, #1
\tadd.w\tr10, r10, r3, lsl #2
\tbmi.w\t.L31
\tldr\tpc, [r10]
""", """
ldrd r3, r2, [r10, #8]
cmp r2, r3
beq.w .L30
ldr.w r3, [r10, #20]
subs r9, r9, #1
add.w r10, r10, r3, lsl #2
bmi.w .L31
ldr pc, [r10]
""")
case("one register for both words: the first goes to its use's result register", """
\tldr.w\tr3, [r10, #8]
\tldr.w\tr5, [fp, r3, lsl #3]
\tldr.w\tr3, [r10, #12]
\tldr.w\tr3, [fp, r3, lsl #3]
\torrs\tr5, r3
\tldr\tpc, [r10, #16]!
""", """
ldrd r5, r3, [r10, #8]
ldr.w r5, [r11, r5, lsl #3]
ldr.w r3, [fp, r3, lsl #3]
orrs r5, r3
ldr pc, [r10, #16]!
""")
case("two stack words", """
\tldr\tr0, [sp, #4]
\tmovs\tr2, #1
\tldr\tr1, [sp, #8]
""", """
ldrd r0, r1, [sp, #4]
movs r2, #1
""")
WORDS = "\tldr\tr1, [r10, #8]\n{0}\tldr\tr2, [r10, #12]\n{1}\tldr\tpc, [r10, #16]!\n"
for what, src in [
        ("words of a pointer no dispatch goes through (guest memory: any alignment)",
         "\tldr\tr1, [r4, #8]\n\tldr\tr2, [r4, #12]\n\tldr\tpc, [r10, #16]!\n"),
        ("the base written before the dispatch", WORDS.format("", "\tadds\tr10, r10, #2\n")),
        ("the base stepped by a register unscaled", WORDS.format("", "\tadd\tr10, r10, r3\n")),
        ("a dispatch at an offset not a multiple of 4 (proves nothing of the base)",
         "\tldr\tr1, [r10, #8]\n\tldr\tr2, [r10, #12]\n\tldr\tpc, [r10, #2]\n"),
        ("the base written between the loads", WORDS.format("\tmov\tr10, r4\n", "")),
        ("a store between the loads", WORDS.format("\tstr\tr0, [r3]\n", "")),
        ("the second load's register read between", WORDS.format("\tmov\tr0, r2\n", "")),
        ("an unconditional branch before the dispatch", WORDS.format("", "\tb\t.L7\n")),
        ("a call before the dispatch", WORDS.format("", "\tbl\twisp_f\n")),
        ("one register for both words", "\tldr\tr1, [r10, #8]\n\tldr\tr1, [r10, #12]\n"
                                          "\tldr\tpc, [r10, #16]!\n"),
        ("the first load writes the base", "\tldr\tr10, [r10, #8]\n\tldr\tr2, [r10, #12]\n"
                                            "\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, read twice before the second",
         "\tldr\tr3, [r10, #8]\n\tldr\tr5, [fp, r3, lsl #3]\n\tadds\tr0, r3, #1\n"
         "\tldr\tr3, [r10, #12]\n\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, its use reading its own result register",
         "\tldr\tr3, [r10, #8]\n\tadds\tr5, r5, r3\n\tldr\tr3, [r10, #12]\n"
         "\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, the use's result register named before it",
         "\tldr\tr3, [r10, #8]\n\tmov\tr0, r5\n\tldr\tr5, [fp, r3, lsl #3]\n"
         "\tldr\tr3, [r10, #12]\n\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, its use a two-operand form (r5 += r3 reads r5)",
         "\tldr\tr3, [r10, #8]\n\tadds\tr5, r3\n\tldr\tr3, [r10, #12]\n"
         "\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, its use a bit-field insert (reads its destination)",
         "\tldr\tr3, [r10, #8]\n\tbfi\tr5, r3, #0, #8\n\tldr\tr3, [r10, #12]\n"
         "\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, its use a store",
         "\tldr\tr3, [r10, #8]\n\tstr\tr3, [sp]\n\tldr\tr3, [r10, #12]\n"
         "\tldr\tpc, [r10, #16]!\n"),
        ("one register for both, its use writing two registers",
         "\tldr\tr3, [r10, #8]\n\tumull\tr0, r1, r3, r2\n\tldr\tr3, [r10, #12]\n"
         "\tldr\tpc, [r10, #16]!\n"),
        ("words 8 bytes apart", "\tldr\tr1, [r10, #8]\n\tldr\tr2, [r10, #16]\n"
                                "\tldr\tpc, [r10, #16]!\n")]:
    case("refused: " + what, src, None)

print(f"{failures} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
