;; 16 MiB of memory, nearly all zero: a word in each MiB at an odd offset,
;; a 10000-byte run across several 4 KiB chunks, the last three bytes of
;; memory. check.py rebuilds the same memory and compares it with the dump.
(module $big
  (memory 256 256)
  (data (i32.const 100) "start of memory")
  (func $scatter (param $seed i32) (local $i i32) (local $addr i32)
    (loop $next
      (local.set $addr (i32.add (i32.mul (local.get $i) (i32.const 1048576))
                                (i32.mul (local.get $i) (i32.const 4099))))
      (i32.store (local.get $addr) (i32.or (local.get $i) (local.get $seed)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 16))))
    (memory.fill (i32.const 5000000) (i32.const 0x5a) (i32.const 10000))
    (memory.fill (i32.const 16777213) (i32.const 0x77) (i32.const 3))
    unreachable)
  (func (export "crash")
    (call $scatter (i32.const 0xa5000000))))
