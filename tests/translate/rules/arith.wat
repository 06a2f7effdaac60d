;; Fusion rules of arithmetic (core/fuse.inc numeric): (x >> k) & m,
;; x * y + c, x + y + k, an op taking in a constant shift (SHIFTOPS), a
;; float add/sub taking in a multiply (FMULOPS), the immediate forms (the
;; constant right or left: RSUB/RSHL, compares turned around, i64 within
;; 32 bits, floats FIMM/FIMMREV); each with a near miss. Checked by
;; check_code.py.
(module
  ;; @code shr_and
  ;;   I32_SHR_U_AND s0 s0 #3 #0xff
  ;;   RETURN
  (func (export "shr_and") (param i32) (result i32)
    (i32.and (i32.shr_u (local.get 0) (i32.const 3)) (i32.const 0xff)))
  ;; near miss: the shift's result is read again
  ;; @not shr_and_kept: I32_SHR_U_AND
  ;; @has shr_and_kept: I32_SHR_U_IMM s1 s0 #3
  (func (export "shr_and_kept") (param i32) (result i32) (local i32)
    (i32.add (i32.and (local.tee 1 (i32.shr_u (local.get 0) (i32.const 3))) (i32.const 0xff))
             (local.get 1)))
  ;; @code mul_add
  ;;   I32_MUL_ADD s0 s0 s1 s2
  ;;   RETURN
  (func (export "mul_add") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
  ;; near miss: the product goes to a local first
  ;; @not mul_add_kept: I32_MUL_ADD
  ;; @has mul_add_kept: I32_MUL s3 s0 s1
  (func (export "mul_add_kept") (param i32 i32 i32) (result i32) (local i32)
    (local.set 3 (i32.mul (local.get 0) (local.get 1)))
    (i32.add (local.get 3) (local.get 2)))
  ;; @code add_add
  ;;   I32_ADD_ADD_IMM s0 s0 s1 #7
  ;;   RETURN
  (func (export "add_add") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const 7)))
  ;; near miss: a loop head between the two adds
  ;; @not add_add_label: I32_ADD_ADD_IMM
  ;; @has add_add_label: I32_ADD s2 s0 s1
  (func (export "add_add_label") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1))
    (loop (param i32) (result i32) (i32.add (i32.const 7))))

  ;; c OP (x SHIFT k): "d a b k"; a rotate right is a rotate left by 32 - k
  ;; @code xor_shl
  ;;   I32_XOR_SHL s0 s0 s1 #5
  ;;   RETURN
  (func (export "xor_shl") (param i32 i32) (result i32)
    (i32.xor (local.get 0) (i32.shl (local.get 1) (i32.const 5))))
  ;; @has add_rotr: I32_ADD_ROTL s0 s0 s1 #24
  (func (export "add_rotr") (param i32 i32) (result i32)
    (i32.add (i32.rotr (local.get 1) (i32.const 8)) (local.get 0)))
  ;; near miss: a shift by a register
  ;; @not xor_shl_reg: I32_XOR_SHL
  ;; @has xor_shl_reg: I32_SHL s4 s1 s2
  (func (export "xor_shl_reg") (param i32 i32 i32) (result i32)
    (i32.xor (local.get 0) (i32.shl (local.get 1) (local.get 2))))
  ;; x*y + c and c - x*y: "d a b c", two roundings
  ;; @code fmul_add
  ;;   F32_MUL_ADD s0 s0 s1 s2
  ;;   RETURN
  (func (export "fmul_add") (param f32 f32 f32) (result f32)
    (f32.add (f32.mul (local.get 0) (local.get 1)) (local.get 2)))
  ;; @code fmul_rsub
  ;;   F64_MUL_RSUB s0 s0 s1 s2
  ;;   RETURN
  (func (export "fmul_rsub") (param f64 f64 f64) (result f64)
    (f64.sub (local.get 2) (f64.mul (local.get 0) (local.get 1))))
  ;; near miss: the product is read again
  ;; @not fmul_kept: F32_*MUL_*
  ;; @has fmul_kept: F32_MUL s3 s0 s1
  (func (export "fmul_kept") (param f32 f32 f32) (result f32) (local f32)
    (f32.add (f32.add (local.tee 3 (f32.mul (local.get 0) (local.get 1))) (local.get 2))
             (local.get 3)))

  ;; immediates: right, left (the reverse and turned-around forms)
  ;; @code imm_right
  ;;   I32_SUB_IMM s0 s0 #5
  ;;   RETURN
  (func (export "imm_right") (param i32) (result i32)
    (i32.sub (local.get 0) (i32.const 5)))
  ;; @code rsub
  ;;   I32_RSUB_IMM s0 s0 #5
  ;;   RETURN
  (func (export "rsub") (param i32) (result i32)
    (i32.sub (i32.const 5) (local.get 0)))
  ;; @code rshl
  ;;   I32_RSHL_IMM s0 s0 #1
  ;;   RETURN
  (func (export "rshl") (param i32) (result i32)
    (i32.shl (i32.const 1) (local.get 0)))
  ;; 5 < x is x > 5
  ;; @code lt_left
  ;;   I32_GT_S_IMM s0 s0 #5
  ;;   RETURN
  (func (export "lt_left") (param i32) (result i32)
    (i32.lt_s (i32.const 5) (local.get 0)))
  ;; @code i64_imm
  ;;   I64_ADD_IMM s0 s0 #-3
  ;;   RETURN
  (func (export "i64_imm") (param i64) (result i64)
    (i64.add (local.get 0) (i64.const -3)))
  ;; an i64 constant beyond 32 bits: the immediate's two words
  ;; @code i64_big
  ;;   I64_ADD_IMM s0 s0 #4294967296
  ;;   RETURN
  (func (export "i64_big") (param i64) (result i64)
    (i64.add (local.get 0) (i64.const 0x100000000)))
  ;; @code i64_mul_big_left
  ;;   I64_MUL_IMM s0 s0 #6364136223846793005
  ;;   RETURN
  (func (export "i64_mul_big_left") (param i64) (result i64)
    (i64.mul (i64.const 6364136223846793005) (local.get 0)))
  ;; near miss: a constant on the left of a subtraction has no form
  ;; @not i64_sub_left: I64_SUB_IMM
  ;; @has i64_sub_left: CONST64 _ #-4294967296
  ;; @has i64_sub_left: I64_SUB s0 _ s0
  (func (export "i64_sub_left") (param i64) (result i64)
    (i64.sub (i64.const -0x100000000) (local.get 0)))
  ;; near miss: a shift's count cannot be the constant (no left form)
  ;; @not shr_left: I32_SHR_S_IMM
  ;; @has shr_left: I32_SHR_S s0 _ s0
  (func (export "shr_left") (param i32) (result i32)
    (i32.shr_s (i32.const -64) (local.get 0)))
  ;; floats: f32 one word of bits, f64 two; k / x reversed
  ;; @code fimm
  ;;   F32_MUL_IMM s0 s0 #0x40200000
  ;;   RETURN
  (func (export "fimm") (param f32) (result f32)
    (f32.mul (local.get 0) (f32.const 2.5)))
  ;; @code frdiv
  ;;   F64_RDIV_IMM s0 s0 #0x3ff0000000000000
  ;;   RETURN
  (func (export "frdiv") (param f64) (result f64)
    (f64.div (f64.const 1) (local.get 0)))
  ;; @code flt_left
  ;;   F32_GT_IMM s0 s0 #0x0
  ;;   RETURN
  (func (export "flt_left") (param f32) (result i32)
    (f32.lt (f32.const 0) (local.get 0)))
  ;; near miss: min has no immediate form
  ;; @not fmin: F32_*IMM*
  ;; @has fmin: F32_MIN s0 s0 _
  (func (export "fmin") (param f32) (result f32)
    (f32.min (local.get 0) (f32.const 2.5)))
)
