;; Plain exports for `wisp run --invoke`: arithmetic with exact expected
;; results, every value type, multi-value, and the traps the CLI reports.
(module
  (memory 1)

  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))

  (func $fac (export "fac") (param i64) (result i64)
    (if (result i64) (i64.le_u (local.get 0) (i64.const 1))
      (then (i64.const 1))
      (else (i64.mul (local.get 0)
                     (call $fac (i64.sub (local.get 0) (i64.const 1)))))))

  (func (export "hypot") (param f64 f64) (result f64)
    (f64.sqrt (f64.add (f64.mul (local.get 0) (local.get 0))
                       (f64.mul (local.get 1) (local.get 1)))))

  (func (export "half") (param f32) (result f32)
    (f32.mul (local.get 0) (f32.const 0.5)))

  (func (export "id_f64") (param f64) (result f64) (local.get 0))
  (func (export "id_f32") (param f32) (result f32) (local.get 0))
  (func (export "id_i64") (param i64) (result i64) (local.get 0))
  (func (export "neg1") (result i32) (i32.const -1))
  (func (export "nan_payload") (result f64) (f64.const nan:0x1))
  (func (export "nothing"))

  (func (export "swap") (param i32 i64) (result i64 i32)
    (local.get 1) (local.get 0))

  ;; traps
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "boom") (unreachable))
  (func (export "oob") (result i32)
    (i32.load (i32.const 65536)))

  ;; never returns: only --fuel stops it
  (func (export "spin")
    (loop $forever (br $forever)))
)
