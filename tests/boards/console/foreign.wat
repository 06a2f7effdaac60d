;; A game for another console: it imports what wisp's console lacks.
(module
  (import "env" "draw_sprite" (func (param i32 i32 i32)))
  (func (export "update")))
