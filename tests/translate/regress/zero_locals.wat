;; `local.set L (const 0)` is dropped while L is still the zero it started
;; as: a declared local nothing wrote yet, no branch target on the way from
;; the entry. Each export would come out wrong if it were dropped anywhere
;; else: after a write, at a loop head, for a parameter, for -0.0.
;; Replayed by regress-diff against zero_locals.expected (wabt's wasm-interp).
;; Code (check_code.py): the set of 0 dropped only while the local is
;; still zero.
;; @code twice
;;   I32_ADD_IMM s0 s0 #1
;;   RETURN
;; @code rewritten
;;   CONST32 s0 #5
;;   CONST32 s0 #0
;;   RETURN
;; @has loop_head: CONST32 s1 #0
;; @not tee: CONST* s0
;; @not tee: CONST* s1
;; @has after_branch: CONST32 s0 #0
;; @has after_branch: CONST32 s1 #0
;; @has minus_zero: CONST64 s0 #-9223372036854775808
(module
  (func (export "rewritten") (result i32) (local i32)
    (local.set 0 (i32.const 5))
    (local.set 0 (i32.const 0))
    (local.get 0))
  (func (export "loop_head") (result i32) (local i32 i32 i32)
    (loop $l
      (local.set 1 (i32.const 0))
      (local.set 0 (i32.add (local.get 0) (local.get 1)))
      (local.set 1 (i32.const 7))
      (local.set 0 (i32.add (local.get 0) (local.get 1)))
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get 2) (i32.const 3))))
    (local.get 0))
  (func $param (param i32) (result i32)
    (local.set 0 (i32.const 0))
    (local.get 0))
  (func (export "param") (result i32) (call $param (i32.const 9)))
  (func (export "tee") (result i32) (local i32 i64)
    (i32.add (local.tee 0 (i32.const 0))
             (i32.wrap_i64 (i64.add (local.tee 1 (i64.const 0)) (i64.const 4)))))
  (func (export "minus_zero") (result f64) (local f64)
    (local.set 0 (f64.const -0))
    (f64.copysign (f64.const 1) (local.get 0)))
  (func (export "after_branch") (result i32) (local i32 i32)
    (block
      (local.set 0 (i32.const 3))
      (br_if 0 (i32.const 1)))
    (local.set 0 (i32.const 0))
    (local.set 1 (i32.const 0))
    (i32.add (local.get 0) (i32.add (local.get 1) (i32.const 2))))
  (func (export "twice") (result i32) (local i32)
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (local.get 0))
)
