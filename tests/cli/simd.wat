;; v128 parameters and results for `wisp run --invoke` (issue 15).
(module
  (func (export "id") (param v128) (result v128) (local.get 0))
  (func (export "add_i32x4") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func (export "splat_f32") (param f32) (result v128) (f32x4.splat (local.get 0)))
  ;; lane 15 of an i8x16, sign-extended: the top byte of the 128 bits
  (func (export "top_i8") (param v128) (result i32) (i8x16.extract_lane_s 15 (local.get 0)))
  ;; v128 between scalars, and two v128 results
  (func (export "mix") (param i32 v128 f64) (result v128 i32 v128)
    (local.get 1) (local.get 0)
    (f64x2.splat (local.get 2))))
