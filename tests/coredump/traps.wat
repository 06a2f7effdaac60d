;; Guests that trap in different ways, for the coredump tests (check.py holds
;; the expected frames, locals, memory and globals of each).
(module $traps
  (import "env" "host_fail" (func $host_fail (param i32)))
  (memory $mem 1 4)
  (global $counter (mut i32) (i32.const 0))
  (global $big i64 (i64.const -81985529216486896))
  (global $ratio f32 (f32.const 1.5))
  (global $pi f64 (f64.const 3.141592653589793))
  (global $fn (mut funcref) (ref.null func))
  (global $ext (mut externref) (ref.null extern))
  (data (i32.const 1024) "hello coredump")

  ;; div3: integer division by zero three calls deep, with locals of every
  ;; number type along the way.
  (func $level3 (param $p f32) (param $q f64) (param $d i32) (result i32)
    (local $r i32)
    (local.set $r (i32.const -5))
    (global.set $counter (i32.const 3))
    (i32.div_s (local.get $r) (local.get $d)))
  (func $level2 (param $w i64) (result i32)
    (local $t i64)
    (local.set $t (i64.const 0x123456789abcdef))
    (i32.add (i32.const 1000)
      (call $level3 (f32.const 2.5) (f64.const -0.125)
        (i32.wrap_i64 (i64.sub (local.get $w) (local.get $w))))))
  (func $level1 (param $n i32) (result i32)
    (local $m i32)
    (local.set $m (i32.const 64))
    (call $level2 (i64.const -9000000000)))
  (func (export "div3") (result i32)
    (call $level1 (i32.const -64)))

  ;; unreach: `unreachable` one call deep.
  (func $stuck (param $k i32)
    unreachable)
  (func (export "unreach")
    (call $stuck (i32.const 7)))

  ;; oob: grow to two pages, write a little, then store out of bounds.
  (func $poke (param $addr i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 2048) (i32.const 0xdeadbeef))
    (i32.store (i32.const 70000) (i32.const 0x01020304))
    (global.set $counter (i32.const 77))
    (i64.store (local.get $addr) (i64.const 1)))
  (func (export "oob")
    (call $poke (i32.const 131070)))

  ;; recurse: until the call stack is exhausted.
  (func $rec (param $n i32)
    (call $rec (i32.add (local.get $n) (i32.const 1))))
  (func (export "recurse")
    (call $rec (i32.const 0)))

  ;; host: a host function refuses its argument.
  (func $call_host (param $v i32)
    (call $host_fail (i32.add (local.get $v) (i32.const 100))))
  (func (export "host")
    (call $call_host (i32.const 5)))

  ;; ok: returns normally; a dump then has no frames.
  (func (export "ok") (result i32)
    (i32.const 1)))
