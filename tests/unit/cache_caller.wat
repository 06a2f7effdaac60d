;; A second module for tests/unit/test_cache.c: its instance calls the
;; cached module's fib on its own call stack (core/cache.c attaches it).
(module
  (import "cached" "fib" (func $fib (param i32) (result i32)))
  (func (export "call_fib") (param $n i32) (result i32)
    (call $fib (local.get $n))))
