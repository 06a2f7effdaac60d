#!/usr/bin/env python3
"""wisp's demangler (tools/symbols/demangle.c, through test_demangle
--filter) against an independent one on every name of real code:

  check_names.py cxx  TEST_DEMANGLE CXXFILT CLANGXX NM SOURCE.cpp
      the C++ functions of SOURCE.cpp (clang++ -c --target=wasm32, names from
      NM), against LLVM's Itanium demangler (llvm-cxxfilt-14);
  check_names.py rust TEST_DEMANGLE CXXFILT MODULE.wasm...
      every function name in the modules' name sections: Rust v0 names
      against LLVM's Rust demangler (llvm-cxxfilt-14), Rust legacy names
      (`_ZN...17h<hash>E`) against llvm-cxxfilt-14's Itanium reading of them
      with the legacy escapes undone here, by the scheme's rules
      (rustc_symbol_mangling/src/legacy.rs: `..` is `::`, `$LT$` `<`, `$GT$`
      `>`, `$C$` `,`, `$RF$` `&`, `$BP$` `*`, `$SP$` `@`, `$LP$` `(`, `$RP$`
      `)`, `$uXX$` the char U+XX, a leading `_$` is `$`; the `h<16 hex>`
      hash element dropped), as rustc prints `{:#}`.
Names that are not mangled must come back unchanged. Exit 0, 1 (with
every difference listed), or 77 when a tool is missing.
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
from wasmbin import read_uleb, sections  # noqa: E402

SKIP = 77
LEGACY = re.compile(r"^_ZN.*17h[0-9a-f]{16}E(\.llvm\.[0-9]+)?$")
ESCAPES = {"SP": "@", "BP": "*", "RF": "&", "LT": "<", "GT": ">", "LP": "(",
           "RP": ")", "C": ","}


def run_filter(cmd, names):
    """cmd's output for names given one a line on stdin, one a line."""
    out = subprocess.run(cmd, input="".join(n + "\n" for n in names),
                         capture_output=True, text=True, check=True).stdout
    return out.split("\n")[:len(names)]


def legacy_element(e):
    """One element of a legacy path with its escapes undone."""
    if e.startswith("_$"):
        e = e[1:]
    out = []
    i = 0
    while i < len(e):
        if e.startswith("..", i):
            out.append("::")
            i += 2
        elif e[i] == "$":
            j = e.index("$", i + 1)
            code = e[i + 1:j]
            if code in ESCAPES:
                out.append(ESCAPES[code])
            elif code.startswith("u"):
                out.append(chr(int(code[1:], 16)))
            else:
                raise ValueError(f"unknown escape ${code}$ in {e}")
            i = j + 1
        else:
            out.append(e[i])
            i += 1
    return "".join(out)


def legacy_expected(llvm_text):
    """llvm-cxxfilt's Itanium reading of a legacy name -> rustc's {:#}."""
    text = re.sub(r" \(\.llvm\.[0-9]+\)$", "", llvm_text)
    elements = text.split("::")
    if re.fullmatch(r"h[0-9a-f]{16}", elements[-1]):
        elements = elements[:-1]
    return "::".join(legacy_element(e) for e in elements)


def module_names(path):
    """The function names of a module's name section."""
    data = open(path, "rb").read()
    names = []
    for sid, start, end in sections(data):
        if sid != 0:
            continue
        n, i = read_uleb(data, start)
        if data[i:i + n] != b"name":
            continue
        i += n
        while i < end:
            kind, i = data[i], i + 1
            size, i = read_uleb(data, i)
            if kind == 1:
                count, j = read_uleb(data, i)
                for _ in range(count):
                    _, j = read_uleb(data, j)
                    ln, j = read_uleb(data, j)
                    names.append(data[j:j + ln].decode())
                    j += ln
            i += size
    return names


def compare(names, ours, expected):
    bad = [(n, o, e) for n, o, e in zip(names, ours, expected) if o != e]
    for n, o, e in bad[:40]:
        print(f"FAIL {n}\n  wisp     {o}\n  expected {e}")
    return bad


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    mode, ours_prog, cxxfilt = sys.argv[1:4]
    if mode == "cxx":
        clangxx, nm, src = sys.argv[4:7]
        obj = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"cxx_names_{os.getpid()}.o")
        subprocess.run([clangxx, "--target=wasm32", "-c", "-O0", src, "-o", obj], check=True)
        syms = subprocess.run([nm, obj], capture_output=True, text=True, check=True).stdout
        os.unlink(obj)
        names = sorted({line.split()[-1] for line in syms.splitlines()
                        if line.split() and line.split()[-1].startswith("_Z")})
        expected = run_filter([cxxfilt], names)
        plain = []
    elif mode == "rust":
        all_names = set()
        for path in sys.argv[4:]:
            all_names.update(module_names(path))
        names = sorted(n for n in all_names if n.startswith(("_ZN", "_R")))
        plain = sorted(n for n in all_names if not n.startswith(("_Z", "_R")))
        llvm = run_filter([cxxfilt], names)
        expected = [legacy_expected(t) if LEGACY.match(n) else t for n, t in zip(names, llvm)]
        # llvm-cxxfilt gives back what it cannot read: there must be none
        unread = [n for n, t in zip(names, llvm) if t == n]
        if unread:
            print(f"FAIL llvm-cxxfilt could not read {len(unread)} names, e.g. {unread[:3]}")
            return 1
    else:
        print(__doc__)
        return 2
    if not names:
        print("FAIL no mangled names found")
        return 1
    ours = [ours_prog, "--filter"]
    bad = compare(names, run_filter(ours, names), expected)
    bad += compare(plain, run_filter(ours, plain), plain)
    nlegacy = sum(1 for n in names if LEGACY.match(n))
    print(f"{len(names)} mangled names ({nlegacy} Rust legacy, "
          f"{sum(1 for n in names if n.startswith('_R'))} Rust v0), {len(plain)} plain: "
          f"{len(bad)} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
