#!/usr/bin/env python3
"""Run one libFuzzer target for a fixed time and report what it did.

  run_fuzz.py --fuzzer BIN --time SECONDS --corpus DIR --artifacts DIR
              [--seeds DIR...] [--libfuzzer-arg=-FLAG...]
  run_fuzz.py --fuzzer BIN --replay DIR

--replay runs the reproducers DIR/fuzz-<target>-* once each (<target> from
the binary's name: fuzz_run and fuzz_replay_run both take fuzz-run-*).

The corpus directory keeps what the fuzzer finds between runs (it lives in
the build directory); seeds are read, never written. A crash leaves the
input in the artifacts directory: this prints how to replay it and where a
reproducer belongs (tests/robust/regress/), and fails.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--fuzzer', required=True)
    ap.add_argument('--time', type=int)
    ap.add_argument('--corpus')
    ap.add_argument('--artifacts')
    ap.add_argument('--replay')
    ap.add_argument('--seeds', nargs='*', default=[])
    # one flag each, as --libfuzzer-arg=-flag (argparse would take a bare
    # -flag for an option of its own)
    ap.add_argument('--libfuzzer-arg', action='append', default=[])
    a = ap.parse_args()

    name = os.path.basename(a.fuzzer)
    if a.replay:
        target = name.replace('fuzz_replay_', '').replace('fuzz_', '')
        files = sorted(glob.glob(os.path.join(a.replay, 'fuzz-%s-*' % target)))
        files = [f for f in files if not f.endswith('.out')]
        if not files:
            print('%s: no reproducers fuzz-%s-* in %s' % (name, target, a.replay))
            return
        r = subprocess.run([a.fuzzer] + files)
        print('%s: %d reproducers, %s' % (name, len(files), 'ok' if r.returncode == 0 else 'FAILED'))
        sys.exit(1 if r.returncode else 0)
    os.makedirs(a.corpus, exist_ok=True)
    os.makedirs(a.artifacts, exist_ok=True)
    seeds = [d for d in a.seeds if os.path.isdir(d) and os.listdir(d)]
    if not seeds and not os.listdir(a.corpus):
        # Without seeds libFuzzer starts from nothing: still worth running,
        # but say why coverage is low.
        print('%s: no seed corpus (spec suite missing?): starting empty' % name)
    before = set(glob.glob(os.path.join(a.artifacts, '*')))
    cmd = [a.fuzzer, '-max_total_time=%d' % a.time, '-timeout=25', '-rss_limit_mb=2560',
           '-print_final_stats=1', '-artifact_prefix=' + a.artifacts.rstrip('/') + '/'] \
        + a.libfuzzer_arg + [a.corpus] + seeds
    env = dict(os.environ)
    env.setdefault('ASAN_OPTIONS', 'detect_leaks=1:abort_on_error=1:allocator_may_return_null=1')
    env.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')
    t0 = time.time()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                       universal_newlines=True, errors='replace')
    took = time.time() - t0
    out = r.stdout
    stats = dict(re.findall(r'stat::(\w+):\s+(\d+)', out))
    cov = re.findall(r'cov: (\d+) ft: (\d+)', out)
    execs = int(stats.get('number_of_executed_units', 0))
    ncorpus = len(os.listdir(a.corpus))
    print('%s: %d executions in %.0f s (%d/s), corpus %d files%s' % (
        name, execs, took, execs / max(took, 1), ncorpus,
        ', coverage %s edges, %s features' % cov[-1] if cov else ''))
    new = sorted(set(glob.glob(os.path.join(a.artifacts, '*'))) - before)
    if r.returncode != 0 or new:
        # the tail has the sanitizer report and the input's path
        print('\n'.join(out.splitlines()[-80:]))
        for f in new:
            print('%s: failing input saved: %s' % (name, f))
            print('  replay: %s %s' % (a.fuzzer, f))
            print('  keep it: copy it into tests/robust/regress/ with a note on the bug')
        sys.exit(1)


if __name__ == '__main__':
    main()
