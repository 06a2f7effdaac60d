;; The module the API unit tests drive (see test_api.c).
(module
  (import "env" "add3" (func $add3 (param i32 i32 i32) (result i32)))
  (import "env" "fail" (func $fail (param i32)))
  (memory (export "mem") 1 4)
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (data (i32.const 16) "wisp")

  ;; sum 0..n-1 in a loop: fuel is charged per iteration
  (func (export "count") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func $deep (export "deep") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))

  (func (export "call_add3") (param i32 i32 i32) (result i32)
    (call $add3 (local.get 0) (local.get 1) (local.get 2)))

  (func (export "call_fail") (param i32) (result i32)
    (call $fail (local.get 0))
    (i32.const 7))

  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))

  (func (export "load8") (param i32) (result i32)
    (i32.load8_u (local.get 0)))

  (func (export "grow") (param i32) (result i32)
    (memory.grow (local.get 0)))

  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1))))
