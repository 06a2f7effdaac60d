"""Thumb-2: a 64-bit slot's two word accesses as one `ldrd`/`strd` (issue 20).

Used by thumb_dispatch.py on interp.c's assembly, after the dispatch rewrite.

Why: an i64 or f64 operand lives in an 8-byte slot, fp[w]. gcc on ARMv7-M
reads it as

    ldr   rX, [fp, rW, lsl #3]      @ the low word
    add   rA, fp, rW, lsl #3        @ the slot's address
    ldr   rY, [rA, #4]              @ the high word

(and writes it the same way with `str`): three instructions where `add;
ldrd rX, rY, [rA]` is two, because `ldrd` takes no register offset and gcc
will not compute the address for it. An i64 add on Cortex-M3 is 14
instructions, 3 of them such leftovers. The rewrite:

  loads:  ldr X, [B, W, lsl #3] .. add A, B, W, lsl #3 .. ldr Y, [A, #4]
          ->  .. add A, B, W, lsl #3; ldrd X, Y, [A] ..
          (also  add A, ..; ldr X, [A] .. ldr Y, [A, #4])
  stores: str X, [B, W, lsl #3] .. add A, B, W, lsl #3 .. str Y, [A, #4]
          ->  .. add A, B, W, lsl #3 .. strd X, Y, [A]
          (also  add A, ..; str X, [A] .. str Y, [A, #4])

What keeps it safe: the low word's load moves down to the add and the high
word's up to it; a store's low word moves down to the high word's store.
So, between the first access and the last (the window):
  - nothing but plain data-processing instructions, loads and stores of
    the ALLOWED list: no label (except gcc's debug-information labels),
    no branch, call, IT block or stack push/pop;
  - loads: no store in the window (a load moves past no store); X is named
    by nothing between the low load and the add (its value arrives later),
    Y by nothing between the add and the high load (it arrives earlier);
  - stores: no load or store in the window (a store moves past no memory
    access); nothing writes X between the two stores;
  - B and W are not written between the low access and the add, nor A
    between the add and the high access: both words are the same slot;
  - X != Y for loads (`ldrd` needs two registers), none of them sp or pc,
    no writeback anywhere in the pattern.
`[B, W, lsl #3]` is an element of an array of 8-byte cells, which C aligns
to at least 4 bytes: `ldrd`/`strd` need word alignment. A site that does not
match stays as gcc wrote it; tests/arm/test_thumb_dispatch.py checks each
form and each refusal, and the board tests run the result (runner.wat's
i64 and f64 exports against Python's arithmetic).
"""
import re

INSN = re.compile(r"^\s+([a-z][a-z0-9.]*)\s*(.*?)\s*(?:@.*)?$")
LABEL = re.compile(r"^\s*[.\w$]+:")
DIRECTIVE = re.compile(r"^\s+\.(loc|cfi_\w+)\b")
DEBUG_LABEL = re.compile(r"^\.L(BB|BE|VL)\d+:\s*$")
REG = r"(?:r\d+|ip|lr|fp|sl)"

# data-processing instructions that write their first operand only (with an
# `s` for the flags, or `.w`/`.n`), and accesses (ldr*, str*) checked apart
ALLOWED = {
    "mov", "mvn", "add", "adc", "sub", "sbc", "rsb", "and", "orr", "orn", "eor", "bic",
    "lsl", "lsr", "asr", "ror", "mul", "mla", "mls", "clz", "rbit", "rev", "rev16", "revsh",
    "uxtb", "uxth", "sxtb", "sxth", "ubfx", "sbfx", "bfi", "bfc", "movw", "movt",
    "cmp", "cmn", "tst", "teq", "umull", "smull", "umlal", "smlal",
    "ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "ldrd", "str", "strb", "strh", "strd",
}
NO_WRITE = {"cmp", "cmn", "tst", "teq", "str", "strb", "strh", "strd"}
TWO_WRITES = {"umull", "smull", "umlal", "smlal", "ldrd"}


def base_name(name):
    """ldr.w -> ldr, adds -> add, movs -> mov (None if not in ALLOWED)."""
    n = name.split(".")[0]
    if n in ALLOWED:
        return n
    if n.endswith("s") and n[:-1] in ALLOWED and n[:-1] not in NO_WRITE:
        return n[:-1]
    return None


ALIASES = {"sl": "r10", "fp": "r11", "ip": "r12"}


def canon(text):
    """Registers by one name each (gcc writes fp and r10; sl and r11 are the
    same registers)."""
    return re.sub(r"\b(sl|fp|ip)\b", lambda m: ALIASES[m.group(1)], text)


def operands(text):
    return [x.strip() for x in re.split(r",(?![^\[{]*[\]}])", text)] if text else []


class Insn:
    """One instruction line: its base name, operands, the registers it
    names and writes (None for a line the pass does not reason about)."""

    def __init__(self, m):
        self.name = base_name(m.group(1))
        self.text = canon(m.group(2))
        self.ops = operands(self.text)
        self.words = set(re.findall(r"\w+", self.text))
        wb = "!" in self.text or bool(re.search(r"\]\s*,", self.text))
        self.wb = wb
        if self.name is None:
            self.writes = None
            return
        w = [] if self.name in NO_WRITE else self.ops[:2] if self.name in TWO_WRITES else self.ops[:1]
        if wb:
            w = None  # writeback: not reasoned about
        self.writes = w
        self.memory = self.name.startswith(("ldr", "str"))
        self.store = self.name.startswith("str")


def window(lines, lo, hi):
    """The instructions strictly between lines lo and hi as Insn, or None if
    a label (other than debug labels), an unknown line or an instruction
    the pass does not reason about stands there."""
    out = []
    for j in range(lo + 1, hi):
        line = lines[j]
        if not line.strip() or DIRECTIVE.match(line) or DEBUG_LABEL.match(line):
            continue
        if LABEL.match(line):
            return None
        m = INSN.match(line)
        if not m:
            return None  # another directive (data, alignment): not straight code
        ins = Insn(m)
        if ins.writes is None:
            return None
        out.append(ins)
    return out


def names(ins_list, reg):
    return any(reg in i.words for i in ins_list)


def writes(ins_list, reg):
    return any(reg in i.writes for i in ins_list)


ACCESS = re.compile(rf"^\s+(ldr|str)(?:\.w)?\s+({REG}),\s*\[\s*({REG})\s*(?:,\s*({REG})\s*,\s*lsl\s*#3|,\s*#0)?\s*\]\s*(?:@.*)?$")
HIGH = re.compile(rf"^\s+(ldr|str)(?:\.w)?\s+({REG}),\s*\[\s*({REG})\s*,\s*#4\s*\]\s*(?:@.*)?$")
ADD = re.compile(rf"^\s+adds?(?:\.w)?\s+({REG}),\s*({REG}),\s*({REG}),\s*lsl\s*#3\s*(?:@.*)?$")
BACK = 8  # how far back from the high access the pattern may start


def find_pair(lines, h):
    """For the high-word access at line h: (kind, low line, add line or
    None, X, Y, A) where the rewrite is safe, else None."""
    hm = HIGH.match(lines[h])
    if not hm:
        return None
    kind, y, a = hm.group(1), canon(hm.group(2)), canon(hm.group(3))
    # the add writing A: the nearest earlier line that names A as written
    start = max(0, h - 4 * BACK)
    add_at = None
    for j in range(h - 1, start - 1, -1):
        line = lines[j]
        if LABEL.match(line) and not DEBUG_LABEL.match(line):
            return None
        m = INSN.match(line)
        if not m or DIRECTIVE.match(line):
            continue
        am = ADD.match(line)
        if am and canon(am.group(1)) == a:
            add_at = j
            break
        ins = Insn(m)
        if ins.writes is None or a in ins.writes:
            return None
    if add_at is None:
        return None
    _, b, w = (canon(g) for g in ADD.match(lines[add_at]).groups())
    # the low-word access: [A] (or [A, #0]) after the add, else
    # [B, W, lsl #3] before it
    low_at = None
    for j in range(add_at + 1, h):
        am = ACCESS.match(lines[j])
        if am and am.group(1) == kind and (canon(am.group(3)) == a and am.group(4) is None or
                                           canon(am.group(3)) == b and canon(am.group(4) or "") == w):
            low_at = j
            break
    if low_at is None:
        for j in range(add_at - 1, max(0, add_at - 4 * BACK) - 1, -1):
            line = lines[j]
            if LABEL.match(line) and not DEBUG_LABEL.match(line):
                return None
            am = ACCESS.match(line)
            if am and am.group(1) == kind and canon(am.group(3)) == b and canon(am.group(4) or "") == w:
                low_at = j
                break
            m = INSN.match(line)
            if not m or DIRECTIVE.match(line):
                continue
            ins = Insn(m)
            if ins.writes is None or b in ins.writes or w in ins.writes:
                return None
        if low_at is None:
            return None
    x = canon(ACCESS.match(lines[low_at]).group(2))
    if "sp" in (x, y) or "pc" in (x, y):
        return None
    first, last = min(low_at, add_at), h
    between = window(lines, first, last)
    if between is None or len(between) > BACK:
        return None
    low_before_add = low_at < add_at
    if low_before_add:
        seg1 = window(lines, low_at, add_at)  # low .. add
        seg2 = window(lines, add_at, h)  # add .. high
        if writes(seg1, b) or writes(seg1, w):
            return None
    else:
        seg1 = []
        seg2 = window(lines, low_at, h)
        if ACCESS.match(lines[low_at]).group(4) is not None:
            # [B, W, lsl #3] after the add: the same slot if B and W stayed
            seg0 = window(lines, add_at, low_at)
            if b == a or w == a or writes(seg0, b) or writes(seg0, w):
                return None
    if writes(seg2, a):
        return None
    if kind == "ldr":
        if x == y or any(i.store for i in between):
            return None
        if low_before_add:
            # X arrives at the add now: nothing before may name it, nor may
            # the low load itself have changed B or W, nor the add X
            addi = Insn(INSN.match(lines[add_at]))
            if names(seg1, x) or x in (b, w) or x in addi.words:
                return None
            # Y arrives at the add: nothing after it may name Y
            if names(seg2, y) or y == a and names(seg2, a):
                return None
        else:
            if x == a or names(seg2, y):
                return None
    else:
        # the low store moves down to the high one's line
        moved_past = window(lines, low_at, h)
        if any(i.memory for i in moved_past) or writes(moved_past, x):
            return None
    return kind, low_at, add_at, x, y, a


def pair(lines):
    """(new lines, pairs rewritten): each site in turn on the code as the
    sites before it left it."""
    lines = list(lines)
    done, h = 0, 0
    while h < len(lines):
        found = find_pair(lines, h) if HIGH.match(lines[h]) else None
        if not found:
            h += 1
            continue
        kind, low_at, add_at, x, y, a = found
        new = f"\t{kind}d\t{x}, {y}, [{a}]\t@ thumb_pairs.py: was {kind} {x}, {kind} {y}\n"
        if kind == "ldr" and low_at < add_at:
            # the low word's load down to the add, the high word's up to it
            del lines[h]
            lines.insert(add_at + 1, new)
            del lines[low_at]
            h = add_at + 1
        elif kind == "ldr":
            del lines[h]
            lines[low_at] = new
            h = low_at + 1
        else:
            # the low word's store down to the high word's
            lines[h] = new
            del lines[low_at]
        done += 1
    return lines, done
