;; The start function traps during instantiation.
(module
  (func $start (unreachable))
  (start $start)
  (func (export "_start")))
