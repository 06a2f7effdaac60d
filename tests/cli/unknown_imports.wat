;; A game built for a console wisp run does not emulate: it imports what
;; only that console has (issue 19, unknown imports). Without options wisp
;; run lists every import it cannot provide; --trap-unknown-imports and
;; --default-values-unknown-imports run it anyway.
(module $game
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))  ;; function 0, provided
  (import "env" "draw_sprite" (func $draw_sprite (param i32 i32 i32)))      ;; function 1
  (import "env" "rand" (func $rand (result i32)))                           ;; function 2
  (import "env" "clock" (func $clock (result i64 f32)))                     ;; function 3
  (import "env" "level" (global $level (mut i32)))
  (import "env" "gravity" (global $gravity f64))
  (import "env" "sprites" (table 4 funcref))
  (import "env" "memory" (memory 2 3))

  ;; function 4: draws the player; the call is the trap with --trap-unknown-imports
  (func $draw_player (param $x i32)
    (call $draw_sprite (local.get $x) (i32.const 20) (i32.const 7)))
  ;; function 5
  (func $frame (export "frame") (param $x i32)
    (call $draw_player (i32.add (local.get $x) (i32.const 1))))
  ;; rand() + 5: 5 when rand returns 0
  (func (export "roll") (result i32)
    (i32.add (call $rand) (i32.const 5)))
  (func (export "clock") (result i64 f32) (call $clock))
  (func (export "level") (result i32) (global.get $level))
  (func (export "gravity") (result f64) (global.get $gravity))
  (func (export "pages") (result i32) (memory.size))
  (func (export "sprites") (result i32) (table.size 0))
  (func (export "_start")))
