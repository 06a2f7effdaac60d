;; Table lookups `t[i]`, t at a constant address: the index's shift and the
;; add of the table's address fold into the load (WISP_MEMSHL: the address
;; (x << k) + imm, wrapping as the shift and add would). Each export would
;; come out wrong if the fold lost the wrap, the shift's mask, a result kept
;; in a local, or the address on a trap. Replayed by regress-diff against
;; table_load.expected (wabt's wasm-interp).
;; Code (check_code.py): one load per lookup; an index kept in a local
;; gets the add form only.
;; @code t32
;;   I32_LOAD_SHL s0 s0 #2 #256 end=4 s1
;;   RETURN
;; @has t16: I32_LOAD16_S_SHL s1 s0 #1 #272 end=2 s1
;; @has t16: I32_LOAD16_U_SHL s2 s0 #1 #272 end=2 s2
;; @not tee_index: I32_LOAD_SHL*
;; @has tee_index: I32_LOAD_ADD* s2 s1 #256 end=4 s2
(module
  (memory 1)
  (data (i32.const 256) "\01\00\00\00\02\00\00\00\03\00\00\00\04\00\00\00\ff\ff\fe\ff\00\80\01\00")
  (data (i32.const 512) "\00\00\00\00\00\00\f8\3f\00\00\00\00\00\00\04\c0")
  (func $t32 (param i32) (result i32)
    (i32.load (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 256))))
  (func (export "t32_2") (result i32) (call $t32 (i32.const 2)))
  ;; (0x40000001 << 2) wraps to 4
  (func (export "t32_wrap") (result i32) (call $t32 (i32.const 0x40000001)))
  (func (export "t32_oob") (result i32) (call $t32 (i32.const 0x4000)))
  (func $t16 (param i32) (result i32)
    (i32.add
      (i32.load16_s (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 272)))
      (i32.mul (i32.load16_u (i32.add (i32.shl (local.get 0) (i32.const 1)) (i32.const 272))) (i32.const 3))))
  (func (export "t16_0") (result i32) (call $t16 (i32.const 0)))
  (func (export "t16_3") (result i32) (call $t16 (i32.const 3)))
  ;; a shift count of 35 is 3
  (func (export "t64_mask") (result f64) (local i32)
    (local.set 0 (i32.const 1))
    (f64.add
      (f64.load (i32.add (i32.shl (local.get 0) (i32.const 35)) (i32.const 504)))
      (f64.load (i32.add (i32.shl (i32.and (local.get 0) (i32.const 3)) (i32.const 3)) (i32.const 504)))))
  ;; the shifted index kept in a local (local.tee): no fold, the local is set
  (func (export "tee_index") (result i32) (local i32 i32)
    (local.set 0 (i32.const 3))
    (i32.add
      (i32.load (i32.add (local.tee 1 (i32.shl (local.get 0) (i32.const 2))) (i32.const 256)))
      (i32.mul (local.get 1) (i32.const 1000))))
  (func (export "i64_lookup") (result i64)
    (i64.load (i32.add (i32.shl (i32.const 1) (i32.const 3)) (i32.const 256))))
)
