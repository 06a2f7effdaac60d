#!/usr/bin/env python3
"""Builds a Rust test guest: build_guest.py RUSTC SRCDIR ROOT TARGET OPT OUT [ARGS...]

Runs RUSTC in SRCDIR (so the panic locations and DWARF read `src/level.rs`,
as cargo gives them for a package's own files) on ROOT (src/main.rs, a WASI
command; src/cart.rs, a cdylib for wasm32-unknown-unknown), edition 2021,
-C opt-level=OPT -C debuginfo=2, writing OUT (made absolute first)."""
import os
import subprocess
import sys


def main():
    rustc, srcdir, root, target, opt, out = sys.argv[1:7]
    extra = sys.argv[7:]
    out = os.path.abspath(out)
    cmd = [rustc, "--edition", "2021", "--target", target, "-C", f"opt-level={opt}",
           "-C", "debuginfo=2", root, "-o", out] + extra
    if root.endswith("cart.rs"):
        cmd += ["--crate-type", "cdylib"]
    return subprocess.run(cmd, cwd=srcdir).returncode


if __name__ == "__main__":
    sys.exit(main())
