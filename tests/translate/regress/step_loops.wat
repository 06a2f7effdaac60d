;; A loop counter stepped by a register feeding its compare-and-branch is
;; one instruction (BR_ADDR_*: d = a + b, then compare d with c and branch).
;; Each export counts the iterations of one such loop, with signed and
;; unsigned limits, the compare's operands either way round, and a limit
;; that is the step itself; `select` on a just-computed condition rides
;; along. A bit test feeding a branch (`x & k`, `!(x & k)`: BR_TEST[Z]_IMM)
;; too, with `if` and `br_if`, and with the and's result kept in a local. Replayed by regress-diff against step_loops.expected (wabt's
;; wasm-interp).
;; Code (check_code.py; functions 0-4 are $lt_s..$ne, whose names the
;; exports share): the register-step branches, bit tests, select on the
;; accumulator.
;; @has 0: BR_ADDR_I32_LT_S s0 s0 s1 s2 ->@0
;; @has 1: BR_ADDR_I32_LT_U s0 s0 s1 s2 ->@0
;; @has 2: BR_ADDR_I32_LE_S s0 s0 s1 s2 ->@0
;; @has 3: BR_ADDR_I32_LE_U s0 s0 s1 s2 ->@0
;; @has 4: BR_ADDR_I32_NE s0 s1 s0 s2 ->@0
;; @has bits: BR_TEST_IMM s0 #0x4 ->@_
;; @has bits: BR_TESTZ_IMM s0 #0x8 ->@_
;; @has bits: BR_UNLESS_A s2 ->@_
;; @has sel: SELECT_A s0 s0 s1 s4
(module
  (func $lt_s (param $j i32) (param $step i32) (param $lim i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.lt_s (local.tee $j (i32.add (local.get $j) (local.get $step))) (local.get $lim))))
    (local.get $n))
  (func $lt_u (param $j i32) (param $step i32) (param $lim i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee $j (i32.add (local.get $j) (local.get $step))) (local.get $lim))))
    (local.get $n))
  (func $le_s (param $j i32) (param $step i32) (param $lim i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.le_s (local.tee $j (i32.add (local.get $j) (local.get $step))) (local.get $lim))))
    (local.get $n))
  (func $le_u (param $j i32) (param $step i32) (param $lim i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.le_u (local.tee $j (i32.add (local.get $j) (local.get $step))) (local.get $lim))))
    (local.get $n))
  (func $ne (param $j i32) (param $step i32) (param $lim i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.ne (local.get $lim) (local.tee $j (i32.add (local.get $step) (local.get $j))))))
    (local.get $n))
  ;; the limit is the step: compared after the add, as written
  (func $self (param $j i32) (param $step i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.lt_u (local.tee $j (i32.add (local.get $j) (local.get $step))) (local.get $step))))
    (local.get $n))
  ;; the counter is not kept (only the compare reads the sum)
  (func $dropped (param $j i32) (param $step i32) (param $lim i32) (result i32) (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br_if $l (i32.le_u (i32.add (local.get $j) (local.get $step)) (local.get $lim))))
    (i32.add (i32.mul (local.get $n) (i32.const 1000)) (local.get $j)))
  (func $sel (param i32 i32) (result i32)
    (select (local.get 0) (local.get 1) (i32.and (local.get 0) (i32.const 4))))
  (func (export "lt_s") (result i32) (call $lt_s (i32.const -20) (i32.const 3) (i32.const 7)))
  (func (export "lt_s_neg") (result i32) (call $lt_s (i32.const 20) (i32.const -3) (i32.const 7)))
  (func (export "lt_u") (result i32) (call $lt_u (i32.const 0) (i32.const 5) (i32.const 41)))
  (func (export "lt_u_wrap") (result i32) (call $lt_u (i32.const -10) (i32.const 4) (i32.const 100)))
  (func (export "le_s") (result i32) (call $le_s (i32.const -9) (i32.const 3) (i32.const 9)))
  (func (export "le_u") (result i32) (call $le_u (i32.const 1) (i32.const 7) (i32.const 50)))
  (func (export "ne") (result i32) (call $ne (i32.const 0) (i32.const 6) (i32.const 60)))
  (func (export "self") (result i32) (call $self (i32.const 0) (i32.const 100)))
  (func (export "dropped") (result i32) (call $dropped (i32.const 0) (i32.const 2) (i32.const 30)))
  (func (export "select_acc") (result i32)
    (i32.add (call $sel (i32.const 4) (i32.const 9)) (i32.mul (call $sel (i32.const 3) (i32.const 9)) (i32.const 100))))
  (func $bits (param i32) (result i32) (local i32 i32)
    (block $a
      (br_if $a (i32.and (local.get 0) (i32.const 4)))
      (local.set 1 (i32.const 1)))
    (block $b
      (br_if $b (i32.eqz (i32.and (local.get 0) (i32.const 8))))
      (local.set 1 (i32.add (local.get 1) (i32.const 10))))
    (if (i32.and (local.get 0) (i32.const 16))
      (then (local.set 1 (i32.add (local.get 1) (i32.const 100)))))
    (if (i32.eqz (i32.and (local.get 0) (i32.const 32)))
      (then (local.set 1 (i32.add (local.get 1) (i32.const 1000)))))
    (block $c
      (br_if $c (i32.eqz (local.tee 2 (i32.and (local.get 0) (i32.const 0xf0)))))
      (local.set 1 (i32.add (local.get 1) (i32.const 10000))))
    (i32.add (local.get 1) (i32.mul (local.get 2) (i32.const 100000))))
  (func (export "bits_0") (result i32) (call $bits (i32.const 0)))
  (func (export "bits_4") (result i32) (call $bits (i32.const 4)))
  (func (export "bits_24") (result i32) (call $bits (i32.const 24)))
  (func (export "bits_3c") (result i32) (call $bits (i32.const 0x3c)))
  (func (export "bits_ff") (result i32) (call $bits (i32.const 0xff)))
)
