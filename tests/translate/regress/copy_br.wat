;; Moves then an unconditional branch (a loop's back edge, the end of an
;; if's then-arm) are one instruction (COPY_BR, COPY2_BR, COPY3_BR), and so
;; are three moves in a row (COPY3, in order: a move reads what one before
;; it wrote). Each export
;; would come out wrong if the moves were lost or a branch target between
;; the moves and the branch were skipped over. Replayed by regress-diff
;; against copy_br.expected (wabt's wasm-interp).
;; Code (check_code.py): the moves and back edges fused; none across the
;; branch target in label_at_br.
;; @has fib: COPY2_BR s1 s2 s2 s3 ->@1
;; @has three: COPY3 s2 s1 s3 s2 s4 s3
;; @has rotate: COPY3 s3 s0 s0 s1 s1 s2
;; @has rotate: COPY_BR s2 s3 ->@3
;; @not label_at_br: COPY_BR
;; @has label_at_br: COPY s2 s1
;; @has label_at_br: BR ->@0
;; A loop whose head starts with moves (its phis): the back edge makes them
;; and branches past them (translate.c thread_moves), dropping a head move
;; that undoes the one before the branch; not with more than three moves.
;; @has phis: COPY2 s3 s1 s0 s4
;; @has phis: COPY2_BR s1 s3 s0 s4 ->@3
;; @has phis_many: COPY3 s2 s1 s3 s2 s4 s3
;; @has phis_many: COPY_BR s1 s6 ->@1
;; @has head_only: COPY s1 s2
;; @has head_only: COPY_BR s1 s2 ->@2
;; Two or three moves before the back edge go in too (the head's moves
;; after them): phis_pre2's back edge is its two moves and the head's one;
;; phis_pre3's three moves leave no room for the head's, and it branches to
;; the head.
;; @has phis_pre2: COPY s3 s1
;; @has phis_pre2: COPY3_BR s1 s5 s2 s6 s3 s1 ->@3
;; @has phis_pre3: COPY s3 s0
;; @has phis_pre3: COPY3_BR s1 s5 s2 s6 s0 s7 ->@2
(module
  ;; the head copies two carried values (3 <- 1, 0 <- 4); the back edge sets
  ;; 1 from 3 and 4 anew: threaded as two moves, 3 <- 1 being a no-op then
  (func $phis (param i32) (result i32) (local i32 i32 i32 i32)
    (local.set 1 (i32.const 1))
    (local.set 4 (local.get 0))
    (block $done
      (loop $l
        (local.set 3 (local.get 1))
        (local.set 0 (local.get 4))
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 2 (i32.add (local.get 2) (i32.mul (local.get 3) (local.get 0))))
        (local.set 4 (i32.sub (local.get 0) (i32.const 1)))
        (local.set 3 (i32.add (local.get 3) (i32.const 2)))
        (local.set 1 (local.get 3))
        (br $l)))
    (i32.add (local.get 2) (local.get 3)))
  ;; three head moves and a fourth before the back edge: not threaded
  (func $phis_many (param i32) (result i32) (local i32 i32 i32 i32 i32 i32)
    (local.set 1 (local.get 0))
    (block $done
      (loop $l
        (local.set 2 (local.get 1))
        (local.set 3 (local.get 2))
        (local.set 4 (local.get 3))
        (br_if $done (i32.ge_u (local.get 4) (i32.const 50)))
        (local.set 5 (i32.add (local.get 5) (local.get 4)))
        (local.set 6 (i32.add (local.get 4) (i32.const 7)))
        (local.set 1 (local.get 6))
        (br $l)))
    (i32.add (local.get 5) (local.get 4)))
  ;; the move before the back edge repeats the head's: one move, past the head
  (func $head_only (param i32) (result i32) (local i32 i32)
    (local.set 2 (local.get 0))
    (block $done
      (loop $l
        (local.set 1 (local.get 2))
        (br_if $done (i32.eqz (local.get 1)))
        (local.set 2 (i32.sub (local.get 1) (i32.const 1)))
        (local.set 1 (local.get 2))
        (br $l)))
    (local.get 1))
  ;; the head copies 3 <- 1; the back edge sets 1 and 2 anew (two moves),
  ;; then the head's move
  (func $phis_pre2 (param i32) (result i32) (local i32 i32 i32 i32 i32 i32)
    (local.set 1 (i32.const 1))
    (local.set 2 (i32.const 2))
    (loop $l
      (local.set 3 (local.get 1))
      (local.set 5 (i32.add (local.get 3) (local.get 2)))
      (local.set 6 (i32.mul (local.get 2) (i32.const 3)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (if (local.get 0)
        (then
          (local.set 1 (local.get 5))
          (local.set 2 (local.get 6))
          (br $l))))
    (i32.add (i32.mul (local.get 3) (i32.const 1000)) (local.get 2)))
  ;; three moves before the back edge, and a head move that is needed
  (func $phis_pre3 (param i32) (result i32) (local i32 i32 i32 i32 i32 i32 i32)
    (local.set 1 (i32.const 1))
    (local.set 2 (i32.const 2))
    (loop $l
      (local.set 3 (local.get 0))
      (local.set 5 (i32.add (local.get 1) (local.get 2)))
      (local.set 6 (i32.mul (local.get 2) (i32.const 3)))
      (local.set 7 (i32.sub (local.get 3) (i32.const 1)))
      (if (local.get 7)
        (then
          (local.set 1 (local.get 5))
          (local.set 2 (local.get 6))
          (local.set 0 (local.get 7))
          (br $l))))
    (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 2)))
  (func (export "phis_pre2_5") (result i32) (call $phis_pre2 (i32.const 5)))
  (func (export "phis_pre3_4") (result i32) (call $phis_pre3 (i32.const 4)))
  (func (export "phis_0") (result i32) (call $phis (i32.const 0)))
  (func (export "phis_1") (result i32) (call $phis (i32.const 1)))
  (func (export "phis_10") (result i32) (call $phis (i32.const 10)))
  (func (export "phis_many_0") (result i32) (call $phis_many (i32.const 0)))
  (func (export "phis_many_3") (result i32) (call $phis_many (i32.const 3)))
  (func (export "head_only_5") (result i32) (call $head_only (i32.const 5)))
  ;; iterative Fibonacci: the back edge moves two locals
  (func $fib (param i32) (result i32) (local i32 i32 i32)
    (local.set 1 (i32.const 0))
    (local.set 2 (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get 0)))
        (local.set 3 (i32.add (local.get 1) (local.get 2)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (local.set 1 (local.get 2))
        (local.set 2 (local.get 3))
        (br $l)))
    (local.get 1))
  (func (export "fib_20") (result i32) (call $fib (i32.const 20)))
  ;; three moves: COPY2 then COPY_BR
  (func (export "rotate") (result i32) (local i32 i32 i32 i32 i32)
    (local.set 0 (i32.const 1))
    (local.set 1 (i32.const 2))
    (local.set 2 (i32.const 3))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get 4) (i32.const 7)))
        (local.set 4 (i32.add (local.get 4) (i32.const 1)))
        (local.set 3 (local.get 0))
        (local.set 0 (local.get 1))
        (local.set 1 (local.get 2))
        (local.set 2 (local.get 3))
        (br $l)))
    (i32.add (i32.mul (local.get 0) (i32.const 100)) (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2))))
  ;; a block ends right before the back edge: its branch lands on the br
  (func (export "label_at_br") (result i32) (local i32 i32 i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get 0) (i32.const 10)))
        (local.set 0 (i32.add (local.get 0) (i32.const 1)))
        (block $b
          (br_if $b (i32.and (local.get 0) (i32.const 1)))
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (local.set 2 (local.get 1)))
        (br $l)))
    (i32.add (local.get 1) (i32.mul (local.get 2) (i32.const 1000))))
  ;; an if with two results: the then-arm moves them, then jumps the else-arm
  (func $pick (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const 5))
    (local.set 2 (i32.const 9))
    (if (result i32 i32) (local.get 0)
      (then (local.get 1) (local.get 2))
      (else (local.get 2) (local.get 1)))
    (i32.sub))
  (func (export "pick_then") (result i32) (call $pick (i32.const 1)))
  (func (export "pick_else") (result i32) (call $pick (i32.const 0)))
  ;; three moves then the back edge (COPY3_BR), the third reading the first's
  (func (export "rotate3") (result i32) (local i32 i32 i32 i32)
    (local.set 0 (i32.const 1))
    (local.set 1 (i32.const 2))
    (local.set 2 (i32.const 3))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get 3) (i32.const 5)))
        (local.set 3 (i32.add (local.get 3) (i32.const 1)))
        (local.set 2 (local.get 0))
        (local.set 0 (local.get 1))
        (local.set 1 (local.get 2))
        (br $l)))
    (i32.add (i32.mul (local.get 0) (i32.const 100)) (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2))))
  ;; three moves (COPY3), then two more with a block end between: never
  ;; fused across it
  (func $three (param i32) (result i32) (local i32 i32 i32 i32)
    (local.set 1 (i32.add (local.get 0) (i32.const 1)))
    (block $b
      (local.set 2 (local.get 1))
      (local.set 3 (local.get 2))
      (local.set 4 (local.get 3))
      (br_if $b (local.get 0))
      (local.set 4 (i32.const 9))
      (local.set 3 (local.get 4)))
    (local.set 1 (local.get 4))
    (local.set 2 (local.get 3))
    (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2)))
  (func (export "three_taken") (result i32) (call $three (i32.const 4)))
  (func (export "three_fall") (result i32) (call $three (i32.const 0)))
)
