;; A named "game" whose bugs trap in several ways at several depths.
(module $game
  (memory 1)
  (global $frame_count (mut i32) (i32.const 0))

  (func $scale_damage (param $base i32) (param $divisor i32) (param $crit i32) (result i32)
    (i32.div_s (i32.mul (local.get $base) (i32.add (local.get $crit) (i32.const 1)))
               (local.get $divisor)))

  (func $hit_enemy (param $enemy i32) (param $dmg f32) (result i32)
    (local $armor i64)
    (local.set $armor (i64.const 40))
    (call $scale_damage (i32.const 12) (i32.sub (local.get $enemy) (i32.const 3)) (i32.const 1)))

  (func $tick (export "tick") (param $frame i32) (result i32)
    (call $hit_enemy (local.get $frame) (f32.const 12.5)))

  ;; out-of-bounds store three calls deep
  (func $poke (param $addr i32) (param $value f64)
    (f64.store (local.get $addr) (local.get $value)))
  (func $spawn (param $slot i32)
    (call $poke (i32.mul (local.get $slot) (i32.const 4096)) (f64.const -1.5)))
  (func (export "spawn_wave") (param $count i32)
    (call $spawn (local.get $count)))

  ;; unbounded recursion
  (func $chase (export "chase") (param $depth i32) (result i32)
    (i32.add (call $chase (i32.add (local.get $depth) (i32.const 1))) (i32.const 1)))

  ;; an unreachable in a state machine
  (func $step (param $state i32) (result i32)
    (block $ok
      (block $bad
        (br_table $ok $ok $bad (local.get $state)))
      (unreachable))
    (i32.const 1))
  (func (export "update") (param $state i32) (result i32)
    (call $step (local.get $state)))

  ;; a tail call replaces its caller's frame
  (func $finish (param $x i32) (result i32)
    (i32.div_u (i32.const 100) (local.get $x)))
  (func $relay (param $x i32) (result i32)
    (return_call $finish (i32.sub (local.get $x) (i32.const 5))))
  (func (export "relay") (param $x i32) (result i32)
    (i32.add (call $relay (local.get $x)) (i32.const 0)))

  ;; a bytecode VM's fetch past the end of memory: the byte load feeds the
  ;; br_table (wisp runs the two as one instruction; the trap is the load's)
  (func $interp (param $pc i32) (result i32)
    (block $halt
      (block $op1
        (block $op0
          (br_table $op0 $op1 $halt (i32.load8_u (i32.add (local.get $pc) (i32.const 16)))))
        (return (i32.const 0)))
      (return (i32.const 1)))
    (i32.const 2))
  (func (export "script") (param $pc i32) (result i32)
    (call $interp (local.get $pc)))

  ;; a stack's pop past the end of memory: wisp runs the add kept in $sp
  ;; and the load as one instruction; the trap is the load's, and $sp
  ;; holds the value the add gave it
  (func $pop (param $sp i32) (result i32)
    (i32.load (local.tee $sp (i32.add (local.get $sp) (i32.const -4)))))
  (func (export "unwind") (param $sp i32) (result i32)
    (call $pop (local.get $sp)))
)
