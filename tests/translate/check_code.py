#!/usr/bin/env python3
"""Asserts the internal code the translator emits (`wisp run --dump-code`)
for the modules in tests/translate: each .wat given is assembled with
wat2wasm at test time and its directives, in `;;` comments, are checked:

    ;; @code FUNC          the whole code of FUNC, one instruction a line:
    ;;   OP OPERAND...     (the lines after it, up to a line without ";;  ")
    ;; @has FUNC: OP OPERAND...   some instruction of FUNC matches
    ;; @not FUNC: OP              no instruction of FUNC is OP
    ;; @paired FUNC: OP OPERAND...    some instruction that matches is a
    ;;                                pair's first (printed "(paired)")
    ;; @unpaired FUNC: OP OPERAND...  none that matches is
    ;; @zeroes FUNC: s2-s4 | none     the slots a call of FUNC zeroes

FUNC is an export or name-section name. OP may have `*` wildcards.
Operands are compared as the disassembler prints them (s3 slot, #5
immediate, end=8, f1 function), except branch targets, which are
instruction numbers (`->@0` is the function's first instruction, `->@end`
its end) so that no word offset is written down; float values in
parentheses are left out (their bits are compared). In a pattern `_`
matches any one operand, `->@_` any target and `...` all the rest.

  check_code.py --wisp WISP --wat2wasm WAT2WASM FILE.wat...
"""
import argparse
import fnmatch
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from wisptest import check, finish, skip  # noqa: E402

LINE = re.compile(r"^\s*(\d+): (\S+)(.*)$")


def parse_dump(text):
    """The instructions of one function: [(op, [operands], paired)],
    branch targets as instruction numbers."""
    insns = []
    for line in text.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        paired = m.group(3).endswith(" (paired)")
        toks = re.sub(r"\([^)]*\)", "", m.group(3)).replace("-> ", "->").split()
        if m.group(2) == "...":  # a BR_TABLE's continuation line
            insns[-1][2].extend(toks)
            continue
        insns.append((int(m.group(1)), m.group(2), toks, paired))
    end = re.search(r"; \d+ instructions, (\d+) words", text)
    zeroes = re.search(r", a call zeroes (s\d+-s\d+|no slot)", text)
    index = {off: "@%d" % i for i, (off, _, _, _) in enumerate(insns)}
    index[int(end.group(1)) if end else -1] = "@end"
    insns = [(op, [("->" + index.get(int(t[2:]), t[2:]) if t.startswith("->") else t)
                   for t in toks], paired) for _, op, toks, paired in insns]
    return insns, (zeroes.group(1).replace("no slot", "none") if zeroes else None)


def matches(insn, pattern):
    op, args = insn[0], insn[1]
    pw = pattern.split()
    if not pw:
        return False
    pop, pargs = pw[0], pw[1:]
    if not fnmatch.fnmatchcase(op, pop):
        return False
    for i, p in enumerate(pargs):
        if p == "...":
            return True
        if i >= len(args) or not (p == args[i] or p == "_" or
                                  (p == "->@_" and args[i].startswith("->"))):
            return False
    return len(pargs) == len(args)


def show(insns):
    return "\n".join("      %s %s%s" % (op, " ".join(a), " (paired)" if p else "")
                     for op, a, p in insns)


def directives(path):
    """[(kind, func, patterns, line number)] from the file's comments."""
    out, lines = [], open(path).read().splitlines()
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        m = re.match(r";; @(code|has|not|paired|unpaired|zeroes) ([^:\s]+):?\s*(.*)$", s)
        i += 1
        if not m:
            continue
        kind, func, rest = m.groups()
        if kind == "code":
            pats = []
            while i < len(lines) and re.match(r"\s*;;   \S", lines[i]):
                pats.append(lines[i].strip()[2:].strip())
                i += 1
            out.append((kind, func, pats, i))
        else:
            out.append((kind, func, [rest], i))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wisp", required=True)
    ap.add_argument("--wat2wasm", required=True)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    if not os.path.exists(a.wat2wasm):
        skip("wat2wasm (wabt) not found: the translator's code cannot be checked")
    tmp = tempfile.mkdtemp(prefix="wisp-translate-")
    for path in a.files:
        name = os.path.basename(path)
        wasm = os.path.join(tmp, name[:-4] + ".wasm")
        r = subprocess.run([a.wat2wasm, "--enable-all", "--debug-names", path, "-o", wasm],
                           capture_output=True, text=True)
        if not check(r.returncode == 0, "%s: assembles" % name):
            print(r.stderr)
            continue
        cache = {}
        ds = directives(path)
        check(len(ds) > 0, "%s: has code assertions" % name)
        for kind, func, pats, lineno in ds:
            if func not in cache:
                r = subprocess.run([a.wisp, "run", "--dump-code", func, wasm],
                                   capture_output=True, text=True)
                cache[func] = parse_dump(r.stdout) if r.returncode == 0 else (None, None)
                if r.returncode:
                    print(r.stderr)
            insns, zeroes = cache[func]
            what = "%s:%d %s %s: %s" % (name, lineno, kind, func, " | ".join(pats))
            if insns is None:
                check(False, what + " (no code)")
                continue
            if kind == "code":
                ok = len(insns) == len(pats) and all(matches(x, p) for x, p in zip(insns, pats))
            elif kind == "has":
                ok = any(matches(x, pats[0]) for x in insns)
            elif kind == "zeroes":
                ok = zeroes == pats[0].strip()
                if not ok:
                    print("    a call zeroes: %s" % zeroes)
            elif kind == "paired":
                ok = any(matches(x, pats[0]) and x[2] for x in insns)
            elif kind == "unpaired":
                ok = any(matches(x, pats[0]) for x in insns) and \
                    not any(matches(x, pats[0]) and x[2] for x in insns)
            else:
                ok = not any(matches(x, pats[0] + " ...") for x in insns)
            if not check(ok, what):
                print("    got:\n" + show(insns))
    return finish()


if __name__ == "__main__":
    sys.exit(main())
