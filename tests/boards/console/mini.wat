;; A user's game for `make demo GAME=`: only `update`, one console import,
;; and a trap on its 5th frame, two calls deep.
(module
  (import "console" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "tick")
  (global $frames (mut i32) (i32.const 0))
  (func $explode (param $frame i32)
    (if (i32.eq (local.get $frame) (i32.const 5)) (then unreachable)))
  (func $step (param $frame i32) (local $twice i32)
    (local.set $twice (i32.add (local.get $frame) (local.get $frame)))
    (call $explode (local.get $frame)))
  (func (export "update")
    (global.set $frames (i32.add (global.get $frames) (i32.const 1)))
    (call $log (i32.const 16) (i32.const 4))
    (call $step (global.get $frames))))
