#!/usr/bin/env python3
"""Writes fmt.wasm for test_panic.c: a module whose only job is to have
the formatting functions of Rust's core::fmt by name in table 0, as a Rust
guest's module has them (the bodies do nothing, except the `<&T as
TRAIT>::fmt` wrappers, which call what they wrap, as rustc's do).

Function i sits at table index i + 1 (wasm-ld's layout: index 0 stays
null). test_panic.c lists the same names in the same order (FMT_FUNCS);
names are as demangled, except the ones that are written mangled to go
through the demangler (legacy Rust, as Debian's core has them)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tools", "py"))
from wasmbin import name, section, uleb, vec  # noqa: E402

INTS = ["i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "i128", "u128", "isize", "usize"]


def legacy(path):
    """A legacy Rust symbol for path elements (rustc_symbol_mangling/legacy.rs)."""
    out = "_ZN"
    for e in path:
        esc = (e.replace("::", "..").replace("<", "$LT$").replace(">", "$GT$")
               .replace(" ", "$u20$").replace("&", "$RF$").replace(",", "$C$"))
        if esc.startswith("$"):
            esc = "_" + esc
        out += f"{len(esc)}{esc}"
    # a realistic hash: demanglers take `h` + 16 hex digits for one only
    # when it has enough distinct digits (libiberty asks for 5)
    return out + "17h0123456789abcdefE"


def funcs():
    """(name, type index, body) in table order."""
    f = []
    for t in INTS:
        f.append((f"core::fmt::num::imp::<impl core::fmt::Display for {t}>::fmt", 0, None))
    for trait in ["Debug", "LowerHex", "UpperHex", "Octal", "Binary"]:
        for t in ["i32", "u8", "u32"]:
            f.append((f"core::fmt::num::<impl core::fmt::{trait} for {t}>::fmt", 0, None))
    for trait in ["Display", "Debug", "LowerExp"]:
        for t in ["f32", "f64"]:
            f.append((f"core::fmt::float::<impl core::fmt::{trait} for {t}>::fmt", 0, None))
    f += [("<bool as core::fmt::Display>::fmt", 0, None),
          ("<char as core::fmt::Display>::fmt", 0, None),
          ("<char as core::fmt::Debug>::fmt", 0, None),
          ("<str as core::fmt::Display>::fmt", 1, None),
          ("<str as core::fmt::Debug>::fmt", 1, None),
          ("<alloc::string::String as core::fmt::Display>::fmt", 0, None),
          ("core::fmt::Formatter::pad", 1, None),
          # legacy-mangled, as Debian's precompiled core names them
          (legacy(["core", "fmt", "num", "imp", "<impl core::fmt::Display for u16>", "fmt"]),
           0, None),
          # v0 spelling of a generic wrapper: the type is in the name
          ("<&str as core::fmt::Display>::fmt", 0, None),
          ("<&&u32 as core::fmt::Display>::fmt", 0, None),
          ("<core::option::Option<T> as core::fmt::Debug>::fmt", 0, None)]
    idx = {n: i for i, (n, _, _) in enumerate(f)}
    call = lambda target: bytes([0x10]) + uleb(idx[target])  # noqa: E731
    get = lambda k: bytes([0x20]) + uleb(k)  # noqa: E731
    load = lambda off: bytes([0x28, 2]) + uleb(off)  # noqa: E731
    # `<&T as TRAIT>::fmt` wrappers (legacy names keep no T): T = str
    # (calls <str as Display>::fmt with the fat pointer), T = str with the
    # callee inlined (calls Formatter::pad), T = u32, T = str Debug, and
    # one that calls two different functions (not followed)
    f += [
        (legacy(["<&T as core::fmt::Display>", "fmt"]), 0,
         get(0) + load(0) + get(0) + load(4) + get(1) + call("<str as core::fmt::Display>::fmt")),
        (legacy(["<&T as core::fmt::Display>", "fmt"]).replace("0123456789abcdef",
                                                               "8d3f1a2b9c4e5f60"), 0,
         get(0) + load(0) + get(0) + load(4) + get(1) + call("core::fmt::Formatter::pad")),
        (legacy(["<&T as core::fmt::Display>", "fmt"]).replace("0123456789abcdef",
                                                               "a1b2c3d4e5f60718"), 0,
         get(0) + load(0) + get(1)
         + call("core::fmt::num::imp::<impl core::fmt::Display for u32>::fmt")),
        (legacy(["<&T as core::fmt::Debug>", "fmt"]), 0,
         get(0) + load(0) + get(0) + load(4) + get(1) + call("<str as core::fmt::Debug>::fmt")),
        (legacy(["<&T as core::fmt::Display>", "fmt"]).replace("0123456789abcdef",
                                                               "0f1e2d3c4b5a6978"), 0,
         get(0) + load(0) + get(1) + call("core::fmt::num::imp::<impl core::fmt::Display for u32>::fmt")
         + bytes([0x1a]) + get(0) + get(1) + call("<bool as core::fmt::Display>::fmt")),
    ]
    return f


def main():
    out = sys.argv[1]
    fs = funcs()
    types = [bytes([0x60]) + vec([b"\x7f", b"\x7f"]) + vec([b"\x7f"]),
             bytes([0x60]) + vec([b"\x7f", b"\x7f", b"\x7f"]) + vec([b"\x7f"])]
    bodies = []
    for _, t, body in fs:
        code = (body if body is not None else b"\x00") + b"\x0b"  # unreachable, or the body
        b = vec([]) + code
        bodies.append(uleb(len(b)) + b)
    n = len(fs)
    mod = b"\x00asm\x01\x00\x00\x00"
    mod += section(1, vec(types))
    mod += section(3, vec([uleb(t) for _, t, _ in fs]))
    mod += section(4, vec([bytes([0x70, 0x00]) + uleb(n + 1)]))  # table 0: funcref, min n+1
    mod += section(5, vec([bytes([0x00, 0x01])]))  # memory 0: one page (the wrappers load)
    mod += section(9, vec([uleb(0) + bytes([0x41, 1, 0x0b]) + vec([uleb(i) for i in range(n)])]))
    mod += section(10, vec(bodies))
    names = vec([uleb(i) + name(nm) for i, (nm, _, _) in enumerate(fs)])
    mod += section(0, name("name") + bytes([1]) + uleb(len(names)) + names)
    with open(out, "wb") as fh:
        fh.write(mod)


if __name__ == "__main__":
    main()
