;; stderr that starts like Rust std's panic report, for check.py's `held`
;; case: wisp run holds such text back (lib/wasi.c) and must print it, in
;; order, whenever it is not replaced by wisp's own panic line. Each export
;; writes the text in pieces, as std does, then:
;;   trap      traps with `unreachable` (no Rust frames: not a panic wisp finds)
;;   stdout    writes "out\n" to stdout, then more stderr, and returns
;;   exit      calls proc_exit(3)
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "thread '")
  (data (i32.const 108) "main' panicked at 'boom', src/x.rs:1:2\n")
  (data (i32.const 200) "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n")
  (data (i32.const 300) "out\n")
  (data (i32.const 310) "thread 'x' is fine\n")
  ;; fd_write(fd, one iovec {ptr, len} at 0, count 1, nwritten at 8)
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $panic_text
    (call $write (i32.const 2) (i32.const 100) (i32.const 8))
    (call $write (i32.const 2) (i32.const 108) (i32.const 39))
    (call $write (i32.const 2) (i32.const 200) (i32.const 78)))
  (func (export "trap")
    (call $panic_text)
    unreachable)
  (func (export "stdout")
    (call $write (i32.const 2) (i32.const 310) (i32.const 19))
    (call $panic_text)
    (call $write (i32.const 1) (i32.const 300) (i32.const 4))
    (call $panic_text))
  (func (export "exit")
    (call $panic_text)
    (call $proc_exit (i32.const 3))))
