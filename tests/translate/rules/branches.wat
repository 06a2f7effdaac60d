;; Fusion rules of conditional branches (core/fuse.inc cond_branch): a
;; compare and the branch on it, a counter add and its compare-branch
;; (BR_ADD_*, BR_ADDR_*), a counter add tested for zero (BR_ADD_I32_NE_IMM,
;; BR_ADD_I32_EQ_IMM), a bit test feeding a branch (BR_TEST[Z]_IMM);
;; each with a near miss where the rule must not fire. Checked by
;; check_code.py (tests/translate/meson.build).
(module
  ;; @code cmp_br
  ;;   BR_I32_LT_S s0 s1 ->@3
  ;;   CONST32 s0 #1
  ;;   RETURN
  ;;   CONST32 s0 #2
  ;;   RETURN
  (func (export "cmp_br") (param i32 i32) (result i32)
    (block (br_if 0 (i32.lt_s (local.get 0) (local.get 1))) (return (i32.const 1)))
    (i32.const 2))
  ;; an immediate right operand: the _IMM branch
  ;; @has cmp_br_imm: BR_I32_GT_U_IMM s0 #10 ->@3
  (func (export "cmp_br_imm") (param i32) (result i32)
    (block (br_if 0 (i32.gt_u (local.get 0) (i32.const 10))) (return (i32.const 1)))
    (i32.const 2))
  ;; near miss: the compare's result is kept (local.tee): a compare, then a
  ;; branch on the local
  ;; @not cmp_br_kept: BR_I32_*
  ;; @has cmp_br_kept: I32_LT_S s2 s0 s1
  ;; @has cmp_br_kept: BR_IF* s2 ->@_
  (func (export "cmp_br_kept") (param i32 i32) (result i32) (local i32)
    (block (br_if 0 (local.tee 2 (i32.lt_s (local.get 0) (local.get 1)))) (return (i32.const 1)))
    (local.get 2))

  ;; a counter: i += 1; loop while i != n
  ;; @code count_ne
  ;;   BR_ADD_I32_NE s1 s1 #1 s0 ->@0
  ;;   COPY s0 s1
  ;;   RETURN
  (func (export "count_ne") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.ne (local.get 1) (local.get 0))))
    (local.get 1))
  ;; near miss: the compare reads another local than the add wrote
  ;; @not count_other: BR_ADD_*
  ;; @has count_other: I32_ADD_IMM s1 s1 #1
  ;; @has count_other: BR_I32_NE s2 s0 ->@0
  (func (export "count_other") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $l (i32.ne (local.get 2) (local.get 0))))
    (local.get 1))
  ;; a step in a register: i += s; loop while i < n
  ;; @has step_lt: BR_ADDR_I32_LT_S s1 s1 s2 s0 ->@0
  (func (export "step_lt") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 2)))
      (br_if $l (i32.lt_s (local.get 1) (local.get 0))))
    (local.get 1))
  ;; near miss: > has no register-step form
  ;; @not step_gt: BR_ADDR_*
  ;; @has step_gt: I32_ADD s1 s1 s2
  ;; @has step_gt: BR_I32_GT_S* s1 s0 ->@0
  (func (export "step_gt") (param i32) (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 2)))
      (br_if $l (i32.gt_s (local.get 1) (local.get 0))))
    (local.get 1))

;; a counter stepped and tested for zero, kept (local.tee) or not:
  ;; loop while --n, i.e. while n - 1 != 0
  ;; @code count_down
  ;;   BR_ADD_I32_NE_IMM s0 s0 #-1 #0 ->@0
  ;;   RETURN
  (func (export "count_down") (param i32) (result i32)
    (loop $l (br_if $l (local.tee 0 (i32.add (local.get 0) (i32.const -1)))))
    (local.get 0))
  ;; if (n - 1) return 7: the if's branch skips its body when the sum is
  ;; zero; the sum is a temporary no local keeps
  ;; @code if_step
  ;;   BR_ADD_I32_EQ_IMM s1 s0 #-1 #0 ->@3
  ;;   CONST32 s0 #7
  ;;   RETURN
  ;;   CONST32 s0 #1
  ;;   RETURN
  (func (export "if_step") (param i32) (result i32)
    (if (i32.add (local.get 0) (i32.const -1)) (then (return (i32.const 7))))
    (i32.const 1))
  ;; if (!(n - 1)) return 7: the eqz turns the branch around
  ;; @has if_not_step: BR_ADD_I32_NE_IMM s1 s0 #-1 #0 ->@_
  ;; @not if_not_step: I32_*
  (func (export "if_not_step") (param i32) (result i32)
    (if (i32.eqz (i32.add (local.get 0) (i32.const -1))) (then (return (i32.const 7))))
    (i32.const 1))
  ;; near miss: a branch target between the step and the test
  ;; @has step_label: I32_ADD_IMM s0 s0 #-1
  ;; @has step_label: BR_IF* s0 ->@_
  ;; @not step_label: BR_ADD_*
  (func (export "step_label") (param i32) (result i32)
    (local.set 0 (i32.add (local.get 0) (i32.const -1)))
    (loop $l (br_if $l (local.get 0)))
    (local.get 0))

    ;; bit tests: x & 4, !(x & 4)
  ;; @has test: BR_TEST_IMM s0 #0x4 ->@_
  (func (export "test") (param i32) (result i32)
    (block (br_if 0 (i32.and (local.get 0) (i32.const 4))) (return (i32.const 1)))
    (i32.const 2))
  ;; @has testz: BR_TESTZ_IMM s0 #0x4 ->@_
  (func (export "testz") (param i32) (result i32)
    (block (br_if 0 (i32.eqz (i32.and (local.get 0) (i32.const 4)))) (return (i32.const 1)))
    (i32.const 2))
  ;; near miss: the and is kept in a local
  ;; @not testz_kept: BR_TEST*
  ;; @has testz_kept: I32_AND_IMM s1 s0 #4
  ;; @has testz_kept: BR_UNLESS* s1 ->@_
  (func (export "testz_kept") (param i32) (result i32) (local i32)
    (block (br_if 0 (i32.eqz (local.tee 1 (i32.and (local.get 0) (i32.const 4)))))
      (return (i32.const 1)))
    (local.get 1))
)
