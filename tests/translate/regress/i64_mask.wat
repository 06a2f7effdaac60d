;; i64.and with 0xffffffff (C's (uint64_t)(uint32_t)x, on every 64-bit
;; multiply's halves): I64_EXTEND_I32_U of x, the constant on either side;
;; other masks keep their forms (0xffffffff00000000, 0x7fffffff, and the
;; two constant operands that fold nothing).
;; Replayed by regress-diff against i64_mask.expected (wabt's wasm-interp).
;; @has low: I64_EXTEND_I32_U s0 s0
;; @not low: CONST64
;; @has low_left: I64_EXTEND_I32_U s0 s0
;; @not high: I64_EXTEND_I32_U
;; @not imm: I64_EXTEND_I32_U
;; @has imm: I64_AND_IMM s0 s0 #2147483647
(module
  (func $low (param i64) (result i64) (i64.and (local.get 0) (i64.const 0xffffffff)))
  (func $low_left (param i64) (result i64) (i64.and (i64.const 0xffffffff) (local.get 0)))
  (func $high (param i64) (result i64) (i64.and (local.get 0) (i64.const 0xffffffff00000000)))
  (func $imm (param i64) (result i64) (i64.and (local.get 0) (i64.const 0x7fffffff)))
  (func $both (result i64) (i64.and (i64.const 0xffffffff) (i64.const 0x123456789abcdef0)))
  (func $mulhi (param i64 i64) (result i64)
    (i64.add (i64.mul (i64.and (local.get 0) (i64.const 0xffffffff)) (i64.shr_u (local.get 1) (i64.const 32)))
             (i64.mul (i64.shr_u (local.get 0) (i64.const 32)) (i64.and (local.get 1) (i64.const 0xffffffff)))))
  (func (export "low_0") (result i64) (call $low (i64.const 0x0123456789abcdef)))
  (func (export "low_1") (result i64) (call $low (i64.const -2)))
  (func (export "low_2") (result i64) (call $low (i64.const 0x80000000)))
  (func (export "low_left_0") (result i64) (call $low_left (i64.const 0xfedcba9876543210)))
  (func (export "low_left_1") (result i64) (call $low_left (i64.const -1)))
  (func (export "high_0") (result i64) (call $high (i64.const 0x0123456789abcdef)))
  (func (export "imm_0") (result i64) (call $imm (i64.const -1)))
  (func (export "both") (result i64) (call $both))
  (func (export "mulhi_0") (result i64) (call $mulhi (i64.const 0xfedcba9876543210) (i64.const 0x0f0e0d0c0b0a0908)))
  (func (export "mulhi_1") (result i64) (call $mulhi (i64.const -1) (i64.const -3))))
