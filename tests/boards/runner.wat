;; The module tests/boards/check_mps2.py runs under wisp-runner.elf on QEMU
;; mps2-an385: one export per result format, the env.clock_ms import, an
;; import the runner does not provide (bound to a trapping stub), a trap.
(module
  (import "env" "clock_ms" (func $clock_ms (result i64)))
  (import "env" "not_provided" (func $not_provided (param i32) (result i32)))
  (memory 1)

  (func $fib (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; fib(20) = 6765, recursively: ~22k calls.
  (func (export "run") (result i32) (call $fib (i32.const 20)))

  ;; 20! = 2432902008176640000, with a loop and memory traffic.
  (func (export "fact64") (result i64) (local $i i32)
    (i64.store (i32.const 8) (i64.const 1))
    (local.set $i (i32.const 2))
    (loop $l
      (i64.store (i32.const 8)
        (i64.mul (i64.load (i32.const 8)) (i64.extend_i32_u (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.le_u (local.get $i) (i32.const 20))))
    (i64.load (i32.const 8)))

  ;; i32 results print unsigned, as wasm3's runner prints them.
  (func (export "neg") (result i32) (i32.const -7))
  (func (export "f32") (result f32) (f32.div (f32.const 3) (f32.const 2)))
  (func (export "f64") (result f64) (f64.mul (f64.const 1.5) (f64.const -2.5)))
  (func (export "none"))

  ;; f64.div on 3000 pseudo-random pairs (soft-float boards divide with
  ;; wfloat's integer quotient): any bit patterns, quotients of every size
  ;; near 1, subnormal results, ties (an odd significand over a power of
  ;; two, into the subnormals). NaN results count as the canonical NaN; the
  ;; result bits fold into an i32 that check_mps2.py computes in Python.
  (func (export "fdiv") (result i32)
    (local $x i64) (local $a i64) (local $b i64) (local $r i64) (local $sum i64) (local $i i32)
    (local.set $x (i64.const 0x9e3779b97f4a7c15))
    (loop $l
      (local.set $a (call $xorshift (local.get $x)))
      (local.set $b (call $xorshift (local.get $a)))
      (local.set $x (local.get $b))
      (if (i32.eq (i32.rem_u (local.get $i) (i32.const 4)) (i32.const 1))
        (then ;; b's exponent within -40..+23 of a's
          (local.set $b (i64.or (i64.and (local.get $b) (i64.const 0x800fffffffffffff))
            (i64.shl (i64.and (i64.add (i64.shr_u (local.get $a) (i64.const 52))
                                       (i64.sub (i64.and (local.get $b) (i64.const 63))
                                                (i64.const 40)))
                              (i64.const 0x7ff))
                     (i64.const 52))))))
      (if (i32.eq (i32.rem_u (local.get $i) (i32.const 4)) (i32.const 2))
        (then ;; a subnormal over a number from 2^-23 to 2^40
          (local.set $a (i64.shr_u (i64.shr_u (local.get $a) (i64.const 12))
                                   (i64.and (local.get $b) (i64.const 31))))
          (local.set $b (i64.or (i64.and (local.get $b) (i64.const 0x800fffffffffffff))
            (i64.shl (i64.add (i64.const 1000) (i64.and (i64.shr_u (local.get $b) (i64.const 52))
                                                        (i64.const 63)))
                     (i64.const 52))))))
      (if (i32.eq (i32.rem_u (local.get $i) (i32.const 4)) (i32.const 3))
        (then ;; exponent 0-63, odd; over 2^1 to 2^16
          (local.set $a (i64.or (i64.or (i64.and (local.get $a) (i64.const 0x800fffffffffffff))
                                        (i64.const 1))
                                (i64.shl (i64.and (local.get $b) (i64.const 63)) (i64.const 52))))
          (local.set $b (i64.shl (i64.add (i64.const 1024)
                                          (i64.and (i64.shr_u (local.get $b) (i64.const 8))
                                                   (i64.const 15)))
                                 (i64.const 52)))))
      (local.set $r (i64.reinterpret_f64
        (f64.div (f64.reinterpret_i64 (local.get $a)) (f64.reinterpret_i64 (local.get $b)))))
      (if (f64.ne (f64.reinterpret_i64 (local.get $r)) (f64.reinterpret_i64 (local.get $r)))
        (then (local.set $r (i64.const 0x7ff8000000000000))))
      (local.set $sum (i64.xor (i64.rotl (local.get $sum) (i64.const 5)) (local.get $r)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 3000))))
    (i32.wrap_i64 (i64.xor (local.get $sum) (i64.shr_u (local.get $sum) (i64.const 32)))))
;; i64 division and remainder, signed and unsigned, and f32.mul and
  ;; f32.div on 2000 pseudo-random pairs (the compact -Os core divides i64
  ;; in a loop of its own and multiplies and divides f32 through f64):
  ;; dividends and divisors of every size, signed ones of either sign; f32
  ;; operands of any bits, and every other pair with exponents within -16..15
  ;; of each other. NaN results count as the canonical NaN; the results fold
  ;; into an i32 that check_mps2.py computes in Python.
  (func (export "divmul") (result i32)
    (local $x i64) (local $a i64) (local $b i64) (local $ua i64) (local $sa i64)
    (local $u i64) (local $sb i64) (local $sum i64) (local $i i32) (local $fa i32) (local $fb i32)
    (local.set $x (i64.const 0x2545f4914f6cdd1d))
    (loop $l
      (local.set $a (call $xorshift (local.get $x)))
      (local.set $b (call $xorshift (local.get $a)))
      (local.set $x (local.get $b))
      (local.set $ua (i64.shr_u (local.get $a) (i64.and (i64.shr_u (local.get $b) (i64.const 12))
                                                        (i64.const 31))))
      (local.set $sa (i64.shr_s (local.get $a) (i64.and (i64.shr_u (local.get $b) (i64.const 12))
                                                        (i64.const 31))))
      (local.set $u (i64.shr_u (local.get $b) (i64.and (i64.shr_u (local.get $b) (i64.const 6))
                                                       (i64.const 63))))
      (local.set $sb (i64.shr_s (local.get $b) (i64.and (i64.shr_u (local.get $b) (i64.const 6))
                                                        (i64.const 63))))
      (if (i64.eqz (local.get $u)) (then (local.set $u (i64.const 1))))
      (if (i64.le_u (i64.add (local.get $sb) (i64.const 1)) (i64.const 1)) ;; 0 or -1
        (then (local.set $sb (i64.add (local.get $sb) (i64.const 7)))))
      (local.set $sum (i64.xor (i64.rotl (local.get $sum) (i64.const 5))
                               (i64.div_u (local.get $ua) (local.get $u))))
      (local.set $sum (i64.xor (i64.rotl (local.get $sum) (i64.const 5))
                               (i64.rem_u (local.get $ua) (local.get $u))))
      (local.set $sum (i64.xor (i64.rotl (local.get $sum) (i64.const 5))
                               (i64.div_s (local.get $sa) (local.get $sb))))
      (local.set $sum (i64.xor (i64.rotl (local.get $sum) (i64.const 5))
                               (i64.rem_s (local.get $sa) (local.get $sb))))
      (local.set $fa (i32.wrap_i64 (local.get $a)))
      (local.set $fb (i32.wrap_i64 (i64.shr_u (local.get $b) (i64.const 32))))
      (if (i32.and (local.get $i) (i32.const 1))
        (then (local.set $fb (call $near32 (local.get $fa) (local.get $fb)))))
      (local.set $sum (call $fold32 (local.get $sum)
        (f32.mul (f32.reinterpret_i32 (local.get $fa)) (f32.reinterpret_i32 (local.get $fb)))))
      (local.set $sum (call $fold32 (local.get $sum)
        (f32.div (f32.reinterpret_i32 (local.get $fa)) (f32.reinterpret_i32 (local.get $fb)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2000))))
    (i32.wrap_i64 (i64.xor (local.get $sum) (i64.shr_u (local.get $sum) (i64.const 32)))))

  ;; f32.add, f32.sub, f64.mul, f64.add and f64.sub on 2000 pseudo-random
  ;; pairs (ARMv6-M builds do the f32 ones' and the product's common case in
  ;; wfloat, Thumb-2 the f64 ones' in wfloat_thumb2.S, the rest through
  ;; libgcc): any bits; every other pair with exponents within -16..15 of
  ;; each other; every fourth b a signed zero, every eighth a = -b
  ;; (cancellation to +0), with a's low bits nudged every sixteenth. NaN
  ;; results count as the canonical NaN; the results fold into an i32 that
  ;; check_mps2.py computes in Python.
  (func (export "farith") (result i32)
    (local $x i64) (local $a i64) (local $b i64) (local $sum i64) (local $i i32)
    (local $fa i32) (local $fb i32) (local $d i64)
    (local.set $x (i64.const 0x243f6a8885a308d3))
    (loop $l
      (local.set $a (call $xorshift (local.get $x)))
      (local.set $b (call $xorshift (local.get $a)))
      (local.set $x (local.get $b))
      (local.set $fa (i32.wrap_i64 (local.get $a)))
      (local.set $fb (i32.wrap_i64 (i64.shr_u (local.get $b) (i64.const 32))))
      (if (i32.and (local.get $i) (i32.const 1))
        (then ;; exponents within -16..15 of each other
          (local.set $fb (call $near32 (local.get $fa) (local.get $fb)))
          (local.set $b (i64.or (i64.and (local.get $b) (i64.const 0x800fffffffffffff))
            (i64.shl (i64.and (i64.add (i64.shr_u (local.get $a) (i64.const 52))
                                       (i64.sub (i64.and (local.get $b) (i64.const 31))
                                                (i64.const 16)))
                              (i64.const 0x7ff))
                     (i64.const 52))))))
      (if (i32.eq (i32.and (local.get $i) (i32.const 3)) (i32.const 2))
        (then (local.set $fb (i32.and (local.get $fb) (i32.const 0x80000000)))
              (local.set $b (i64.and (local.get $b) (i64.const 0x8000000000000000)))))
      (if (i32.eq (i32.and (local.get $i) (i32.const 7)) (i32.const 4))
        (then (local.set $fa (i32.xor (local.get $fb) (i32.const 0x80000000)))
              (local.set $a (i64.xor (local.get $b) (i64.const 0x8000000000000000)))
              (if (i32.eq (i32.and (local.get $i) (i32.const 15)) (i32.const 12))
                (then (local.set $fa (i32.add (local.get $fa) (i32.const 3)))
                      (local.set $a (i64.add (local.get $a) (i64.const 3)))))))
      (local.set $sum (call $fold32 (local.get $sum)
        (f32.add (f32.reinterpret_i32 (local.get $fa)) (f32.reinterpret_i32 (local.get $fb)))))
      (local.set $sum (call $fold32 (local.get $sum)
        (f32.sub (f32.reinterpret_i32 (local.get $fa)) (f32.reinterpret_i32 (local.get $fb)))))
      (local.set $d (i64.reinterpret_f64 (f64.mul (f64.reinterpret_i64 (local.get $a))
                                                  (f64.reinterpret_i64 (local.get $b)))))
      (local.set $sum (call $fold64 (local.get $sum) (local.get $d)))
      (local.set $sum (call $fold64 (local.get $sum)
        (i64.reinterpret_f64 (f64.add (f64.reinterpret_i64 (local.get $a))
                                      (f64.reinterpret_i64 (local.get $b))))))
      (local.set $sum (call $fold64 (local.get $sum)
        (i64.reinterpret_f64 (f64.sub (f64.reinterpret_i64 (local.get $a))
                                      (f64.reinterpret_i64 (local.get $b))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2000))))
    (i32.wrap_i64 (i64.xor (local.get $sum) (i64.shr_u (local.get $sum) (i64.const 32)))))
  ;; Every float comparison, f64 and f32, between registers and against a
  ;; constant (soft-float boards compare the bits): random pairs, equal
  ;; ones, a NaN, -0 against +0, neighbours. The outcomes fold into an i32.
  (func (export "fcmp") (result i32)
    (local $x i64) (local $a i64) (local $b i64) (local $fa i32) (local $fb i32)
    (local $sum i32) (local $i i32) (local $sel i32)
    (local.set $x (i64.const 0x2545f4914f6cdd1d))
    (loop $l
      (local.set $a (call $xorshift (local.get $x)))
      (local.set $b (call $xorshift (local.get $a)))
      (local.set $x (local.get $b))
      (local.set $fa (i32.wrap_i64 (local.get $a)))
      (local.set $fb (i32.wrap_i64 (local.get $b)))
      (local.set $sel (i32.and (local.get $i) (i32.const 7)))
      (if (i32.eq (local.get $sel) (i32.const 4))
        (then (local.set $b (local.get $a)) (local.set $fb (local.get $fa))))
      (if (i32.eq (local.get $sel) (i32.const 5))
        (then (local.set $b (i64.or (local.get $a) (i64.const 0x7ff8000000000000)))
              (local.set $fb (i32.or (local.get $fa) (i32.const 0x7fc00000)))))
      (if (i32.eq (local.get $sel) (i32.const 6))
        (then (local.set $a (i64.const 0)) (local.set $b (i64.const 0x8000000000000000))
              (local.set $fa (i32.const 0)) (local.set $fb (i32.const 0x80000000))))
      (if (i32.eq (local.get $sel) (i32.const 7))
        (then (local.set $b (i64.add (local.get $a) (i64.const 1)))
              (local.set $fb (i32.add (local.get $fa) (i32.const 1)))))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 33))
        (call $flags64 (f64.reinterpret_i64 (local.get $a)) (f64.reinterpret_i64 (local.get $b)))))
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 33))
        (call $flags32 (f32.reinterpret_i32 (local.get $fa)) (f32.reinterpret_i32 (local.get $fb)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 2000))))
    (local.get $sum))
  ;; eq ne lt gt le ge as bits 0-5, then the same against 1.5 as bits 6-11
  (func $flags64 (param $a f64) (param $b f64) (result i32)
    (i32.or (i32.or (i32.or (f64.eq (local.get $a) (local.get $b))
                            (i32.shl (f64.ne (local.get $a) (local.get $b)) (i32.const 1)))
                    (i32.or (i32.shl (f64.lt (local.get $a) (local.get $b)) (i32.const 2))
                            (i32.shl (f64.gt (local.get $a) (local.get $b)) (i32.const 3))))
      (i32.or (i32.or (i32.shl (f64.le (local.get $a) (local.get $b)) (i32.const 4))
                      (i32.shl (f64.ge (local.get $a) (local.get $b)) (i32.const 5)))
        (i32.or (i32.or (i32.or (i32.shl (f64.eq (local.get $a) (f64.const 1.5)) (i32.const 6))
                                (i32.shl (f64.ne (local.get $a) (f64.const 1.5)) (i32.const 7)))
                        (i32.or (i32.shl (f64.lt (local.get $a) (f64.const 1.5)) (i32.const 8))
                                (i32.shl (f64.gt (local.get $a) (f64.const 1.5)) (i32.const 9))))
                (i32.or (i32.shl (f64.le (local.get $a) (f64.const 1.5)) (i32.const 10))
                        (i32.shl (f64.ge (local.get $a) (f64.const 1.5)) (i32.const 11)))))))
  (func $flags32 (param $a f32) (param $b f32) (result i32)
    (i32.or (i32.or (i32.or (f32.eq (local.get $a) (local.get $b))
                            (i32.shl (f32.ne (local.get $a) (local.get $b)) (i32.const 1)))
                    (i32.or (i32.shl (f32.lt (local.get $a) (local.get $b)) (i32.const 2))
                            (i32.shl (f32.gt (local.get $a) (local.get $b)) (i32.const 3))))
      (i32.or (i32.or (i32.shl (f32.le (local.get $a) (local.get $b)) (i32.const 4))
                      (i32.shl (f32.ge (local.get $a) (local.get $b)) (i32.const 5)))
        (i32.or (i32.or (i32.or (i32.shl (f32.eq (local.get $a) (f32.const 1.5)) (i32.const 6))
                                (i32.shl (f32.ne (local.get $a) (f32.const 1.5)) (i32.const 7)))
                        (i32.or (i32.shl (f32.lt (local.get $a) (f32.const 1.5)) (i32.const 8))
                                (i32.shl (f32.gt (local.get $a) (f32.const 1.5)) (i32.const 9))))
                (i32.or (i32.shl (f32.le (local.get $a) (f32.const 1.5)) (i32.const 10))
                        (i32.shl (f32.ge (local.get $a) (f32.const 1.5)) (i32.const 11)))))))
;; Every load and store width at every alignment (ARMv6-M cannot access
  ;; memory unaligned: wisp's accesses there go aligned or byte by byte):
  ;; 64 rounds over addresses 1000-1015 and 1, folded into an i32.
  (func (export "unaligned") (result i32)
    (local $i i32) (local $a i32) (local $x i64) (local $s i64)
    (local.set $x (i64.const 0x0123456789abcdef))
    (loop $l
      (local.set $a (i32.add (i32.const 1000) (i32.and (local.get $i) (i32.const 15))))
      (local.set $x (call $xorshift (local.get $x)))
      (i64.store (local.get $a) (local.get $x))
      (local.set $s (i64.xor (i64.rotl (local.get $s) (i64.const 7)) (i64.load offset=1 (local.get $a))))
      (i32.store offset=3 (local.get $a) (i32.wrap_i64 (i64.shr_u (local.get $x) (i64.const 8))))
      (local.set $s (i64.add (local.get $s) (i64.load32_u (local.get $a))))
      (local.set $s (i64.xor (local.get $s) (i64.load32_s offset=2 (local.get $a))))
      (i32.store16 offset=5 (local.get $a) (i32.wrap_i64 (local.get $x)))
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.load16_s offset=4 (local.get $a)))))
      (local.set $s (i64.xor (local.get $s) (i64.extend_i32_u (i32.load16_u offset=1 (local.get $a)))))
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.load offset=1 (local.get $a)))))
      (i64.store32 offset=9 (local.get $a) (i64.rotl (local.get $x) (i64.const 13)))
      (i64.store16 offset=6 (local.get $a) (i64.rotl (local.get $x) (i64.const 29)))
      (i64.store8 offset=2 (local.get $a) (local.get $x))
      (local.set $s (i64.xor (i64.rotl (local.get $s) (i64.const 3)) (i64.load offset=3 (local.get $a))))
      (local.set $s (i64.add (local.get $s) (i64.load16_s offset=7 (local.get $a))))
      (local.set $s (i64.xor (local.get $s) (i64.load8_s offset=2 (local.get $a))))
      (f32.store offset=1 (local.get $a) (f32.reinterpret_i32 (i32.and (i32.wrap_i64 (local.get $x)) (i32.const 0x3fffffff))))
      (f64.store offset=5 (local.get $a) (f64.reinterpret_i64 (i64.and (local.get $x) (i64.const 0x3fffffffffffffff))))
      (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (i32.reinterpret_f32 (f32.load offset=2 (local.get $a))))))
      (local.set $s (i64.xor (local.get $s) (i64.reinterpret_f64 (f64.load offset=3 (local.get $a)))))
      ;; and address 1, in the first word
      (i32.store (i32.const 1) (i32.wrap_i64 (local.get $s)))
      (local.set $s (i64.add (local.get $s) (i64.load (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 64))))
    (i32.wrap_i64 (i64.xor (local.get $s) (i64.shr_u (local.get $s) (i64.const 32)))))
  (func $xorshift (param $x i64) (result i64)
    (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
    (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
    (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))

  ;; fb with its exponent moved to within -16..15 of fa's (by fb's low bits)
  (func $near32 (param $fa i32) (param $fb i32) (result i32)
    (i32.or (i32.and (local.get $fb) (i32.const 0x807fffff))
            (i32.shl (i32.and (i32.add (i32.shr_u (local.get $fa) (i32.const 23))
                                       (i32.sub (i32.and (local.get $fb) (i32.const 31))
                                                (i32.const 16)))
                              (i32.const 0xff))
                     (i32.const 23))))

  ;; an f32 result folded into a checksum: rotl 5, xor its bits (a NaN as
  ;; the canonical NaN's)
  (func $fold32 (param $sum i64) (param $r f32) (result i64)
    (i64.xor (i64.rotl (local.get $sum) (i64.const 5))
             (i64.extend_i32_u (select (i32.const 0x7fc00000) (i32.reinterpret_f32 (local.get $r))
                                       (f32.ne (local.get $r) (local.get $r))))))
  ;; the same for an f64's bits (any NaN as the canonical NaN)
  (func $fold64 (param $sum i64) (param $r i64) (result i64)
    (i64.xor (i64.rotl (local.get $sum) (i64.const 5))
             (select (i64.const 0x7ff8000000000000) (local.get $r)
                     (f64.ne (f64.reinterpret_i64 (local.get $r)) (f64.reinterpret_i64 (local.get $r))))))

  ;; Spin until 3 ms of virtual time (3M guest instructions) have passed;
  ;; return the milliseconds elapsed, i.e. 3.
  (func (export "clock") (result i32) (local $t0 i64) (local $t i64)
    (local.set $t0 (call $clock_ms))
    (loop $spin
      (local.set $t (i64.sub (call $clock_ms) (local.get $t0)))
      (br_if $spin (i64.lt_u (local.get $t) (i64.const 3))))
    (i32.wrap_i64 (local.get $t)))

  (func (export "trap") (result i32) (unreachable))
  (func (export "call_missing") (result i32) (call $not_provided (i32.const 1)))
)
