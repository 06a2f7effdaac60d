#!/usr/bin/env python3
"""Run the official WebAssembly spec tests against wisp.

    run_spec.py TESTSUITE SPEC_RUNNER SCRATCH EXPECTED_FAILURES [-j N] [-v] [--only NAME...]

Each TESTSUITE/*.wast and proposals/*/*.wast (sorted) is converted with
`wast2json --enable-all` into SCRATCH and run by SPEC_RUNNER. The simd_*
files are skipped when the core was built without SIMD (`spec_runner --simd`
prints 0: meson -Dsimd=false).
A failing case is "file.wast:LINE"; "file.wast:0" means the file as a whole
did not run to the end (conversion error, crash, timeout). The run passes
when the failing cases are exactly those listed in EXPECTED_FAILURES, so both
a new failure and a listed case that now passes make it fail: the list must
always be the truth.

Exit status: 0 pass, 1 fail, 77 skipped (meson's code: no testsuite or no
wast2json), 2 usage error.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys

SKIP_REASON = "SIMD disabled in this build (-Dsimd=false)"
TIMEOUT = 120  # seconds per file; the whole suite takes a few seconds
SUMMARY = re.compile(r"^(\S+): (\d+) passed, (\d+) failed, (\d+) skipped$")
FAIL = re.compile(r"^FAIL (\S+?):(\d+) ")
CLASS = re.compile(r"^\S+: (\d+) rejected modules with an unexpected error class")


class Result:
    def __init__(self, name):
        self.name = name
        self.passed = self.failed = self.skipped = 0
        self.wrong_class = 0  # see spec_runner -v
        self.fails = {}  # "file.wast:LINE" -> the FAIL line(s) saying why
        self.note = ""  # why the file did not run to the end
        self.log = []  # spec_runner's other output, shown with -v

    def broken(self, why):
        """The file as a whole failed: one failure, case file.wast:0."""
        self.note = why
        self.failed += 1
        self.fails.setdefault(f"{self.name}:0", []).append(f"FAIL {self.name}:0 {why}")


def first_error(text):
    """One line of a tool's stderr: the first error, else the last line."""
    lines = text.strip().splitlines() or ["(no output)"]
    return next((l for l in lines if "error" in l), lines[-1])


# Proposals run with their feature on; the Wasm 2.0 files with none, since
# some of their assertions contradict the proposals (i32.add in a constant
# expression, a second memory). Bits as in wisp.h WISP_FEATURE_*.
FEATURES = {"extended-const": 0x01, "tail-call": 0x02, "multi-memory": 0x04}


def features_of(rel):
    parts = rel.split("/")
    return FEATURES.get(parts[1], 0) if parts[0] == "proposals" and len(parts) > 2 else 0


def run_file(wast, args):
    name = os.path.relpath(wast, args.testsuite)
    stem = name[: -len(".wast")].replace("/", "_")
    res = Result(name)
    json_path = os.path.join(args.scratch, stem + ".json")
    # wabt 1.0.32 prints bogus "type mismatch" errors for ref.func with
    # --enable-all but still writes correct output; only the exit code counts.
    conv = subprocess.run(
        ["wast2json", "--enable-all", wast, "-o", json_path],
        capture_output=True, text=True, errors="replace")
    if conv.returncode != 0:
        res.broken("wast2json failed: " + first_error(conv.stderr))
        return res
    cmd = ([args.runner] + (["-v"] if args.verbose else [])
           + (["-c", str(args.code_cache)] if args.code_cache else [])
           + ["-f", str(features_of(name)), json_path])
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                             timeout=TIMEOUT)
        out, rc, err = run.stdout, run.returncode, run.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        rc, err = None, ""
    summary = None
    for line in out.splitlines():
        m = FAIL.match(line)
        if m:
            res.fails.setdefault(f"{name}:{m.group(2)}", []).append(line)
            continue
        m = SUMMARY.match(line)
        if m:
            summary = m
            continue
        m = CLASS.match(line)
        if m:
            res.wrong_class = int(m.group(1))
        res.log.append(line)
    if summary:
        res.passed, res.failed, res.skipped = (int(summary.group(i)) for i in (2, 3, 4))
    else:  # it stopped early: count the failures it did print
        res.failed = sum(len(lines) for lines in res.fails.values())
    if rc is None:
        res.broken(f"timeout after {TIMEOUT} s")
    elif rc < 0:
        res.broken(f"spec_runner crashed (signal {-rc})")
    elif rc != 0 or not summary:
        res.broken(f"spec_runner exit {rc}: {first_error(err)}")
    return res


def read_expected(path):
    cases = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                cases.add(line)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("testsuite")
    ap.add_argument("runner")
    ap.add_argument("scratch")
    ap.add_argument("expected")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("-v", "--verbose", action="store_true", help="run spec_runner -v, show all")
    ap.add_argument("--code-cache", type=int, default=0, metavar="BYTES",
                    help="load every module with a code cache this size (spec_runner -c)")
    ap.add_argument("--only", nargs="+", metavar="NAME",
                    help="run only these files (e.g. i32 or i32.wast); the list is "
                         "then checked for these files only")
    args = ap.parse_args()

    if not os.path.isdir(args.testsuite):
        print(f"spec tests skipped: testsuite not found at {args.testsuite}")
        return 77
    if not shutil.which("wast2json"):
        print("spec tests skipped: wast2json not found (install wabt)")
        return 77
    os.makedirs(args.scratch, exist_ok=True)
    try:
        probe = subprocess.run([args.runner, "--simd"], capture_output=True, text=True)
        simd = probe.returncode == 0 and probe.stdout.strip() == "1"
    except OSError as e:
        print(f"cannot run {args.runner}: {e}")
        return 2

    names = sorted(n for n in os.listdir(args.testsuite)
                   if n.endswith(".wast") and os.path.isfile(os.path.join(args.testsuite, n)))
    skipped_files = [] if simd else [n for n in names if n.startswith("simd_")]
    todo = [n for n in names if n not in skipped_files]
    for root, _, files in sorted(os.walk(os.path.join(args.testsuite, "proposals"))):
        for n in sorted(files):
            if n.endswith(".wast"):
                todo.append(os.path.relpath(os.path.join(root, n), args.testsuite))
    if args.only:
        want = {n if n.endswith(".wast") else n + ".wast" for n in args.only}
        skipped_files = [n for n in skipped_files if n in want]
        todo = [n for n in todo if n in want]
        if not todo and not skipped_files:
            print("no such test file: " + " ".join(sorted(want)))
            return 2

    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = pool.map(lambda n: run_file(os.path.join(args.testsuite, n), args), todo)
        results = list(results)

    try:
        expected = read_expected(args.expected)
    except OSError as e:
        print(f"cannot read the expected failures: {e}")
        return 2
    failing = {}
    for res in results:
        line = f"{res.name}: {res.passed} passed, {res.failed} failed, {res.skipped} skipped"
        print(line + (f" ({res.note})" if res.note else ""))
        for case, lines in res.fails.items():
            failing[case] = lines
            if args.verbose or case not in expected:
                for l in lines:
                    print("    " + l)
        if args.verbose:
            for l in res.log:
                print("    " + l)
    for n in skipped_files:
        print(f"{n}: skipped ({SKIP_REASON})")

    # With --only, listed cases of files that did not run say nothing.
    ran = {r.name for r in results}
    checked = {c for c in expected if c.rpartition(":")[0] in ran or not args.only}
    new = sorted(set(failing) - expected, key=case_key)
    fixed = sorted(checked - set(failing), key=case_key)
    if new:
        print(f"\n{len(new)} unexpected failures (not in {args.expected}):")
        for c in new:
            print("  " + c)
    if fixed:
        print(f"\n{len(fixed)} listed cases now pass (remove them from {args.expected}):")
        for c in fixed:
            print("  " + c)

    total = [sum(getattr(r, k) for r in results) for k in ("passed", "failed", "skipped")]
    listed = len(set(failing) & expected)
    if args.verbose:
        print(f"\n{sum(r.wrong_class for r in results)} rejected modules had an unexpected "
              "error class (INVALID vs MALFORMED); not failures")
    skipped_note = f"{len(skipped_files)} files skipped ({SKIP_REASON}); " if skipped_files else ""
    print(f"\n{skipped_note}{listed} failing cases are expected failures")
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 1 if new or fixed else 0


def case_key(case):
    name, _, line = case.rpartition(":")
    return (name, int(line) if line.isdigit() else 0)


if __name__ == "__main__":
    sys.exit(main())
