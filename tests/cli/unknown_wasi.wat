;; Names wasi_snapshot_preview1 does not define: the CLI binds stubs of the
;; declared types, so the module instantiates; an errno-shaped one returns
;; ENOSYS (52), any other traps when called, naming itself.
(module
  (import "wasi_snapshot_preview1" "teleport" (func $teleport (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "warp" (func $warp (param i64 f64)))
  (func (export "_start"))
  (func (export "teleport") (result i32)
    (call $teleport (i32.const 1)))
  (func (export "warp")
    (call $warp (i64.const 9) (f64.const 1.5))))
