;; A guest that traps, for the port and pull tests. update(frame) fills
;; 3000 bytes of memory with a pattern that depends on frame (zero bytes
;; among them, so the framing's COBS has zeros to remove) and then divides
;; by zero two calls deep. big(n) fills 60000 bytes first: a dump too large
;; for the tests' small slots.
(module $game
  (memory $mem 1 2)
  (global $score (mut i32) (i32.const 0))
  (data (i32.const 16) "player one\00\01\02")
  (func $fill (param $seed i32) (param $len i32)
    (local $i i32)
    (loop $l
      (i32.store8 offset=1024 (local.get $i)
        (i32.or (i32.const 1)
          (i32.mul (i32.add (local.get $i) (local.get $seed)) (i32.const 7))))
      (if (i32.eqz (i32.rem_u (local.get $i) (i32.const 37)))
        (then (i32.store8 offset=1024 (local.get $i) (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $len)))))
  (func $damage (param $hp i32) (param $armor i32) (result i32)
    (i32.div_s (local.get $hp) (local.get $armor)))
  (func $update (export "update") (param $frame i32) (result i32)
    (call $fill (local.get $frame) (i32.const 3000))
    (global.set $score (i32.add (global.get $score) (local.get $frame)))
    (call $damage (i32.const 100) (i32.sub (local.get $frame) (local.get $frame))))
  (func $big (export "big") (param $n i32) (result i32)
    (call $fill (local.get $n) (i32.const 60000))
    (call $damage (local.get $n) (i32.const 0))))
