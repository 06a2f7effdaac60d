#!/usr/bin/env python3
"""Writes the guest of test_cache.c (the code cache, core/cache.c): a few
large functions (pad0..pad5, chain0..chain5: many instructions each, so a
small cache holds only some) and small ones that call them recursively,
through a table, by tail call, and around a host function that re-enters
the instance. Usage: gen_cache_wat.py OUT.wat"""
import sys

PADS, CHAIN, STEPS = 6, 6, 40


def mix(k):
    # one step of a hash: enough distinct instructions to make a body long
    return (f"    (local.set $x (i32.add (i32.mul (local.get $x) (i32.const {31 + 2 * k}))"
            f" (i32.const {k + 1})))\n"
            f"    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const {k % 13 + 3}))))\n")


out = ['(module',
       '  (import "env" "host" (func $host (param i32) (result i32)))',
       f'  (table {PADS} funcref)',
       f'  (elem (i32.const 0) {" ".join(f"$pad{k}" for k in range(PADS))})',
       '  (type $i2i (func (param i32) (result i32)))']
for k in range(PADS):
    out.append(f'  (func $pad{k} (param $x i32) (result i32)')
    out.append("".join(mix(k * STEPS + j) for j in range(STEPS)) + '    (local.get $x))')
for k in range(CHAIN):
    nxt = f'(call $chain{k + 1} (local.get $x))' if k + 1 < CHAIN else '(local.get $x)'
    out.append(f'  (func $chain{k} (param $x i32) (result i32)')
    out.append("".join(mix(100 + k * STEPS + j) for j in range(STEPS)) +
               f'    (i32.add (local.get $x) {nxt}))')
out.append('''  ;; fib(n) + a pad per call: the pads come and go while fib's frames stay
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (call_indirect (type $i2i) (local.get $n)
              (i32.rem_u (local.get $n) (i32.const 6))))
      (else (i32.add
        (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                 (call $fib (i32.sub (local.get $n) (i32.const 2))))
        (call_indirect (type $i2i) (local.get $n)
          (i32.rem_u (local.get $n) (i32.const 6)))))))
  ;; count down by tail calls, through a pad each time
  (func $spin (export "spin") (param $n i32) (param $acc i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $spin (i32.sub (local.get $n) (i32.const 1))
              (call_indirect (type $i2i) (local.get $acc)
                (i32.rem_u (local.get $n) (i32.const 6)))))))
  ;; pads, then deeper; traps at the bottom (backtraces: every frame's offset)
  (func $deep (export "deep") (param $n i32) (result i32)
    (if (i32.eqz (local.get $n)) (then unreachable))
    (i32.add (call_indirect (type $i2i) (local.get $n) (i32.rem_u (local.get $n) (i32.const 6)))
             (call $deep (i32.sub (local.get $n) (i32.const 1)))))
  (func (export "chain") (param $x i32) (result i32) (call $chain0 (local.get $x)))
  ;; a pad, the host (which calls fib back in this instance), a pad
  (func (export "reenter") (param $n i32) (result i32)
    (i32.add (call $pad0 (local.get $n))
      (i32.add (call $host (local.get $n)) (call $pad5 (local.get $n)))))
)''')
open(sys.argv[1], "w").write("\n".join(out) + "\n")
