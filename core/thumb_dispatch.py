#!/usr/bin/env python3
"""interp.c for Thumb-2 with one-instruction dispatch (issue 20).

    thumb_dispatch.py OUT.o DEPFILE CC [CC ARGS...] -- SRC

Compiles SRC to assembly with the given compiler and flags, rewrites the
dispatch sequences (then thumb_pairs.py pairs word accesses), assembles
the result into OUT.o, and writes DEPFILE (the headers SRC includes, for
ninja). thumb_asm.py reads the lines for both.

Why: direct threading ends every handler in `goto *(void *)*ip`. On
ARMv7-M gcc emits that as

    ldr   rX, [ip, #n]!       @ the next handler's address (any addressing)
    orr   rX, rX, #1          @ the Thumb bit, set at run time
    bx    rX

wisp_op_word (core/wisp_int.h) stores the handler addresses with the Thumb
bit already set, so the three are one `ldr pc, [ip, #n]!` (an interworking
load: it branches to the address it loads, which must be odd). The rewrites:
  1. ldr rX, A; orr rX, rX, #1; bx rX         ->  ldr pc, A
  2. ldr rX, [rI, #n]; add rI, rI, #n; orr; bx ->  ldr pc, [rI, #n]!
  3. orr rX, rX, #1; bx rX (what is left, e.g. the one dispatch gcc shares
     between all handlers at -Os)             ->  mov pc, rX
     (ALUWritePC on ARMv7-M ignores bit 0: right with or without it), also
     with up to four instructions between that do not name rX or pc and
     do not branch (a call's entry stores the frame there)
  4. ldr rX, A; b L, where L starts with orr rX, rX, #1; bx rX (at -Os
     every handler loads the next word and branches to the one dispatch
     gcc shares)                               ->  ldr pc, A
  5. ldr rX, A; up to five moves, loads and stores with the orr among
     them; bx rX (a call's entry and a return: gcc loads the callee's first
     word early and stores the frame after)    ->  the others; ldr pc, A
     (Cortex-M3: one instruction less a call and a return, fib -1.1%)

What keeps it safe:
  - only those exact unconditional sequences are rewritten, with nothing
    between their lines but `.loc`/`.cfi` directives (and in 3 instructions
    that leave rX alone and fall through to the bx, and gcc's `.LBB`/`.LBE`/
    `.LVL` labels, which only debug information refers to): no label (no other
    path enters in the middle), no IT block (conditional forms carry a
    suffix and do not match), the same register throughout, and a load
    whose base is not pc, nor rX itself with writeback (UNPREDICTABLE);
  - a load moves down (5) only past instructions that do not name rX or
    pc, do not write its base register (nor name it, if it writes the base
    back), have no writeback of their own and store, if at all, through
    sp: the frame's spill slots, never the internal code it reads;
  - every other indirect branch stays as gcc wrote it; with the Thumb bit
    set in the words the `orr` is a no-op, so a missed site costs two
    instructions, never correctness;
  - the counts are printed, and a build for a Thumb-2 target where nothing
    matched fails (gcc changed its output: look before shipping), as does
    a rewritten file the assembler refuses;
  - tests/arm/test_thumb_dispatch.py checks each rule and each refusal, and
    every Thumb-2 board test (mps2-an385, mps2-an505) runs the result.
On ARMv6-M (Cortex-M0) gcc already ends handlers in `ldr rX; mov pc, rX`
(no `ldr pc` there): nothing to do, and the script says so.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import thumb_asm  # noqa: E402
import thumb_pairs  # noqa: E402
from thumb_asm import DEBUG_LABEL, INSN, LABEL, DIRECTIVE as HARMLESS_DIRECTIVE  # noqa: E402
# the registers a dispatch loads into and branches through
GPR = re.compile(r"r\d+|ip|lr|fp|sl")


def next_insns(lines, i, count, debug_labels=False):
    """The `count` instruction lines after line i, with only harmless
    directives between (and debug labels, if asked): ([(index, match)],
    directives), fewer if a label or another directive comes first."""
    seq, extra, j = [], [], i + 1
    while j < len(lines) and len(seq) < count:
        if HARMLESS_DIRECTIVE.match(lines[j]) or (debug_labels and DEBUG_LABEL.match(lines[j])):
            extra.append(lines[j])
        else:
            m = INSN.match(lines[j])
            if not m or LABEL.match(lines[j]):
                break
            seq.append((j, m))
        j += 1
    return seq, extra


def operands(m):
    return thumb_asm.operands(m.group(2))


def thumb_bit_reg(m):
    """rX if the instruction m is `orr rX, rX, #1` (the Thumb bit set at run
    time) on a register of GPR, else None."""
    if not m or m.group(1) != "orr":
        return None
    ops = operands(m)
    ok = len(ops) == 3 and ops[1] == ops[0] and ops[2] == "#1" and GPR.fullmatch(ops[0])
    return ops[0] if ok else None


def between_then_bx(seq, reg):
    """The line index of `bx reg` in seq if every instruction before it
    leaves reg alone (does not name it) and goes on to the next (no branch,
    no IT block, nothing naming pc); else None."""
    for j, m in seq:
        name, text = m.group(1), m.group(2)
        if name == "bx":
            return j if operands(m) == [reg] else None
        if (name.startswith(("b", "cb", "it", "tb", "pop", "ldm")) or
                reg in re.findall(r"\w+", text) or "pc" in re.findall(r"\w+", text)):
            return None
    return None


# what may stand between a dispatch's load and its branch when the load
# moves down to the branch (rule 5)
MOVABLE_PAST = ("mov", "movs", "ldr", "ldrd", "str", "strd")


def load_moves_to_bx(lines, i, reg, base, wb):
    """Rule 5: `ldr reg, [base...]` at line i, then up to five instructions
    that the load may move past, one of them `orr reg, reg, #1`, then
    `bx reg`: (line index of the bx, the lines between without the orr),
    else None. The load may move past an instruction that does not name reg
    or pc, is a move, load or store (MOVABLE_PAST) without writeback of its
    own, does not write base (nor names it, if the load writes it back), and
    if it stores, stores through sp: the frame's spill slots, never the
    internal code the load reads."""
    seq, _ = next_insns(lines, i, 6, debug_labels=True)
    orr_at = None
    for j, m in seq:
        name, ops = m.group(1), operands(m)
        if name == "bx":
            if ops != [reg] or orr_at is None:
                return None
            return j, [l for k, l in enumerate(lines[i + 1:j], i + 1) if k != orr_at]
        if thumb_bit_reg(m) == reg and orr_at is None:
            orr_at = j
            continue
        words = re.findall(r"\w+", m.group(2))
        if (name not in MOVABLE_PAST or reg in words or "pc" in words or "!" in m.group(2) or
                re.search(r"\]\s*,", m.group(2))):
            return None
        stores = name.startswith("str")
        if stores and not re.search(r"\[\s*sp\s*[,\]]", m.group(2)):
            return None
        written = [] if stores else ops[:2] if name == "ldrd" else ops[:1]
        if base in written or (wb and base in words):
            return None
    return None


def dispatch_labels(lines):
    """{label: rX} for each label followed (other labels and harmless
    directives between) by `orr rX, rX, #1; bx rX`: a shared dispatch."""
    found = {}
    for i, line in enumerate(lines):
        lm = re.match(r"^([.\w$]+):\s*$", line)
        if not lm:
            continue
        j = i + 1
        while j < len(lines) and (HARMLESS_DIRECTIVE.match(lines[j]) or LABEL.match(lines[j])):
            j += 1
        reg = thumb_bit_reg(INSN.match(lines[j]) if j < len(lines) else None)
        if not reg:
            continue
        seq, _ = next_insns(lines, j, 1)
        if len(seq) == 1 and seq[0][1].group(1) == "bx" and operands(seq[0][1]) == [reg]:
            found[lm.group(1)] = reg
    return found


def rewrite(lines):
    """(new lines, rewritten count, left count: `orr #1` that stayed)."""
    out, done = [], 0
    shared = dispatch_labels(lines)
    i = 0
    while i < len(lines):
        m = INSN.match(lines[i])
        ops = operands(m) if m and m.group(1) == "ldr" else []
        if len(ops) == 2 and GPR.fullmatch(ops[0]):
            reg, addr = ops
            am = re.fullmatch(r"\[\s*(\w+)\s*(?:,\s*(.*?))?\s*\](!?)", addr)
            seq, extra = next_insns(lines, i, 3)
            names = [x[1].group(1) for x in seq]
            new_addr, used = None, 0
            if am and am.group(1) not in ("pc", "sp"):
                base, off, wb = am.group(1), am.group(2), am.group(3)
                tail = lambda k: (len(seq) >= k + 2 and thumb_bit_reg(seq[k][1]) == reg and
                                  seq[k + 1][1].group(1) == "bx" and
                                  operands(seq[k + 1][1]) == [reg])
                # ldr rX, [rI, #n]; add rI, rI, #n; orr; bx  ->  ldr pc, [rI, #n]!
                if (off and not wb and re.fullmatch(r"#\d+", off) and int(off[1:]) < 256 and
                        len(seq) == 3 and
                        names[0] in ("add", "adds") and
                        operands(seq[0][1]) == [base, base, off] and tail(1) and base != reg):
                    new_addr, used = f"[{base}, {off}]!", 3
                # ldr rX, ADDR; orr; bx  ->  ldr pc, ADDR (no writeback into rX)
                elif tail(0) and not (wb and base == reg):
                    new_addr, used = addr, 2
                # ldr rX, ADDR; b L (L: orr rX; bx rX)  ->  ldr pc, ADDR
                elif not (wb and base == reg):
                    seq, extra = next_insns(lines, i, 1, debug_labels=True)
                    if (len(seq) == 1 and seq[0][1].group(1) == "b" and
                            shared.get(operands(seq[0][1])[0]) == reg):
                        new_addr, used = addr, 1
                # ldr rX, ADDR; movable...; orr; movable...; bx  ->  movable...; ldr pc, ADDR
                if not new_addr and not (wb and base == reg):
                    moved = load_moves_to_bx(lines, i, reg, base, wb)
                    if moved:
                        out.extend(moved[1])
                        out.append(f"\tldr\tpc, {addr}\t@ thumb_dispatch.py: was ldr/.../orr #1/bx {reg}\n")
                        done += 1
                        i = moved[0] + 1
                        continue
            if new_addr:
                out.extend(extra)
                was = {1: f"b to orr #1/bx {reg}", 2: f"orr #1/bx {reg}",
                       3: f"add/orr #1/bx {reg}"}[used]
                out.append(f"\tldr\tpc, {new_addr}\t@ thumb_dispatch.py: was ldr/{was}\n")
                done += 1
                i = seq[used - 1][0] + 1
                continue
        # orr rX, rX, #1; bx rX  ->  mov pc, rX (BranchWritePC: bit 0 is
        # not looked at); what is left of a dispatch gcc shares between
        # handlers (at -Os all of them jump to one), or scheduled apart
        # (a call's entry: the orr, then the frame's stores, then the bx)
        reg = thumb_bit_reg(m)
        if reg:
            seq, extra = next_insns(lines, i, 5, debug_labels=True)
            bx = between_then_bx(seq, reg)
            if bx is not None:
                out.extend(lines[i + 1:bx])  # (directives stay where they were)
                out.append(f"\tmov\tpc, {reg}\t@ thumb_dispatch.py: was orr #1/bx {reg}\n")
                done += 1
                i = bx + 1
                continue
        out.append(lines[i])
        i += 1
    left = sum(1 for l in out if (m := INSN.match(l)) and m.group(1) == "orr" and
               re.fullmatch(r"(\w+),\s*\1,\s*#1", m.group(2).strip()))
    return out, done, left


def main():
    args = sys.argv[1:]
    out_o, depfile = args[0], args[1]
    sep = args.index("--")
    cc, src = args[2:sep], args[sep + 1]
    thumb2 = any(re.match(r"-mcpu=cortex-m(3|4|7|33|35p|55|85)", a) for a in cc)
    with tempfile.TemporaryDirectory() as tmp:
        asm = os.path.join(tmp, "interp.s")
        r = subprocess.run(cc + ["-S", src, "-o", asm, "-MD", "-MF", depfile, "-MQ", out_o])
        if r.returncode:
            return r.returncode
        lines = open(asm).readlines()
        if thumb2:
            lines, done, left = rewrite(lines)
            print(f"thumb_dispatch: {done} dispatch sites as `ldr pc` or `mov pc`, {left} "
                  f"`orr #1` left as gcc wrote them")
            if done == 0:
                print("thumb_dispatch: no dispatch sequence found: gcc's output changed; "
                      "see core/thumb_dispatch.py", file=sys.stderr)
                return 1
            lines, pairs = thumb_pairs.pair(lines)
            print(f"thumb_pairs: {pairs} pairs of word accesses as `ldrd`/`strd`")
        else:
            print("thumb_dispatch: not a Thumb-2 target: interp.c as gcc compiles it")
        new = os.path.join(tmp, "interp.rewritten.s")
        with open(new, "w") as f:
            f.writelines(lines)
        r = subprocess.run(cc + ["-c", new, "-o", out_o])
        return r.returncode


if __name__ == "__main__":
    sys.exit(main())
