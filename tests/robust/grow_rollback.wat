;; Issue 15: a failed instantiation must not release the import objects the
;; resolver built in the same arena. The test's resolver answers env.* with
;; objects it builds on first use and caches; env.late is asked for last,
;; so an instantiation can fail after everything else was resolved.
(module
  (type $r (func (result i32)))
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "mem" (memory 1))
  (import "env" "tab" (table $tab 2 funcref))
  (import "env" "g" (global $g i32))
  (import "env" "late" (func $late (param i64)))
  (func $k (type $r) (i32.const 5))
  (elem (i32.const 1) func $k)
  ;; f(x) + g + mem[7] + tab[1]() + tab[0]()  (tab[0] is set by the host)
  (func (export "run") (param $x i32) (result i32)
    (call $late (i64.const 0))
    (i32.add
      (i32.add (call $f (local.get $x)) (global.get $g))
      (i32.add (i32.load8_u (i32.const 7))
        (i32.add (call_indirect (type $r) (i32.const 1))
                 (call_indirect (type $r) (i32.const 0))))))
  ;; grows the imported memory and table: the caller checks they still work
  (func (export "grow") (param $n i32) (result i32)
    (drop (table.grow $tab (ref.null func) (local.get $n)))
    (memory.grow (local.get $n))))
