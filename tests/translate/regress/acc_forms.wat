;; Accumulator forms (WISP_ACC, opcodes.h WISP_ACCOPS): an operand the
;; instruction just before computed is read from a register. Each export
;; here would come out wrong if a form were used where it must not be:
;; across a label a branch reaches with another value, after a local.set
;; moved the result, with the operands of a non-commutative op swapped, or
;; after a fused instruction was dropped again. Replayed by regress-diff
;; against acc_forms.expected (wabt's wasm-interp).
;; Code (check_code.py): the accumulator forms where they apply, none
;; across the label in $label.
;; @has sub: I32_RSUB_IMM_A s0 s2 #100
;; @has cmpbr: BR_I32_LE_U_IMM_A s2 #4 ->@_
;; @code label
;;   I32_MUL_IMM s2 s0 #7
;;   BR_IF s0 ->@3
;;   I32_ADD_IMM s1 s0 #5
;;   I32_ADD s0 s1 s2
;;   RETURN
(module
  (memory 1)
  (data (i32.const 64) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  ;; a block end is a label: the branch arrives with the accumulator holding
  ;; x * 7, the fall-through with x + 5 in local 1
  (func $label (param i32) (result i32) (local i32 i32)
    (local.set 2 (i32.mul (local.get 0) (i32.const 7)))
    (block
      (br_if 0 (local.get 0))
      (local.set 1 (i32.add (local.get 0) (i32.const 5))))
    (i32.add (local.get 1) (local.get 2)))
  (func (export "label_taken") (result i32) (call $label (i32.const 3)))
  (func (export "label_fall") (result i32) (call $label (i32.const 0)))
  ;; a loop header is a label too: the back edge arrives with the counter
  (func (export "loop_header") (result i32) (local i32 i32)
    (local.set 0 (i32.const 10))
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.xor (local.get 0) (i32.const 3))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (local.get 1))
  ;; non-commutative ops keep their operand order: 100 - (x*3), (x*3) - 100
  (func $sub (param i32) (result i32)
    (i32.sub (i32.const 100) (i32.mul (local.get 0) (i32.const 3))))
  (func (export "sub_right") (result i32) (call $sub (i32.const 9)))
  (func $sub2 (param i32 i32) (result i32)
    (i32.sub (local.get 1) (i32.mul (local.get 0) (local.get 0))))
  (func (export "sub_right_reg") (result i32) (call $sub2 (i32.const 4) (i32.const 50)))
  (func $shl (param i32 i32) (result i32)
    (i32.shl (local.get 1) (i32.add (local.get 0) (i32.const 1))))
  (func (export "shift_count") (result i32) (call $shl (i32.const 2) (i32.const 5)))
  (func $lt (param i32 i32) (result i32)
    (i32.lt_u (local.get 1) (i32.add (local.get 0) (i32.const 1))))
  (func (export "compare_right") (result i32) (call $lt (i32.const 2) (i32.const 5)))
  ;; the result moved to a local by local.set / local.tee, then read from it
  (func (export "tee_then_read") (result i32) (local i32 i32)
    (local.set 1 (i32.const 1000))
    (local.set 0 (i32.add (local.get 1) (i32.const 11)))
    (i32.mul (local.get 0) (local.get 1)))
  ;; shl, add, load: the add fuses into the load (an indexed access) and the
  ;; load takes the shift's result from the register
  (func $idx (param i32) (result i32)
    (i32.load8_u offset=64 (i32.add (i32.const 2) (i32.shl (local.get 0) (i32.const 1)))))
  (func (export "indexed_load") (result i32) (call $idx (i32.const 3)))
  ;; compare then branch: the compare fuses into the branch
  (func $cmpbr (param i32) (result i32)
    (block (result i32)
      (drop (br_if 0 (i32.const 1) (i32.gt_u (i32.and (local.get 0) (i32.const 12)) (i32.const 4))))
      (i32.const 2)))
  (func (export "cmp_branch_taken") (result i32) (call $cmpbr (i32.const 13)))
  (func (export "cmp_branch_not") (result i32) (call $cmpbr (i32.const 3)))
  ;; stores of a just-computed value; loads from a just-computed address
  (func (export "store_load") (result i32) (local i32)
    (i32.store (i32.const 8) (i32.xor (local.get 0) (i32.const 0x5a5a)))
    (i32.store8 (i32.const 12) (i32.add (i32.load (i32.const 8)) (i32.const 1)))
    (i32.load16_u (i32.add (i32.load8_u (i32.const 12)) (i32.const -0x1b))))
  (func (export "eqz_select") (result i32) (local i32)
    (local.set 0 (i32.const 6))
    (select (i32.const 11) (i32.const 22) (i32.eqz (i32.and (local.get 0) (i32.const 1)))))
  ;; floats: f32 and f64 results kept in FPU registers, the same rules
  (func $fsub (param f64 f64) (result f64)
    (f64.sub (local.get 1) (f64.mul (local.get 0) (local.get 0))))
  (func (export "f64_sub_right") (result f64) (call $fsub (f64.const 1.5) (f64.const 10)))
  (func $flabel (param f32 i32) (result f32) (local f32)
    (local.set 2 (f32.mul (local.get 0) (f32.const 3)))
    (block
      (br_if 0 (local.get 1))
      (local.set 2 (f32.add (local.get 0) (f32.const 0.25))))
    (f32.div (local.get 2) (local.get 0)))
  (func (export "f32_label_taken") (result f32) (call $flabel (f32.const 2) (i32.const 1)))
  (func (export "f32_label_fall") (result f32) (call $flabel (f32.const 2) (i32.const 0)))
  (func (export "f64_store_load") (result f64)
    (f64.store (i32.const 16) (f64.div (f64.const 1) (f64.const 3)))
    (f64.store (i32.const 24) (f64.add (f64.load (i32.const 16)) (f64.const 2)))
    (f64.sub (f64.const 100) (f64.load (i32.const 24))))
  (func (export "f32_compare") (result i32)
    (i32.add
      (f32.lt (f32.const 5) (f32.sub (f32.const 9) (f32.const 1)))
      (i32.mul (i32.const 2) (f64.ge (f64.const 1) (f64.add (f64.const 0.5) (f64.const 0.75))))))
)
