;; Issue 15: three memories and two tables of one instance grow in an order
;; the test picks at random (grow.c, part 4). `fill` writes a sample of a new
;; region (every 61st byte of a memory, every element of a table), `check`
;; counts the samples of a whole memory or table that are wrong and the
;; bytes between them (at 30 mod 61) that are not zero: contents survive
;; every move, and growth into reused arena is zeroed. All through the
;; interpreter, whose memory 0 base is cached across these calls.
(module
  (type $r (func (result i32)))
  (memory $m0 1)
  (memory $m1 0)
  (memory $m2 0)
  (table $t0 0 funcref)
  (table $t1 0 funcref)
  (table $fs 4 funcref)
  (func $f0 (type $r) (i32.const 0))
  (func $f1 (type $r) (i32.const 1))
  (func $f2 (type $r) (i32.const 2))
  (func $f3 (type $r) (i32.const 3))
  (elem (table $fs) (i32.const 0) func $f0 $f1 $f2 $f3)
  (export "m0" (memory $m0))
  (export "m1" (memory $m1))
  (export "m2" (memory $m2))
  (export "t0" (table $t0))
  (export "t1" (table $t1))

  ;; what byte i of memory w holds: depends on the page too
  (func $byte (param $w i32) (param $i i32) (result i32)
    (i32.and
      (i32.add
        (i32.mul (i32.xor (local.get $i) (i32.shr_u (local.get $i) (i32.const 13)))
                 (i32.const 131))
        (i32.mul (local.get $w) (i32.const 77)))
      (i32.const 255)))
  ;; what element i of table w (3 or 4) calls: f((i + w) % 4)
  (func $want (param $w i32) (param $i i32) (result i32)
    (i32.rem_u (i32.add (local.get $i) (local.get $w)) (i32.const 4)))
  (func $bytes (param $w i32) (result i32)
    (i32.shl
      (if (result i32) (i32.eqz (local.get $w))
        (then (memory.size $m0))
        (else (if (result i32) (i32.eq (local.get $w) (i32.const 1))
          (then (memory.size $m1))
          (else (memory.size $m2)))))
      (i32.const 16)))
  (func $get (param $w i32) (param $i i32) (result i32)
    (if (result i32) (i32.eqz (local.get $w))
      (then (i32.load8_u $m0 (local.get $i)))
      (else (if (result i32) (i32.eq (local.get $w) (i32.const 1))
        (then (i32.load8_u $m1 (local.get $i)))
        (else (i32.load8_u $m2 (local.get $i)))))))
  (func $put (param $w i32) (param $i i32) (param $v i32)
    (if (i32.eqz (local.get $w))
      (then (i32.store8 $m0 (local.get $i) (local.get $v)))
      (else (if (i32.eq (local.get $w) (i32.const 1))
        (then (i32.store8 $m1 (local.get $i) (local.get $v)))
        (else (i32.store8 $m2 (local.get $i) (local.get $v)))))))

  ;; w: 0-2 memories (delta in pages), 3-4 tables; old size or -1
  (func (export "grow") (param $w i32) (param $d i32) (result i32)
    (if (i32.eqz (local.get $w)) (then (return (memory.grow $m0 (local.get $d)))))
    (if (i32.eq (local.get $w) (i32.const 1)) (then (return (memory.grow $m1 (local.get $d)))))
    (if (i32.eq (local.get $w) (i32.const 2)) (then (return (memory.grow $m2 (local.get $d)))))
    (if (i32.eq (local.get $w) (i32.const 3))
      (then (return (table.grow $t0 (ref.null func) (local.get $d)))))
    (table.grow $t1 (ref.null func) (local.get $d)))

  ;; samples of [from, to): memory bytes at multiples of 61, table elements
  (func (export "fill") (param $w i32) (param $from i32) (param $to i32)
    (local $i i32)
    (if (i32.ge_u (local.get $w) (i32.const 3))
      (then
        (local.set $i (local.get $from))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
          (if (i32.eq (local.get $w) (i32.const 3))
            (then (table.set $t0 (local.get $i)
                    (table.get $fs (call $want (local.get $w) (local.get $i)))))
            (else (table.set $t1 (local.get $i)
                    (table.get $fs (call $want (local.get $w) (local.get $i))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (return)))
    (local.set $i (i32.mul (i32.div_u (i32.add (local.get $from) (i32.const 60)) (i32.const 61))
                           (i32.const 61)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $to)))
      (call $put (local.get $w) (local.get $i) (call $byte (local.get $w) (local.get $i)))
      (local.set $i (i32.add (local.get $i) (i32.const 61)))
      (br $next))))

  ;; wrong samples, and nonzero bytes between them, of memory or table w
  (func (export "check") (param $w i32) (result i32)
    (local $i i32) (local $n i32) (local $bad i32) (local $v i32)
    (if (i32.ge_u (local.get $w) (i32.const 3))
      (then
        (local.set $n (select (table.size $t0) (table.size $t1)
                              (i32.eq (local.get $w) (i32.const 3))))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $v
            (if (result i32) (i32.eq (local.get $w) (i32.const 3))
              (then (call_indirect $t0 (type $r) (local.get $i)))
              (else (call_indirect $t1 (type $r) (local.get $i)))))
          (local.set $bad (i32.add (local.get $bad)
            (i32.ne (local.get $v) (call $want (local.get $w) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (return (local.get $bad))))
    (local.set $n (call $bytes (local.get $w)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $bad (i32.add (local.get $bad)
        (i32.ne (call $get (local.get $w) (local.get $i))
                (call $byte (local.get $w) (local.get $i)))))
      (if (i32.lt_u (i32.add (local.get $i) (i32.const 30)) (local.get $n))
        (then (local.set $bad (i32.add (local.get $bad)
          (i32.ne (call $get (local.get $w) (i32.add (local.get $i) (i32.const 30)))
                  (i32.const 0))))))
      (local.set $i (i32.add (local.get $i) (i32.const 61)))
      (br $next)))
    (local.get $bad)))
