;; After a call traps, the next call's declared locals must start at zero.
;; Found by the differential test in the working tree of 2026-11-25 (the v128
;; slot rework: push_frame zeroes slots nparam_slots..nlocal_slots): `zero`
;; returned 70000, left over from `trap`. Committed HEAD a22a65f..0db1039 is
;; correct. Replayed by regress-diff against locals_after_trap.expected.
(module
  (memory 1)
  (func (export "trap") (result i32) (local i32)
    i32.const 70000
    local.set 0
    local.get 0
    i32.load8_u)
  (func (export "zero") (result i32) (local i32)
    local.get 0))
