;; Out-of-bounds accesses of every width and form (issue 19): the trap
;; says the effective address, the width and the memory's size. Memory 0
;; has 1 page (65536 bytes), memory 1 two (131072); check.py's table
;; `OOB_CASES` repeats the offsets written here. Needs multi-memory.
(module $oob
  (memory $m0 1 2)
  (memory $m1 2)
  (data $hello "wisp!!")  ;; passive, 6 bytes

  ;; plain loads and stores: address + offset
  (func (export "load8_s") (param $a i32) (result i32) (i32.load8_s (local.get $a)))
  (func (export "load16_u") (param $a i32) (result i32) (i32.load16_u offset=2 (local.get $a)))
  (func (export "load32") (param $a i32) (result i32) (i32.load offset=4 (local.get $a)))
  (func (export "load64") (param $a i32) (result i64) (i64.load offset=8 (local.get $a)))
  (func (export "store8") (param $a i32) (i64.store8 (local.get $a) (i64.const 1)))
  (func (export "store16") (param $a i32) (i32.store16 offset=1 (local.get $a) (i32.const 1)))
  (func (export "store32") (param $a i32) (f32.store offset=3 (local.get $a) (f32.const 1)))
  (func (export "store64") (param $a i32) (f64.store offset=16 (local.get $a) (f64.const 1)))
  ;; address + offset past 2^32: the sum is 64 bits
  (func (export "wrap64") (param $a i32) (result i64)
    (i64.load offset=0xfffffff0 (local.get $a)))
  (func (export "wrap32") (param $a i32) (result i32)
    (i32.load offset=0xfffffffe (local.get $a)))
  ;; the forms the translator fuses: an added constant, an added register,
  ;; a scaled index plus a table address, a constant address
  (func (export "add_const") (param $a i32) (result i32)
    (i32.load offset=4 (i32.add (local.get $a) (i32.const 100))))
  (func (export "add_reg") (param $a i32) (param $b i32)
    (i32.store8 (i32.add (local.get $a) (local.get $b)) (i32.const 1)))
  (func (export "scaled") (param $i i32) (result i64)
    (i64.load (i32.add (i32.shl (local.get $i) (i32.const 3)) (i32.const 1024))))
  (func (export "const_addr") (result f64) (f64.load (i32.const 65530)))
  ;; memory 1
  (func (export "mem1") (param $a i32) (result i32) (i32.load $m1 offset=8 (local.get $a)))
  ;; bulk operations: (destination, source or value, length)
  (func (export "fill") (param $d i32) (param $n i32)
    (memory.fill (local.get $d) (i32.const 0) (local.get $n)))
  (func (export "copy") (param $d i32) (param $s i32) (param $n i32)
    (memory.copy (local.get $d) (local.get $s) (local.get $n)))
  (func (export "init") (param $d i32) (param $s i32) (param $n i32)
    (memory.init $hello (local.get $d) (local.get $s) (local.get $n)))
)
