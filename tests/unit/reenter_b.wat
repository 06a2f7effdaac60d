;; Instance B of tests/unit/test_reenter.c: owns the memory that instance A
;; imports, and grows it from its own code (A calls this directly, as a
;; wasm import, or a host function calls it).
(module
  (memory (export "mem") 1)
  (func (export "grow_shared") (param $pages i32)
    (drop (memory.grow (local.get $pages)))))
