;; Rules of moves, locals, calls and the accumulator (core/translate.c
;; emit_op, local_set, core/acc.inc): two or three moves in a row (COPY2,
;; COPY3), moves and a branch (COPY_BR..), two adds of a constant
;; (I32_ADD_IMM2), local.set retargeting the instruction before it, the
;; accumulator forms reading operand a (_A) or b (_B), CALL_LOCAL, and a
;; local.set of 0 dropped while the local is still zero; each with a near
;; miss. Checked by check_code.py.
(module
  (import "env" "ext" (func $ext (param i32) (result i32)))
  ;; @code copy2
  ;;   COPY2 s2 s0 s3 s1
  ;;   RETURN
  (func (export "copy2") (param i32 i32) (local i32 i32)
    (local.set 2 (local.get 0))
    (local.set 3 (local.get 1)))
  ;; @code copy3
  ;;   COPY3 s3 s0 s4 s1 s5 s2
  ;;   RETURN
  (func (export "copy3") (param i32 i32 i32) (local i32 i32 i32)
    (local.set 3 (local.get 0))
    (local.set 4 (local.get 1))
    (local.set 5 (local.get 2)))
  ;; near miss: a loop head between the moves
  ;; @not copy_label: COPY2*
  ;; @code copy_label
  ;;   COPY s2 s0
  ;;   COPY s3 s1
  ;;   RETURN
  (func (export "copy_label") (param i32 i32) (local i32 i32)
    (local.set 2 (local.get 0))
    (loop (local.set 3 (local.get 1))))
  ;; a loop's back edge: moves then the branch
  ;; @code copy_br
  ;;   COPY_BR s1 s0 ->@0
  ;;   RETURN
  (func (export "copy_br") (param i32) (local i32)
    (loop $l (local.set 1 (local.get 0)) (br $l)))
  ;; @code copy2_br
  ;;   COPY2_BR s1 s0 s2 s0 ->@0
  ;;   RETURN
  (func (export "copy2_br") (param i32) (local i32 i32)
    (loop $l (local.set 1 (local.get 0)) (local.set 2 (local.get 0)) (br $l)))
  ;; near miss: the if's end (a branch target) between the move and the br
  ;; @not copy_br_label: COPY*_BR
  ;; @has copy_br_label: COPY s1 s0
  ;; @has copy_br_label: BR ->@0
  (func (export "copy_br_label") (param i32) (local i32)
    (loop $l (if (local.get 0) (then (local.set 1 (local.get 0)))) (br $l)))
  ;; @code add_imm2
  ;;   I32_ADD_IMM2 s0 s0 #1 s1 s1 #4
  ;;   RETURN
  (func (export "add_imm2") (param i32 i32)
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (local.set 1 (i32.add (local.get 1) (i32.const 4))))
  ;; near miss: a loop head between the adds
  ;; @not add_imm2_label: I32_ADD_IMM2
  (func (export "add_imm2_label") (param i32 i32)
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (loop (local.set 1 (i32.add (local.get 1) (i32.const 4)))))

  ;; local.set: the add writes the local itself, no move
  ;; @code retarget
  ;;   I32_ADD s2 s0 s1
  ;;   COPY s0 s2
  ;;   RETURN
  (func (export "retarget") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (local.get 2))
  ;; near miss: the old value of the local is still on the stack
  ;; @not retarget_live: I32_ADD s2 ...
  ;; @has retarget_live: I32_ADD s4 s0 s1
  (func (export "retarget_live") (param i32 i32) (result i32) (local i32)
    (local.get 2)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (i32.add (local.get 2)))

  ;; the accumulator: operand a, operand b of a subtract
  ;; @code acc_a
  ;;   I32_ADD_IMM s2 s0 #1
  ;;   I32_SUB_A s0 s2 s1
  ;;   RETURN
  (func (export "acc_a") (param i32 i32) (result i32)
    (i32.sub (i32.add (local.get 0) (i32.const 1)) (local.get 1)))
  ;; @code acc_b
  ;;   I32_ADD_IMM s3 s0 #1
  ;;   I32_SUB_B s0 s1 s3
  ;;   RETURN
  (func (export "acc_b") (param i32 i32) (result i32)
    (i32.sub (local.get 1) (i32.add (local.get 0) (i32.const 1))))
  ;; near miss: a loop head between producer and consumer
  ;; @not acc_label: I32_SUB_A
  ;; @has acc_label: I32_SUB _ s2 s1
  (func (export "acc_label") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.const 1))
    (loop (param i32) (result i32) (i32.sub (local.get 1))))

  ;; a call of a defined function, and of an import (near miss)
  ;; (the import is f0, so a defined function's index is above it)
  ;; @has call_local: CALL_LOCAL _ s1
  ;; @not call_local: CALL
  (func $callee (export "callee") (param i32) (result i32) (local.get 0))
  (func (export "call_local") (param i32) (result i32) (call $callee (local.get 0)))
  ;; @has call_import: CALL f0 _
  ;; @not call_import: CALL_LOCAL
  (func (export "call_import") (param i32) (result i32) (call $ext (local.get 0)))

  ;; local.set of 0 while the local is still zero: nothing emitted
  ;; @code zero_dropped
  ;;   I32_ADD s0 s0 s1
  ;;   RETURN
  (func (export "zero_dropped") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 0))
    (i32.add (local.get 0) (local.get 1)))
  ;; near miss: a parameter is not known to be zero
  ;; @has zero_param: CONST32 s0 #0
  (func (export "zero_param") (param i32 i32) (result i32)
    (local.set 0 (i32.const 0))
    (i32.add (local.get 0) (local.get 1)))
  ;; near miss: after a loop head (a branch target) the local may be written
  ;; @has zero_loop: CONST32 s1 #0
  (func (export "zero_loop") (param i32) (result i32) (local i32)
    (loop (local.set 1 (i32.const 0)))
    (i32.add (local.get 0) (local.get 1)))
)
