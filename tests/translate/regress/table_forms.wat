;; br_table taking in its index's add or and of a constant (fuse.inc
;; table_form: BR_TABLE_ADD_IMM, BR_TABLE_AND_IMM): a switch from a case
;; other than 0 (clang's `i32.add x, -k`) or on some bits. The exports pick
;; every target, the default above and below the range (an index that
;; wraps to a large unsigned number), and the near misses where the add's
;; result is also kept (local.tee) or a label lies between. Replayed by
;; regress-diff against table_forms.expected (wabt's wasm-interp).
;; @has from3: BR_TABLE_ADD_IMM s0 #-3 #3 ...
;; @not from3: I32_ADD_IMM*
;; @has bits: BR_TABLE_AND_IMM s0 #0x3 #3 ...
;; @not bits: I32_AND_IMM*
;; @has kept: I32_ADD_IMM s1 s0 #-3
;; @has kept: BR_TABLE s1 #3 ...
;; @not kept: BR_TABLE_*
;; @not labeled: BR_TABLE_*
;; The same for a byte loaded from x + k (BR_TABLE_LOAD8_U_ADD: a bytecode
;; VM's fetch), with the load out of bounds, and its near misses: the byte
;; also kept, a signed load, the load not at x + k.
;; @has fetch: BR_TABLE_LOAD8_U_ADD _ s0 #100 end=1 _ #3 ...
;; @not fetch: I32_LOAD8_U*
;; @has fetch_kept: I32_LOAD8_U_ADD s1 s0 #100 end=1 _
;; @not fetch_kept: BR_TABLE_*
;; @has fetch_signed: I32_LOAD8_S_ADD _ s0 #100 end=1 _
;; @not fetch_signed: BR_TABLE_*
;; @has fetch_plain: I32_LOAD8_U _ s0 end=101
;; @not fetch_plain: BR_TABLE_*
(module
  (memory 1)
  (data (i32.const 100) "\00\01\02\03\ff")
  ;; case x: 3 -> 10, 4 -> 20, 5 -> 30, else 99
  (func $from3 (export "from3") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3 (i32.add (local.get 0) (i32.const -3))))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 99))
  ;; x & 3: 0 -> 1, 1 -> 2, 2 -> 3, 3 -> 4
  (func $bits (export "bits") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3 (i32.and (local.get 0) (i32.const 3))))
      (return (i32.const 1)))
      (return (i32.const 2)))
      (return (i32.const 3)))
    (i32.const 4))
  ;; the index also kept in a local: the add stays
  (func $kept (export "kept") (param i32) (result i32) (local i32)
    (block (block (block (block
      (br_table 0 1 2 3 (local.tee 1 (i32.add (local.get 0) (i32.const -3)))))
      (return (i32.add (local.get 1) (i32.const 100))))
      (return (i32.add (local.get 1) (i32.const 200))))
      (return (i32.add (local.get 1) (i32.const 300))))
    (local.get 1))
  ;; the add's result reaches the table through a block end (a label): no fusion
  (func $labeled (export "labeled") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3
        (block (result i32)
          (drop (br_if 0 (i32.const 7) (i32.eqz (local.get 0))))
          (i32.add (local.get 0) (i32.const -3)))))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 99))
  ;; switch (mem[x + 100]): 0 -> 10, 1 -> 20, 2 -> 30, else 99
  (func $fetch (export "fetch") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3 (i32.load8_u offset=0 (i32.add (local.get 0) (i32.const 100)))))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 99))
  (func $fetch_kept (export "fetch_kept") (param i32) (result i32) (local i32)
    (block (block (block (block
      (br_table 0 1 2 3 (local.tee 1 (i32.load8_u (i32.add (local.get 0) (i32.const 100))))))
      (return (i32.add (local.get 1) (i32.const 100))))
      (return (i32.add (local.get 1) (i32.const 200))))
      (return (i32.add (local.get 1) (i32.const 300))))
    (local.get 1))
  (func $fetch_signed (export "fetch_signed") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3 (i32.load8_s (i32.add (local.get 0) (i32.const 100)))))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 99))
  (func $fetch_plain (export "fetch_plain") (param i32) (result i32)
    (block (block (block (block
      (br_table 0 1 2 3 (i32.load8_u offset=100 (local.get 0))))
      (return (i32.const 10)))
      (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 99))
  (func (export "fetch_0") (result i32) (call $fetch (i32.const 0)))
  (func (export "fetch_1") (result i32) (call $fetch (i32.const 1)))
  (func (export "fetch_2") (result i32) (call $fetch (i32.const 2)))
  (func (export "fetch_3") (result i32) (call $fetch (i32.const 3)))
  (func (export "fetch_ff") (result i32) (call $fetch (i32.const 4)))
  (func (export "fetch_last") (result i32) (call $fetch (i32.const 65435)))
  (func (export "fetch_oob") (result i32) (call $fetch (i32.const 65436)))
  (func (export "fetch_wrap") (result i32) (call $fetch (i32.const -100)))
  (func (export "fetch_kept_2") (result i32) (call $fetch_kept (i32.const 2)))
  (func (export "fetch_kept_ff") (result i32) (call $fetch_kept (i32.const 4)))
  (func (export "fetch_signed_ff") (result i32) (call $fetch_signed (i32.const 4)))
  (func (export "fetch_signed_1") (result i32) (call $fetch_signed (i32.const 1)))
  (func (export "fetch_plain_2") (result i32) (call $fetch_plain (i32.const 2)))
  (func (export "from3_0") (result i32) (call $from3 (i32.const 0)))
  (func (export "from3_2") (result i32) (call $from3 (i32.const 2)))
  (func (export "from3_3") (result i32) (call $from3 (i32.const 3)))
  (func (export "from3_4") (result i32) (call $from3 (i32.const 4)))
  (func (export "from3_5") (result i32) (call $from3 (i32.const 5)))
  (func (export "from3_6") (result i32) (call $from3 (i32.const 6)))
  (func (export "from3_big") (result i32) (call $from3 (i32.const 0x80000002)))
  (func (export "bits_0") (result i32) (call $bits (i32.const 0)))
  (func (export "bits_5") (result i32) (call $bits (i32.const 5)))
  (func (export "bits_6") (result i32) (call $bits (i32.const 6)))
  (func (export "bits_m1") (result i32) (call $bits (i32.const -1)))
  (func (export "kept_1") (result i32) (call $kept (i32.const 1)))
  (func (export "kept_4") (result i32) (call $kept (i32.const 4)))
  (func (export "kept_9") (result i32) (call $kept (i32.const 9)))
  (func (export "labeled_0") (result i32) (call $labeled (i32.const 0)))
  (func (export "labeled_4") (result i32) (call $labeled (i32.const 4)))
  (func (export "labeled_5") (result i32) (call $labeled (i32.const 5))))
