;; A wasi_snapshot_preview1 name that does not exist in preview1.
(module
  (import "wasi_snapshot_preview1" "teleport" (func (result i32)))
  (func (export "_start")))
