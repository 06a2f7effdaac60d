;; arena.peak under-reports what wisp_module_load needs: translate()
;; commits the function's code (a->used += ...) while its scratch stacks are
;; still held, without updating the peak, so the peak misses the code of the
;; function being translated. This 1.4 KB module reports a peak of 101,448
;; bytes but does not load in fewer than 104,656 (hello.wasm: 697,992 vs
;; 724,232). Test: regress-peak (arena_sweep: a run in an arena of exactly
;; the reported peak must behave as in a roomy one).
(module
  (func (export "f") (param i32) (result i32)
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0
    i32.const 3
    i32.mul
    local.set 0
    local.get 0))
