;; A WASM-4 cart that shows what wisp-w4 does with the world outside
;; (tests/boards/check_w4.py): at start it reads a counter from the disk,
;; traces `boots N`, writes N + 1 back, and plays A4 (440 Hz) on the first
;; pulse channel at 50% duty for 30 frames; every frame it traces its
;; gamepad byte (`pad 10`) and draws a rectangle that moves.
(module
  (import "env" "memory" (memory 1 1))
  (import "env" "tone" (func $tone (param i32 i32 i32 i32)))
  (import "env" "diskr" (func $diskr (param i32 i32) (result i32)))
  (import "env" "diskw" (func $diskw (param i32 i32) (result i32)))
  (import "env" "tracef" (func $tracef (param i32 i32)))
  (import "env" "rect" (func $rect (param i32 i32 i32 i32)))
  (data (i32.const 0x2100) "boots %d\00")
  (data (i32.const 0x2110) "pad %x\00")
  (global $frame (mut i32) (i32.const 0))
  (func (export "start")
    (drop (call $diskr (i32.const 0x2200) (i32.const 4)))
    (call $tracef (i32.const 0x2100) (i32.const 0x2200))
    (i32.store (i32.const 0x2200) (i32.add (i32.load (i32.const 0x2200)) (i32.const 1)))
    (drop (call $diskw (i32.const 0x2200) (i32.const 4)))
    ;; frequency 440, sustain 30 frames, volume 100, flags: channel 0, duty 50%
    (call $tone (i32.const 440) (i32.const 30) (i32.const 100) (i32.const 8)))
  (func (export "update")
    ;; %x reads 4 bytes: GAMEPAD1 and the three others, which stay 0
    (call $tracef (i32.const 0x2110) (i32.const 0x16))
    (call $rect (global.get $frame) (global.get $frame) (i32.const 20) (i32.const 30))
    (global.set $frame (i32.add (global.get $frame) (i32.const 1)))))
