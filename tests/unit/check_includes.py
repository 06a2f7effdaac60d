"""Fail if a core source includes anything but the freestanding C headers
or the core's own headers."""
import pathlib, re, sys

ALLOWED = {"stdint.h", "stddef.h", "stdbool.h", "limits.h", "float.h", "stdarg.h"}
core = pathlib.Path(sys.argv[1])
bad = []
for path in sorted(core.rglob("*.[ch]")):
    for n, line in enumerate(path.read_text().splitlines(), 1):
        m = re.match(r'\s*#\s*include\s*([<"])([^>"]+)[>"]', line)
        if not m:
            continue
        kind, name = m.groups()
        local = (core / name).exists() or (core / "include" / name).exists()
        if (kind == "<" and name not in ALLOWED) or (kind == '"' and not local):
            bad.append(f"{path}:{n}: {line.strip()}")
for b in bad:
    print("not freestanding:", b)
print(f"{0 if bad else 1} passed, {len(bad)} failed")
sys.exit(1 if bad else 0)
