"""Thumb-2: two word accesses as one `ldrd`/`strd` (issue 20): a 64-bit
slot's, and a handler's operand words.

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
to at least 4 bytes: `ldrd`/`strd` need word alignment.

Operand words: gcc loads a handler's words `ldr rX, [ip, #8]` ..
`ldr rY, [ip, #12]` apart where their values meet different uses (it pairs
some itself); one `ldrd rX, rY, [ip, #8]` at the first, when nothing between
stores, writes the base or names rY. The base must be word-aligned (guest
memory need not be: an unaligned `ldrd` faults where `ldr` does not): sp,
or a register the fall-through path from there dispatches through (`ldr
pc, [B, #k]!` loads a handler's address from a code word) without writing
it, or steps it only by multiples of 4. Where gcc loaded both words into
one register, the first consumed before the second arrives, the first
word goes to the register its one use writes (renamed_use).

A site that does not match stays as gcc wrote it;
tests/arm/test_thumb_pairs.py checks each form and each refusal, and the
board tests run the result (runner.wat's i64 and f64 exports against
Python's arithmetic). Cortex-M3: 315 pairs at -O2, 5-9% fewer
instructions on eleven of the thirteen benchmark guests.
"""
import re

from thumb_asm import DEBUG_LABEL, DIRECTIVE, INSN, LABEL, operands

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
# those that read their first operand too: a bit-field insert, movt, and
# any two-operand data-processing form but a unary one (`adds r5, r3` is
# r5 += r3)
READS_FIRST = {"bfi", "bfc", "movt", "umlal", "smlal"}
UNARY = {"mov", "mvn", "clz", "rbit", "rev", "rev16", "revsh", "uxtb", "uxth", "sxtb", "sxth",
         "movw"}
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
        self.reads_first = self.name in READS_FIRST or (
            not self.memory and len(self.ops) == 2 and self.name not in UNARY)


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


def slot_pairs(lines):
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


# Two words next to each other through one base register: the handler's
# operand words (gcc pairs some itself, `ldrd r2, r3, [r10, #8]`, not all)
WORD = re.compile(rf"^\s+ldr(?:\.w)?\s+({REG}),\s*\[\s*({REG}|sp)\s*(?:,\s*#(\d+))?\s*\]\s*(?:@.*)?$")
DISPATCH = re.compile(rf"^\s+ldr\s+pc,\s*\[\s*({REG})\s*(?:,\s*#(-?\d+))?\s*\]!?")
COND_BRANCH = re.compile(r"^\s+(b(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le)(\.[nw])?|cbn?z)\s")


def word_aligned(lines, at, base):
    """True if `base` is word-aligned at line `at`: sp, or the code pointer,
    which the fall-through path from there dispatches through (`ldr pc,
    [base, #k]!`: a handler's address, a code word) without writing it."""
    if base == "sp":
        return True
    for j in range(at + 1, min(len(lines), at + 40)):
        line = lines[j]
        dm = DISPATCH.match(line)
        if dm:  # (B + k is a code word; B is aligned if k is a multiple of 4)
            return canon(dm.group(1)) == base and int(dm.group(2) or 0) % 4 == 0
        if (not line.strip() or DIRECTIVE.match(line) or LABEL.match(line) or
                COND_BRANCH.match(line)):
            continue  # (another path joining does not change this one's)
        m = INSN.match(line)
        if not m:
            return False
        ins = Insn(m)
        if ins.writes is None:
            return False
        if base in ins.writes and not keeps_alignment(ins, base):
            return False
    return False


def keeps_alignment(ins, base):
    """True if ins writes base only by adding or subtracting a multiple of
    4 to itself: a branch's `ip += offset` (`add ip, ip, rO, lsl #2`)."""
    ops = ins.ops
    if ins.name not in ("add", "sub") or len(ops) < 3 or ops[0] != base or ops[1] != base:
        return False
    if len(ops) == 3 and re.fullmatch(r"#-?\d+", ops[2]):
        return int(ops[2][1:]) % 4 == 0
    return len(ops) == 4 and re.fullmatch(r"lsl #[2-9]", ops[3]) is not None and \
        re.fullmatch(REG, ops[2]) is not None


def find_words(lines, f):
    """For the load at line f: (line of the other load, low register, high
    register, base, offset) where `ldr X, [B, #n]` there and `ldr Y, [B,
    #n +- 4]` a few instructions on are one `ldrd` at f, else None. The
    second load moves up: nothing between may store, write B or name Y."""
    fm = WORD.match(lines[f])
    x, b, n = canon(fm.group(1)), canon(fm.group(2)), int(fm.group(3) or 0)
    if x == b or n % 4:
        return None
    for j in range(f + 1, min(len(lines), f + 4 * BACK)):
        sm = WORD.match(lines[j])
        if sm and canon(sm.group(2)) == b and abs(int(sm.group(3) or 0) - n) == 4:
            y = canon(sm.group(1))
            between = window(lines, f, j)
            if (between is None or len(between) > BACK or y == b or
                    any(i.store for i in between) or writes(between, b) or
                    "pc" in (x, y) or not word_aligned(lines, j, b)):
                return None
            m = int(sm.group(3) or 0)
            rename = None
            if y == x:
                rename = renamed_use(lines, f, j, x)
                if not rename:
                    return None
                x = rename[2]  # the first word goes to the use's own result register
            elif names(between, y):
                return None
            lo, hi = (x, y) if n < m else (y, x)
            return j, lo, hi, b, min(n, m), rename
        if LABEL.match(lines[j]) and not DEBUG_LABEL.match(lines[j]):
            return None
    return None


def renamed_use(lines, f, j, x):
    """gcc often loads both words into one register, the first consumed
    before the second arrives (`ldr r3, [ip, #8]; ldr r5, [fp, r3, lsl #3];
    ldr r3, [ip, #12]`). The first word can go to the register its one use
    writes (r5: dead until then): (line of the use, its text reading that
    register instead, the register), if the use is the only instruction
    between lines f and j naming x, writes one register z other than x, sp
    and pc and does not read z (not as a source, nor as the destination a
    two-operand form or a bit-field insert reads), and nothing between f
    and the use names z."""
    use = None
    for k in range(f + 1, j):
        line = lines[k]
        if not line.strip() or DIRECTIVE.match(line) or DEBUG_LABEL.match(line):
            continue
        ins = Insn(INSN.match(line))
        if x not in ins.words:
            continue
        if use is not None:
            return None
        use = k
    if use is None:
        return None
    m = INSN.match(lines[use])
    ins = Insn(m)
    if not ins.writes or len(ins.writes) != 1 or ins.wb:
        return None
    z = ins.writes[0]
    if z in (x, "sp", "pc") or not re.fullmatch(REG, z) or ins.ops[0] != z:
        return None
    sources = ", ".join(ins.ops[1:])
    if z in re.findall(r"\w+", sources) or ins.name in TWO_WRITES or ins.reads_first:
        return None
    before = window(lines, f, use)
    if before is None or names(before, z):
        return None
    renamed = re.sub(rf"\b{x}\b", z, sources)
    text = f"\t{m.group(1)}\t{z}, {renamed}\t@ thumb_pairs.py: {x} renamed {z}\n"
    return use, text, z


def word_pairs(lines):
    """(new lines, pairs rewritten) of the adjacent-word form."""
    lines = list(lines)
    done, f = 0, 0
    while f < len(lines):
        found = find_words(lines, f) if WORD.match(lines[f]) else None
        if found:
            j, lo, hi, b, n, rename = found
            off = f", #{n}" if n else ""
            lines[f] = f"\tldrd\t{lo}, {hi}, [{b}{off}]\t@ thumb_pairs.py: was two ldr\n"
            if rename:
                lines[rename[0]] = rename[1]
            del lines[j]
            done += 1
        f += 1
    return lines, done


def pair(lines):
    """(new lines, pairs rewritten): slots, then adjacent words."""
    lines, slots = slot_pairs(lines)
    lines, words = word_pairs(lines)
    return lines, slots + words
