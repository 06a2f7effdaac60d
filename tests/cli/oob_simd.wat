;; v128 accesses out of bounds (issue 19): 16 bytes, and a lane of 4.
(module
  (memory 1)
  (func (export "v128_load") (param $a i32) (result v128) (v128.load offset=16 (local.get $a)))
  (func (export "lane_store") (param $a i32)
    (v128.store32_lane offset=2 1 (local.get $a) (v128.const i32x4 1 2 3 4))))
