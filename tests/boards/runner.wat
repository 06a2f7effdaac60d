;; The module tests/boards/check_mps2.py runs under wisp-runner.elf on QEMU
;; mps2-an385: one export per result format, the env.clock_ms import, an
;; import the runner does not provide (bound to a trapping stub), a trap.
(module
  (import "env" "clock_ms" (func $clock_ms (result i64)))
  (import "env" "not_provided" (func $not_provided (param i32) (result i32)))
  (memory 1)

  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; fib(20) = 6765, recursively: ~22k calls.
  (func (export "run") (result i32) (call $fib (i32.const 20)))

  ;; 20! = 2432902008176640000, with a loop and memory traffic.
  (func (export "fact64") (result i64) (local $i i32)
    (i64.store (i32.const 8) (i64.const 1))
    (local.set $i (i32.const 2))
    (loop $l
      (i64.store (i32.const 8)
        (i64.mul (i64.load (i32.const 8)) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.le_u (local.get $i) (i32.const 20))))
    (i64.load (i32.const 8)))

  ;; i32 results print unsigned, as wasm3's runner prints them.
  (func (export "neg") (result i32) (i32.const -7))
  (func (export "f32") (result f32) (f32.div (f32.const 3) (f32.const 2)))
  (func (export "f64") (result f64) (f64.mul (f64.const 1.5) (f64.const -2.5)))
  (func (export "none"))

  ;; Spin until 3 ms of virtual time (3M guest instructions) have passed;
  ;; return the milliseconds elapsed, i.e. 3.
  (func (export "clock") (result i32) (local $t0 i64) (local $t i64)
    (local.set $t0 (call $clock_ms))
    (loop $spin
      (local.set $t (i64.sub (call $clock_ms) (local.get $t0)))
      (br_if $spin (i64.lt_u (local.get $t) (i64.const 3))))
    (i32.wrap_i64 (local.get $t)))

  (func (export "trap") (result i32) (unreachable))
  (func (export "call_missing") (result i32) (call $not_provided (i32.const 1)))
)
