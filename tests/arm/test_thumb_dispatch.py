#!/usr/bin/env python3
"""core/thumb_dispatch.py's rewrite on hand-written gcc output: what becomes
`ldr pc` or `mov pc` and, as much, what must stay a load of its own (a
label inside the sequence, a conditional form, writeback into the loaded
register, a base of pc, an offset too large for writeback) or as gcc wrote
it (another register in the orr or bx, an instruction between them that
names the register, branches or is an IT block, a label between), and at
-Os a load and a branch to the shared dispatch as one `ldr pc`, unless
anything but that exact pair leads there; a load that moves down to its
branch past moves and stores through sp, and stays where it is when an
instruction between writes its base (or reads it, when the load writes it
back), is not a move, load or store, writes its own base back or stores
elsewhere than through sp.
The rewritten code of a whole interp.c runs in every Thumb-2 board test.
Usage: test_thumb_dispatch.py (no arguments; python3 only)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core"))
import thumb_dispatch  # noqa: E402

failures = 0


def case(what, src, want_done, want_text=None):
    """want_done sites rewritten, want_text in the result; want_done
    "mov pc": the load stays as it was, only its orr/bx become `mov pc`."""
    global failures
    lines = [l + "\n" for l in src.strip("\n").split("\n")]
    out, done, left = thumb_dispatch.rewrite(lines)
    text = "".join(out)
    if want_done == "mov pc":
        kept = [l for l in lines if not l.lstrip().startswith(("orr", "bx"))]
        ok = done == 1 and "ldr\tpc" not in text and \
            [l for l in out if "mov\tpc" not in l] == kept and text.rstrip().endswith(
                "was orr #1/bx r3")
    else:
        ok = done == want_done and (want_text is None or want_text in text)
    if want_done == 0:
        ok = ok and text == "".join(lines)  # untouched, byte for byte
    if not ok:
        failures += 1
        print(f"FAIL {what}: {done} rewritten (want {want_done})\n{text}")
    else:
        print(f"ok   {what}")


case("pre-indexed load", """
\tldr\tr3, [r10, #16]!
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\tldr\tpc, [r10, #16]!")
case("plain load", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\tldr\tpc, [r10]")
case("register offset, base = the loaded register (no writeback)", """
\tldr\tr3, [r3, r2, lsl #2]
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\tldr\tpc, [r3, r2, lsl #2]")
case("load, then ip stepped: one pre-indexed load", """
\tldr\tr3, [r10, #24]
\tadd\tr10, r10, #24
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\tldr\tpc, [r10, #24]!")
case(".loc directives between are kept", """
\tldr\tr3, [r10, #12]!
\t.loc 1 600 5 view .LVU1
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\t.loc 1 600 5 view .LVU1\n\tldr\tpc, [r10, #12]!")
case("a label between: another path enters at the orr (only orr/bx become mov pc)", """
\tldr\tr3, [r10, #12]!
.L42:
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\tldr\tr3, [r10, #12]!\n.L42:\n\tmov\tpc, r3")
case("conditional forms (an IT block)", """
\tit\tne
\tldrne\tr3, [r10, #12]!
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("writeback into the loaded register", """
\tldr\tr3, [r3, #4]!
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("pc-relative base", """
\tldr\tr3, [pc, #8]
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("orr of another register", """
\tldr\tr3, [r10]
\torr\tr3, r2, #1
\tbx\tr3
""", 0)
case("bx of another register", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tbx\tr2
""", 0)
case("instructions between the orr and the bx that leave its register alone "
     "(a store not through sp keeps the load where it is)", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tmov\tr8, r2
\t.cfi_remember_state
\tstr\tr0, [r5, #20]
\tbx\tr3
""", 1, "\tldr\tr3, [r10]\n\tmov\tr8, r2\n\t.cfi_remember_state\n\tstr\tr0, [r5, #20]\n\tmov\tpc, r3")
case("a call's entry as gcc writes it, debug block labels between: the load "
     "moves down to the branch", """
\tldr\tr3, [r10]
\tmov\tfp, r4
\torr\tr3, r3, #1
.LBB6846:
.LBB6844:
\t.loc 1 328 17 is_stmt 0 view .LVU8381
\tstr\tr0, [sp, #20]
\tbx\tr3
""", 1, "\tmov\tfp, r4\n.LBB6846:\n.LBB6844:\n\t.loc 1 328 17 is_stmt 0 view .LVU8381\n"
        "\tstr\tr0, [sp, #20]\n\tldr\tpc, [r10]\t@")
case("a load with writeback moves past a move that leaves its base alone", """
\tldr\tr3, [r10, #16]!
\tmov\tr7, r6
\torr\tr3, r3, #1
\tbx\tr3
""", 1, "\tmov\tr7, r6\n\tldr\tpc, [r10, #16]!\t@")
case("the load stays: an instruction between writes its base", """
\tldr\tr3, [r10]
\tldr\tr10, [sp, #4]
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("the load stays: it writes its base back, an instruction between reads it", """
\tldr\tr3, [r10, #16]!
\tmov\tr7, r10
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("the load stays: an instruction between that is not a move, load or store", """
\tldr\tr3, [r10]
\tadd\tr7, r7, #1
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("the load stays: a store between writes its own base back", """
\tldr\tr3, [r10]
\tstr\tr0, [sp, #-8]!
\torr\tr3, r3, #1
\tbx\tr3
""", "mov pc")
case("no orr #1 between the load and the bx: untouched", """
\tldr\tr3, [r10]
\tmov\tr7, r6
\tbx\tr3
""", 0)
case("an instruction between that reads the register", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tstr\tr3, [sp, #20]
\tbx\tr3
""", 0)
case("an instruction between that writes the register", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tmov\tr3, r2
\tbx\tr3
""", 0)
case("an IT block between", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tit\tne
\tmovne\tr8, r2
\tbx\tr3
""", 0)
case("a branch between", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tbne\t.L9
\tbx\tr3
""", 0)
case("a label between", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tmov\tr8, r2
.L9:
\tbx\tr3
""", 0)
case("five instructions between: too far", """
\tldr\tr3, [r10]
\torr\tr3, r3, #1
\tmov\tr8, r2
\tmov\tr8, r2
\tmov\tr8, r2
\tmov\tr8, r2
\tmov\tr8, r2
\tbx\tr3
""", 0)
case("the shared dispatch of -Os: a load and a branch to orr and bx", """
\tldr\tr3, [r10, #8]!
\tb\t.L7
.L7:
\torr\tr3, r3, #1
\tbx\tr3
""", 2, "\tldr\tpc, [r10, #8]!\t@ thumb_dispatch.py: was ldr/b to orr #1/bx r3\n.L7:\n\tmov\tpc, r3")
case("-Os: debug labels and .loc between the load and the branch, labels at the target", """
\tldr\tr3, [r2, r3, lsl #2]
.LVL155:
\t.loc 1 618 25 is_stmt 0 discriminator 2 view .LVU474
\tb\t.L89
.L88:
\tldr\tr3, [r4]
.LVL146:
.L89:
\t.loc 1 609 5 is_stmt 0 view .LVU437
\torr\tr3, r3, #1
\tbx\tr3
""", 2, "\tldr\tpc, [r2, r3, lsl #2]\t@ thumb_dispatch.py: was ldr/b")


def shared_refused(what, src):
    """The load and its branch stay as gcc wrote them; only the shared
    dispatch's orr/bx becomes `mov pc`."""
    global failures
    lines = [l + "\n" for l in src.strip("\n").split("\n")]
    out, done, left = thumb_dispatch.rewrite(lines)
    text = "".join(out)
    kept = [l for l in lines if not l.lstrip().startswith(("orr", "bx"))]
    if done == 1 and [l for l in out if "mov\tpc" not in l] == kept and "ldr\tpc" not in text:
        print(f"ok   {what}")
    else:
        failures += 1
        print(f"FAIL {what}: {done} rewritten (want the mov pc only)\n{text}")


for what, head in [
        ("the load into another register than the dispatch's", "\tldr\tr2, [r10, #8]!\n\tb\t.L7"),
        ("writeback into the loaded register", "\tldr\tr3, [r3, #8]!\n\tb\t.L7"),
        ("a label between the load and the branch", "\tldr\tr3, [r10, #8]!\n.L5:\n\tb\t.L7"),
        ("an instruction between the load and the branch",
         "\tldr\tr3, [r10, #8]!\n\tmov\tr6, r2\n\tb\t.L7"),
        ("a conditional branch", "\tldr\tr3, [r10, #8]!\n\tbeq\t.L7"),
        ("a branch to another label than the dispatch",
         "\tldr\tr3, [r10, #8]!\n\tb\t.L8\n.L8:\n\tadds\tr3, r3, #4")]:
    shared_refused("-Os: " + what, head + "\n.L7:\n\torr\tr3, r3, #1\n\tbx\tr3\n")

print(f"{failures} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
