;; `a[i] = v`: the address add, the value's one instruction, then the
;; store. The value's instruction moves ahead and the store takes the add in
;; (I32_STORE*_ADD/_IDX), reading the value from the accumulator. Each
;; export reads memory back; they would come out wrong if the move happened
;; where the value's instruction overwrites the add's operand, could trap,
;; or has a branch target before it. Replayed by regress-diff against
;; store_fuse.expected (wabt's wasm-interp).
;; Code (check_code.py): the value's instruction ahead, the store taking
;; the add in; not where the value would overwrite the add's operand.
;; @code idx_or
;;   CONST32 s0 #100
;;   CONST32 s1 #3
;;   CONST32 s2 #64
;;   I32_OR_IMM s4 s2 #5
;;   I32_STORE8_IDX_A s0 s4 s1 end=1 s3
;;   I32_LOAD_ABS s0 end=104
;;   RETURN
;; @not clobber: I32_STORE_IDX*
;; @not clobber_b: I32_STORE_IDX*
(module
  (memory 1)
  (func (export "idx_or") (result i32) (local i32 i32 i32)
    (local.set 0 (i32.const 100))
    (local.set 1 (i32.const 3))
    (local.set 2 (i32.const 0x40))
    (i32.store8 (i32.add (local.get 0) (local.get 1)) (i32.or (local.get 2) (i32.const 5)))
    (i32.load (i32.const 100)))
  (func (export "imm_xor") (result i32) (local i32)
    (local.set 0 (i32.const 200))
    (i32.store (i32.add (local.get 0) (i32.const 8)) (i32.xor (local.get 0) (i32.const 0x5555)))
    (i32.store16 (i32.add (local.get 0) (i32.const 2)) (i32.shl (local.get 0) (i32.const 4)))
    (i32.add (i32.load (i32.const 208)) (i32.load (i32.const 200))))
  ;; the value lands in the slot of the add's second operand
  (func (export "clobber") (result i32) (local i32 i32)
    (local.set 0 (i32.const 10))
    (local.set 1 (i32.const 20))
    (i32.store
      (i32.add (i32.mul (local.get 0) (i32.const 4)) (i32.mul (local.get 1) (i32.const 8)))
      (i32.xor (local.get 1) (i32.const 0x77)))
    (i32.add (i32.load (i32.const 200)) (i32.load (i32.const 276))))
  (func (export "clobber_b") (result i32) (local i32 i32 i32)
    (local.set 0 (i32.const 10))
    (local.set 1 (i32.const 24))
    (local.set 2 (i32.const 1))
    (i32.store
      (i32.add (i32.mul (local.get 0) (i32.const 4)) (select (local.get 1) (local.get 0) (local.get 2)))
      (i32.xor (local.get 1) (i32.const 0x77)))
    (i32.add (i32.load (i32.const 64)) (i32.load (i32.const 0x6f))))
  (func (export "clobber_imm") (result i32) (local i32)
    (local.set 0 (i32.const 30))
    (i32.store
      (i32.add (i32.mul (local.get 0) (i32.const 4)) (i32.const 4))
      (i32.mul (local.get 0) (local.get 0)))
    (i32.load (i32.const 124)))
  (func (export "f64_value") (result f64) (local i32 f64)
    (local.set 0 (i32.const 64))
    (local.set 1 (f64.const 1.25))
    (f64.store (i32.add (local.get 0) (i32.const 8)) (f64.mul (local.get 1) (local.get 1)))
    (f32.store (i32.add (local.get 0) (i32.const 20)) (f32.add (f32.const 0.5) (f32.demote_f64 (local.get 1))))
    (f64.add (f64.load (i32.const 72)) (f64.promote_f32 (f32.load (i32.const 84)))))
  ;; a value that traps: the add stays, the trap is the division's
  (func (export "div_traps") (result i32) (local i32)
    (i32.store (i32.add (local.get 0) (i32.const 4)) (i32.div_s (i32.const 1) (local.get 0)))
    (i32.const 1))
  ;; the fused store out of bounds
  (func (export "store_oob") (result i32) (local i32)
    (local.set 0 (i32.const 65534))
    (i32.store (i32.add (local.get 0) (i32.const 1)) (i32.or (local.get 0) (i32.const 1)))
    (i32.const 2))
  ;; a branch target between the add and the value's instruction
  (func (export "label_between") (result i32) (local i32)
    (local.set 0 (i32.const 300))
    (i32.store
      (i32.add (local.get 0) (i32.const 4))
      (block (result i32) (br_if 0 (i32.const 9) (local.get 0)) (drop) (i32.const 7)))
    (i32.load (i32.const 304)))
)
