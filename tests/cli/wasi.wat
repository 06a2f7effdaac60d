;; Calls the CLI's WASI functions directly, with good and hostile
;; arguments, and returns the raw errno (and outputs) for the test to check.
;; Memory layout: 0 = an iovec {16, 3}, 16 = "hi\n", 64.. = scratch.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek"
    (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get"
    (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get"
    (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get"
    (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get"
    (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit"
    (func $proc_exit (param i32)))

  (memory (export "memory") 1)
  (data (i32.const 0) "\10\00\00\00\03\00\00\00")
  (data (i32.const 16) "hi\n")

  (func (export "write_hi") (param $fd i32) (result i32 i32)
    (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 64))
    (i32.load (i32.const 64)))

  ;; the iovec array runs off the end of memory
  (func (export "write_bad_iovs") (result i32)
    (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 64)))

  ;; 2^31 iovecs: a host that trusts the count reads far outside memory
  (func (export "write_huge_count") (result i32)
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0x7fffffff) (i32.const 64)))

  ;; a valid iovec whose buffer runs off the end
  (func (export "write_bad_buf") (result i32)
    (i32.store (i32.const 32) (i32.const 65530))
    (i32.store (i32.const 36) (i32.const 100))
    (call $fd_write (i32.const 1) (i32.const 32) (i32.const 1) (i32.const 64)))

  ;; nwritten points outside memory: nothing may be written at all
  (func (export "write_bad_nwritten") (result i32)
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const -1)))

  (func (export "seek") (param $fd i32) (result i32)
    (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 0) (i32.const 64)))

  ;; errno and the filetype byte
  (func (export "fdstat") (param $fd i32) (result i32 i32)
    (i32.store8 (i32.const 64) (i32.const 0xff))
    (call $fd_fdstat_get (local.get $fd) (i32.const 64))
    (i32.load8_u (i32.const 64)))

  (func (export "prestat") (param $fd i32) (result i32)
    (call $fd_prestat_get (local.get $fd) (i32.const 64)))

  ;; not implemented: bound to the ENOSYS stub
  (func (export "path_open") (result i32)
    (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 2)
                     (i32.const 0) (i64.const 0) (i64.const 0) (i32.const 0)
                     (i32.const 64)))

  (func (export "clock") (param $id i32) (result i32 i64)
    (i64.store (i32.const 64) (i64.const 0))
    (call $clock_time_get (local.get $id) (i64.const 1) (i32.const 64))
    (i64.load (i32.const 64)))

  (func (export "random") (param $ptr i32) (param $len i32) (result i32)
    (call $random_get (local.get $ptr) (local.get $len)))

  (func (export "args") (result i32 i32 i32)
    (call $args_sizes_get (i32.const 64) (i32.const 68))
    (i32.load (i32.const 64))
    (i32.load (i32.const 68)))

  (func (export "environ") (result i32 i32 i32)
    (i32.store (i32.const 64) (i32.const -1))
    (i32.store (i32.const 68) (i32.const -1))
    (call $environ_sizes_get (i32.const 64) (i32.const 68))
    (i32.load (i32.const 64))
    (i32.load (i32.const 68)))

  ;; closing stdout hides it from the guest (EBADF after), not from wisp
  (func (export "close_then_write") (result i32 i32)
    (call $fd_close (i32.const 1))
    (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 64)))

  (func (export "exit") (param i32)
    (call $proc_exit (local.get 0))
    (unreachable))
)
