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
;; A call zeroes only the declared locals the body may read before it
;; writes them (translate.c must_zero, zero_range): not those written on the
;; straight way in from the entry; those read there first, and those not
;; yet written where that way ends (a branch, which may skip the write, or a
;; branch target) are. The *_dirty exports first call $dirty, which leaves
;; 99s in the slots the next callee's locals take: a local that should have
;; been zeroed shows them.
;; @zeroes written_first: none
;; @zeroes read_first: s2-s2
;; @zeroes skipped_write: s1-s1
;; @zeroes loop_write: s1-s1
;; @zeroes rewritten: none
(module
  (func $dirty (param i32) (result i32) (local i32 i32 i32 i32)
    (local.set 1 (i32.const 99)) (local.set 2 (i32.const 99))
    (local.set 3 (i32.const 99)) (local.set 4 (i32.const 99))
    (i32.add (local.get 0) (i32.add (local.get 1) (local.get 4))))
  ;; both written before anything reads them: nothing to zero
  (func $written_first (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.mul (local.get 0) (i32.const 3)))
    (local.set 2 (i32.add (local.get 1) (i32.const 1)))
    (i32.add (local.get 1) (local.get 2)))
  ;; local 2 read (its zero) before it is written
  (func $read_first (param i32) (result i32) (local i32 i32)
    (local.set 1 (local.get 0))
    (local.set 1 (i32.add (local.get 1) (local.get 2)))
    (local.set 2 (i32.const 5))
    (i32.add (local.get 1) (local.get 2)))
  ;; the write is skipped when the parameter is not zero
  (func $skipped_write (param i32) (result i32) (local i32)
    (block (br_if 0 (local.get 0)) (local.set 1 (i32.const 5)))
    (local.get 1))
  ;; written only inside a loop, read after it
  (func $loop_write (param i32) (result i32) (local i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 1 (i32.add (local.get 1) (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br $l)))
    (local.get 1))
  (func (export "written_first_dirty") (result i32)
    (i32.add (call $dirty (i32.const 1)) (call $written_first (i32.const 4))))
  (func (export "read_first_dirty") (result i32)
    (i32.add (call $dirty (i32.const 1)) (call $read_first (i32.const 4))))
  (func (export "skipped_write_dirty") (result i32)
    (i32.add (call $dirty (i32.const 1)) (call $skipped_write (i32.const 1))))
  (func (export "skipped_write_taken") (result i32)
    (i32.add (call $dirty (i32.const 1)) (call $skipped_write (i32.const 0))))
  (func (export "loop_write_dirty") (result i32)
    (i32.add (call $dirty (i32.const 1)) (call $loop_write (i32.const 4))))
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
