#!/usr/bin/env python3
"""The boards, as their folders describe them: every boards/NAME/ with a
board.ini whose [properties] say board = 'NAME'. tests/boards/meson.build
lists the tests from here and the check_*.py scripts build and run each
board from here, so a new board needs no list outside its folder.

    boards.py ROOT          one line `NAME CHECK` per test (for meson)

What a board gives (boards/README.md): cross.ini ([host_machine] cpu) and
board.ini, whose [properties] also hold, in meson's syntax:
    tests       = ['runner', 'demo', 'console', 'uf2']  the checks that run
    emulator    = 'qemu:MACHINE' or 'rp2040js'
    flash       = [LOW, HIGH]   where the program (and the guest) sit
    demo_images = ['wisp-demo.elf', ...]  default ['wisp-demo.elf']
"""
import ast
import configparser
import os
import sys


def _ini(path):
    cp = configparser.ConfigParser(interpolation=None, comment_prefixes=("#",),
                                   inline_comment_prefixes=("#",))
    cp.optionxform = str
    cp.read(path)
    def value(v):
        return {"true": True, "false": False}.get(v) if v in ("true", "false") \
            else ast.literal_eval(v)
    return {s: {k: value(v) for k, v in cp[s].items()} for s in cp.sections()}


def board(source, name):
    """A board's description: name, dir, cross (the cross files, in order),
    cpu, tests, emulator, qemu (the QEMU machine or None), flash, images."""
    d = os.path.join(source, "boards", name)
    cross = [os.path.join(d, "cross.ini"), os.path.join(d, "board.ini")]
    props = _ini(cross[1]).get("properties", {})
    if props.get("board") != name:
        raise ValueError(f"{cross[1]}: no property board = '{name}'")
    emulator = props.get("emulator", "")
    return {
        "name": name,
        "dir": d,
        "cross": cross,
        "cpu": _ini(cross[0])["host_machine"]["cpu"],
        "tests": list(props.get("tests", [])),
        "emulator": emulator,
        "qemu": emulator[len("qemu:"):] if emulator.startswith("qemu:") else None,
        "flash": tuple(props.get("flash", (0, 0))),
        "images": list(props.get("demo_images", ["wisp-demo.elf"])),
    }


def names(source):
    """Every board folder's name, sorted."""
    root = os.path.join(source, "boards")
    return sorted(n for n in os.listdir(root)
                  if n != "common" and os.path.exists(os.path.join(root, n, "board.ini")))


def with_test(source, check):
    """The boards that run a check, e.g. 'runner'."""
    return [n for n in names(source) if check in board(source, n)["tests"]]


if __name__ == "__main__":
    src = sys.argv[1]
    for n in names(src):
        for t in board(src, n)["tests"]:
            print(n, t)
