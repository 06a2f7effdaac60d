;; Fusion rules of memory accesses (core/fuse.inc memop): an add of a
;; constant or of a register feeding the address (MEMADD, MEMIDX), a table
;; lookup t[i] (MEMSHL), a constant address (MEMABS), and a store whose
;; value's instruction moves ahead of the address add; each with a near
;; miss where the rule must not fire. Checked by check_code.py.
(module
  (memory 1)
  ;; load "d a imm end home", end = offset + access size
  ;; @code load_add
  ;;   I32_LOAD_ADD s0 s0 #16 end=8 s1
  ;;   RETURN
  (func (export "load_add") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 16))))
  ;; the address also kept in a local (read again): the add's result stays
  ;; there and the load takes the add in (I32_LOAD_ADD_KEEP, `x = *--p`)
  ;; @code load_add_kept
  ;;   I32_LOAD_ADD_KEEP s2 s0 #16 end=4 s1
  ;;   I32_ADD_A s0 s2 s1
  ;;   RETURN
  (func (export "load_add_kept") (param i32) (result i32) (local i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 16)))
    (i32.add (i32.load (local.get 1)) (local.get 1)))
  ;; near misses: an i64 load (only i32 loads have the form); a branch
  ;; target between the add and the load
  ;; @has load_add_kept64: I32_ADD_IMM s1 s0 #16
  ;; @not load_add_kept64: I32_LOAD_ADD_KEEP
  (func (export "load_add_kept64") (param i32) (result i64) (local i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 16)))
    (i64.add (i64.load (local.get 1)) (i64.extend_i32_u (local.get 1))))
  ;; @has load_add_kept_label: I32_ADD_IMM s1 s0 #16
  ;; @not load_add_kept_label: I32_LOAD_ADD_KEEP
  (func (export "load_add_kept_label") (param i32) (result i32) (local i32)
    (block (local.set 1 (i32.add (local.get 0) (i32.const 16)))
      (br_if 0 (local.get 0)))
    (i32.load (local.get 1)))
  ;; @code load_idx
  ;;   I32_LOAD8_U_IDX s0 s0 s1 end=1 s2
  ;;   RETURN
  (func (export "load_idx") (param i32 i32) (result i32)
    (i32.load8_u (i32.add (local.get 0) (local.get 1))))
  ;; near miss: a branch target (a loop head) between the add and the load
  ;; @not load_idx_label: I32_LOAD8_U_IDX*
  ;; @has load_idx_label: I32_ADD s2 s0 s1
  ;; @has load_idx_label: I32_LOAD8_U* _ s2 end=1
  (func (export "load_idx_label") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))
    (loop (param i32) (result i32) (i32.load8_u)))
  ;; t[i], a table at a constant address: "d x k imm end home"
  ;; @code table
  ;;   I32_LOAD_SHL s0 s0 #2 #1024 end=4 s1
  ;;   RETURN
  (func (export "table") (param i32) (result i32)
    (i32.load (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 1024))))
  ;; near miss: the shifted index is kept in a local: only the add fuses
  ;; @not table_kept: I32_LOAD_SHL*
  ;; @has table_kept: I32_SHL_IMM s1 s0 #2
  ;; @has table_kept: I32_LOAD_ADD* _ s1 #1024 end=4 _
  (func (export "table_kept") (param i32) (result i32) (local i32)
    (local.set 1 (i32.shl (local.get 0) (i32.const 2)))
    (i32.load (i32.add (local.get 1) (i32.const 1024))))
  ;; a global variable: "d end" with end = address + offset + size
  ;; @code abs
  ;;   I32_LOAD_ABS s1 end=72
  ;;   I32_STORE_ABS* s1 end=84
  ;;   RETURN
  (func (export "abs")
    (i32.store offset=4 (i32.const 76) (i32.load offset=4 (i32.const 64))))
  ;; near miss: address + offset + size does not fit in 32 bits
  ;; @not abs_wrap: I32_LOAD_ABS*
  ;; @has abs_wrap: CONST32 s0 #-16
  ;; @has abs_wrap: I32_LOAD s0 s0 end=20
  (func (export "abs_wrap") (result i32)
    (i32.load offset=16 (i32.const 0xfffffff0)))

  ;; a[i] = v: the value's instruction moves ahead, the store takes the add
  ;; in: "a value b end home"
  ;; @code store_ahead
  ;;   I32_OR_IMM s4 s2 #5
  ;;   I32_STORE_IDX* s0 s4 s1 end=4 s3
  ;;   RETURN
  (func (export "store_ahead") (param i32 i32 i32)
    (i32.store (i32.add (local.get 0) (local.get 1)) (i32.or (local.get 2) (i32.const 5))))
  ;; near miss: the value's instruction can trap, so it stays after the add
  ;; @not store_trap: I32_STORE_IDX*
  ;; @has store_trap: I32_ADD s3 s0 s1
  ;; @has store_trap: I32_DIV_S* s4 s2 s1
  ;; @has store_trap: I32_STORE* s3 s4 end=4
  (func (export "store_trap") (param i32 i32 i32)
    (i32.store (i32.add (local.get 0) (local.get 1)) (i32.div_s (local.get 2) (local.get 1))))
  ;; near miss: the value's instruction writes the add's operand's slot
  ;; (the home of an operand that is itself a temporary)
  ;; @not store_clobber: I32_STORE_IDX*
  (func (export "store_clobber") (param i32 i32)
    (i32.store
      (i32.add (i32.mul (local.get 0) (i32.const 4)) (i32.mul (local.get 1) (i32.const 8)))
      (i32.xor (local.get 1) (i32.const 0x77))))
)
