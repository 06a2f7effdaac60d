;; The guest every board's wisp-demo firmware embeds (in flash, borrowed by
;; the core, never copied): zero-parameter exports with known results, two
;; that trap. Its memory uses the custom-page-sizes proposal: `pagesize.py`
;; rewrites the `(memory 1)` below into 512 pages of one byte, so the guest
;; costs 512 bytes of RAM, not 64 KiB (the micro:bit has 16 KiB in all).
;; tests/boards/check_demo.py runs each export under the host's `wisp run
;; --invoke` too and compares results and backtraces line for line.
(module $guest
  (memory 1)
  (data (i32.const 0) "wisp")
  (global $frames (mut i32) (i32.const 0))

  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; fib(15) = 610 recursively: ~2k calls.
  (func (export "fib15") (result i32) (call $fib (i32.const 15)))

  ;; 20! = 2432902008176640000, with a loop and i64 memory traffic.
  (func (export "fact20") (result i64) (local $i i32)
    (i64.store (i32.const 8) (i64.const 1))
    (local.set $i (i32.const 2))
    (loop $l
      (i64.store (i32.const 8)
        (i64.mul (i64.load (i32.const 8)) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.le_u (local.get $i) (i32.const 20))))
    (i64.load (i32.const 8)))

  ;; The data segment's bytes: 'w' + 'i' + 's' + 'p' = 451.
  (func (export "checksum") (result i32) (local $i i32) (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (i32.load8_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 4))))
    (local.get $sum))

  ;; memory.size counts one-byte pages: 512; memory.grow adds bytes.
  (func (export "pages") (result i32) (memory.size))
  (func (export "grow") (result i32 i32)
    (memory.grow (i32.const 64)) (memory.size))

  (func (export "neg") (result i32) (i32.const -7))
  (func (export "half") (result f32) (f32.div (f32.const 3) (f32.const 2)))
  (func (export "quarter") (result f64) (f64.mul (f64.const 1.5) (f64.const -2.5)))

  ;; A game's crash: tick -> hit_enemy -> scale_damage divides by zero.
  (func $scale_damage (param $base i32) (param $divisor i32) (param $crit i32) (result i32)
    (i32.div_s (i32.mul (local.get $base) (local.get $crit)) (local.get $divisor)))
  (func $hit_enemy (param $enemy i32) (param $dmg f32) (result i32) (local $armor i32)
    (local.set $armor (i32.const 40))
    (call $scale_damage (i32.trunc_f32_s (local.get $dmg))
                        (i32.sub (local.get $armor) (i32.const 40))
                        (local.get $enemy)))
  (func $tick (param $frame i32) (result i32)
    (global.set $frames (i32.add (global.get $frames) (i32.const 1)))
    (call $hit_enemy (i32.const 3) (f32.const 12.5)))
  (func (export "crash") (result i32) (call $tick (i32.const 901)))

  ;; A load two bytes before the end of the 1-byte-paged memory.
  (func $peek (param $addr i32) (result i32) (i32.load (local.get $addr)))
  (func (export "oob") (result i32)
    (call $peek (i32.sub (i32.mul (memory.size) (i32.const 1)) (i32.const 2))))
)
