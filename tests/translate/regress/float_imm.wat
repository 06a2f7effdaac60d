;; Float ops with a constant operand take it as an immediate (WISP_FIMMOPS:
;; f32 in one word, f64 in two). Constants on either side (k - x and k / x
;; have forms of their own: WISP_FIMMREV), the compares
;; turned around for a constant on the left, NaN and signed zeros, f64
;; constants whose halves differ. Replayed by regress-diff against
;; float_imm.expected (wabt's wasm-interp).
;; Code (check_code.py): the constant forms, reverse forms, turned-around
;; compares and the f64 word order.
;; @has f32: F32_MUL_IMM s1 s0 #0x3fc00000
;; @has f32: F32_RDIV_IMM s4 s0 #0x3f800000
;; @has f32: F32_RSUB_IMM* s3 s4 #0x40400000
;; @has cmp64: F64_LT_IMM s1 s0 #0x3ff0000000000001
;; @has cmp64: F64_GE_IMM s2 s0 #0x8000000000000000
;; @not f32: F32_ADD_IMM
(module
  (func $f32 (param f32) (result f32)
    (f32.add
      (f32.add (f32.mul (local.get 0) (f32.const 1.5)) (f32.sub (local.get 0) (f32.const -0.25)))
      (f32.add (f32.div (local.get 0) (f32.const 8)) (f32.sub (f32.const 3) (f32.div (f32.const 1) (local.get 0))))))
  (func (export "f32_ops") (result f32) (call $f32 (f32.const 2)))
  (func (export "f32_ops_neg") (result f32) (call $f32 (f32.const -0.5)))
  (func $f64 (param f64) (result f64)
    (f64.add
      (f64.add (f64.mul (f64.const 1.0000000000000002) (local.get 0)) (f64.sub (local.get 0) (f64.const 123456.789)))
      (f64.add (f64.div (local.get 0) (f64.const 0.1)) (f64.sub (f64.const -1000.5) (f64.div (f64.const 7) (local.get 0))))))
  (func (export "f64_ops") (result f64) (call $f64 (f64.const 3.5)))
  (func (export "f64_ops_small") (result f64) (call $f64 (f64.const 1e-300)))
  (func $cmp32 (param f32) (result i32)
    (i32.or
      (i32.or
        (i32.or (f32.lt (local.get 0) (f32.const 1)) (i32.shl (f32.lt (f32.const 1) (local.get 0)) (i32.const 1)))
        (i32.or (i32.shl (f32.le (f32.const 1) (local.get 0)) (i32.const 2)) (i32.shl (f32.ge (f32.const 1) (local.get 0)) (i32.const 3))))
      (i32.or
        (i32.or (i32.shl (f32.gt (local.get 0) (f32.const -2)) (i32.const 4)) (i32.shl (f32.eq (f32.const 1) (local.get 0)) (i32.const 5)))
        (i32.shl (f32.ne (local.get 0) (f32.const 1)) (i32.const 6)))))
  (func (export "cmp32_lo") (result i32) (call $cmp32 (f32.const 0.5)))
  (func (export "cmp32_eq") (result i32) (call $cmp32 (f32.const 1)))
  (func (export "cmp32_hi") (result i32) (call $cmp32 (f32.const 4)))
  (func (export "cmp32_nan") (result i32) (call $cmp32 (f32.const nan)))
  (func $cmp64 (param f64) (result i32)
    (i32.or
      (i32.or
        (i32.or (f64.lt (local.get 0) (f64.const 0x1.0000000000001p+0)) (i32.shl (f64.lt (f64.const 0x1.0000000000001p+0) (local.get 0)) (i32.const 1)))
        (i32.or (i32.shl (f64.le (f64.const -0) (local.get 0)) (i32.const 2)) (i32.shl (f64.ge (f64.const 2) (local.get 0)) (i32.const 3))))
      (i32.or
        (i32.or (i32.shl (f64.gt (local.get 0) (f64.const -2)) (i32.const 4)) (i32.shl (f64.eq (f64.const 0) (local.get 0)) (i32.const 5)))
        (i32.shl (f64.ne (local.get 0) (f64.const 1)) (i32.const 6)))))
  (func (export "cmp64_one") (result i32) (call $cmp64 (f64.const 1)))
  (func (export "cmp64_next") (result i32) (call $cmp64 (f64.const 0x1.0000000000001p+0)))
  (func (export "cmp64_negzero") (result i32) (call $cmp64 (f64.const -0)))
  (func (export "cmp64_nan") (result i32) (call $cmp64 (f64.const nan)))
  (func (export "signed_zero") (result f64)
    (f64.div (f64.const 1) (f64.add (f64.const -0) (f64.mul (f64.const -0) (f64.const 5)))))
)
