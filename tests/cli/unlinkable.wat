;; Imports something wisp cannot provide: instantiation must fail cleanly.
(module
  (import "env" "draw_sprite" (func (param i32)))
  (func (export "_start")))
