;; Issue 15: growth in turns. `grow` adds a page at a time until
;; memory.grow fails (with $tables, a table.grow before each one) and
;; returns the pages reached; `check` counts what did not survive the moves:
;; each new page's first and last byte hold its number, its middle byte is
;; zero, and every table element added calls $f.
(module
  (type $r (func (result i32)))
  (memory (export "mem") 1)
  (table $t 1 funcref)
  (func $f (type $r) (i32.const 42))
  (elem declare func $f)
  (func (export "grow") (param $tables i32) (result i32)
    (local $p i32)
    (loop $more
      (if (local.get $tables)
        (then (drop (table.grow $t (ref.func $f) (i32.const 1)))))
      (local.set $p (memory.grow (i32.const 1)))
      (if (i32.ne (local.get $p) (i32.const -1))
        (then
          (i32.store8 (i32.shl (local.get $p) (i32.const 16)) (local.get $p))
          (i32.store8 (i32.add (i32.shl (local.get $p) (i32.const 16)) (i32.const 0xffff))
                      (local.get $p))
          (br $more))))
    (memory.size))
  (func (export "check") (result i32)
    (local $p i32) (local $a i32) (local $bad i32)
    (local.set $p (i32.const 1))
    (block $done
      (loop $page
        (br_if $done (i32.ge_u (local.get $p) (memory.size)))
        (local.set $a (i32.shl (local.get $p) (i32.const 16)))
        (local.set $bad (i32.add (local.get $bad)
          (i32.or
            (i32.or
              (i32.ne (i32.load8_u (local.get $a)) (i32.and (local.get $p) (i32.const 255)))
              (i32.ne (i32.load8_u offset=0xffff (local.get $a))
                      (i32.and (local.get $p) (i32.const 255))))
            (i32.ne (i32.load8_u offset=0x8000 (local.get $a)) (i32.const 0)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $page)))
    (local.set $p (i32.const 1))
    (block $done
      (loop $elem
        (br_if $done (i32.ge_u (local.get $p) (table.size $t)))
        (local.set $bad (i32.add (local.get $bad)
          (i32.ne (call_indirect $t (type $r) (local.get $p)) (i32.const 42))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $elem)))
    (local.get $bad)))
