;; Instance A of tests/unit/test_reenter.c: every way control leaves this
;; instance's code and comes back while the memory (B's, imported) grows
;; and moves meanwhile. Each exported path returns what $after read back
;; from the page the growth just added: a stale memory base or size in the
;; interpreter shows as a wrong value, a lost store or a bounds trap.
(module
  (type $mode_t (func (param i32)))
  (import "env" "reenter" (func $reenter (param i32)))     ;; host: re-enters A or B by mode
  (import "b" "grow_shared" (func $b_grow (param i32)))    ;; wasm code of instance B
  (import "b" "mem" (memory 1))
  (table $t 2 funcref)
  (elem (i32.const 0) $reenter $b_grow)

  ;; Store into the last page and at a low address, read the first back.
  (func $after (result i32)
    (local $addr i32)
    (local.set $addr
      (i32.add (i32.mul (i32.sub (memory.size) (i32.const 1)) (i32.const 65536))
               (i32.const 16)))
    (i32.store (local.get $addr) (i32.const 0x5157))
    (i32.store (i32.const 8) (i32.const 0x1234))
    (i32.load (local.get $addr)))

  ;; host functions: plain, indirect, tail, tail indirect
  (func (export "call_host") (param $mode i32) (result i32)
    (call $reenter (local.get $mode))
    (call $after))
  (func (export "call_indirect_host") (param $mode i32) (result i32)
    (call_indirect (type $mode_t) (local.get $mode) (i32.const 0))
    (call $after))
  (func $tail_host (param $mode i32)
    (return_call $reenter (local.get $mode)))
  (func (export "return_call_host") (param $mode i32) (result i32)
    (call $tail_host (local.get $mode))
    (call $after))
  (func $tail_indirect_host (param $mode i32)
    (return_call_indirect (type $mode_t) (local.get $mode) (i32.const 0)))
  (func (export "return_call_indirect_host") (param $mode i32) (result i32)
    (call $tail_indirect_host (local.get $mode))
    (call $after))

  ;; the same four into another instance's wasm code
  (func (export "call_b") (param $mode i32) (result i32)
    (call $b_grow (i32.const 1))
    (call $after))
  (func (export "call_indirect_b") (param $mode i32) (result i32)
    (call_indirect (type $mode_t) (i32.const 1) (i32.const 1))
    (call $after))
  (func $tail_b (param $mode i32)
    (return_call $b_grow (i32.const 1)))
  (func (export "return_call_b") (param $mode i32) (result i32)
    (call $tail_b (local.get $mode))
    (call $after))
  (func $tail_indirect_b (param $mode i32)
    (return_call_indirect (type $mode_t) (i32.const 1) (i32.const 1)))
  (func (export "return_call_indirect_b") (param $mode i32) (result i32)
    (call $tail_indirect_b (local.get $mode))
    (call $after))

  ;; what the host re-enters: grow the memory and the table, then return,
  ;; trap, or spin until the fuel runs out
  (func $grow (export "grow") (param $pages i32) (result i32)
    (drop (table.grow $t (ref.null func) (i32.const 1)))
    (memory.grow (local.get $pages)))
  (func (export "grow_trap") (param $pages i32)
    (drop (call $grow (local.get $pages)))
    unreachable)
  (func (export "grow_spin") (param $pages i32)
    (drop (call $grow (local.get $pages)))
    (loop $forever (br $forever)))
  (func (export "noop"))

  ;; A re-entry, then enough calls that the fuel runs out in one of them;
  ;; resuming must finish this function, not stop where the re-entered
  ;; call had its frame.
  (func $inc (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.const 1)))
  (func (export "reenter_then_count") (param $n i32) (result i32)
    (local $i i32) (local $sum i32)
    (call $reenter (i32.const 4))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $inc (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  ;; the table still calls right after it grew (elements moved)
  (func (export "indirect_after_growth") (param $mode i32) (result i32)
    (call $reenter (local.get $mode))
    (call_indirect (type $mode_t) (i32.const 1) (i32.const 1))
    (call $after)))
