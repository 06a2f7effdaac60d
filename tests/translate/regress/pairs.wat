;; Pairs (opcodes.h WISP_PAIR_LIST, translate.c pair_set): a first followed
;; by its second gets the pair's word, whose handler jumps straight into the
;; second's; on 64-bit hosts only (wisp_config.h WISP_PAIRS), which is what
;; `make test` checks this on. `(paired)` in the dump marks them. A code
;; change after a pair was made (a merge into I32_ADD_IMM2, its split, a
;; store's value moved to its address add's place) must leave the pairs
;; the code now has, no more. Replayed by regress-diff against
;; pairs.expected (wabt's wasm-interp).
;; @paired fetch: I32_ADD_IMM s1 s0 #1
;; @has fetch: BR_TABLE_LOAD8_U_ADD s3 s0 #16 ...
;; (the pop is one instruction, I32_LOAD_ADD_KEEP, not a pair)
;; @has pop: I32_LOAD_ADD_KEEP s3 s0 #-4 end=4 s0
;; @not pop: I32_ADD_IMM
;; @paired latch: COPY2 s2 s0 s3 s1
;; @paired latch: I32_ADD_IMM2 ...
;; @has latch: COPY2_BR ...
;; @unpaired merged: COPY2 ...
;; @has merged: I32_ADD_IMM2 s4 s4 #1 s5 s5 #3
;; @paired split: COPY2 ...
;; @has split: BR_ADD_I32_NE_IMM ...
;; @paired moved: COPY2 ...
;; @has moved: I32_STORE_IDX_A ...
;; @unpaired other: I32_ADD_IMM ...
(module
  (memory 1)
  ;; bytecode at 16: 1 = add 3, 2 = double, 3 = sub 1, 0 = halt
  (data (i32.const 16) "\01\02\01\03\02\02\01\00")
  ;; a bytecode loop's fetch: pc + 1 kept, the table on the byte at pc
  (func $fetch (export "fetch") (result i32) (local $pc i32) (local $next i32) (local $acc i32)
    (loop $l
      (local.set $next (i32.add (local.get $pc) (i32.const 1)))
      (block $halt (block $sub (block $dbl (block $add
        (br_table $halt $add $dbl $sub $halt (i32.load8_u (i32.add (local.get $pc) (i32.const 16)))))
        (local.set $acc (i32.add (local.get $acc) (i32.const 3)))
        (local.set $pc (local.get $next)) (br $l))
        (local.set $acc (i32.shl (local.get $acc) (i32.const 1)))
        (local.set $pc (local.get $next)) (br $l))
        (local.set $acc (i32.add (local.get $acc) (i32.const -1)))
        (local.set $pc (local.get $next)) (br $l)))
    (local.get $acc))
  ;; a stack's pop: sp - 4 kept, then the word there
  (func $pop (export "pop") (result i32) (local $sp i32) (local $sum i32)
    (i32.store (i32.const 100) (i32.const 7))
    (i32.store (i32.const 104) (i32.const 11))
    (i32.store (i32.const 108) (i32.const 13))
    (local.set $sp (i32.const 112))
    (loop $l
      (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 3))
        (i32.load (local.tee $sp (i32.add (local.get $sp) (i32.const -4))))))
      (br_if $l (i32.gt_u (local.get $sp) (i32.const 100))))
    (local.get $sum))
  ;; a loop whose head moves two values and whose latch steps two counters
  (func $latch (export "latch") (result i32) (local $a i32) (local $b i32) (local $x i32) (local $y i32) (local $i i32)
    (local.set $a (i32.const 1))
    (loop $l
      (local.set $x (local.get $a))
      (local.set $y (local.get $b))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.lt_u (local.get $i) (i32.const 10))
        (then
          (local.set $a (i32.add (local.get $y) (i32.const 2)))
          (local.set $b (i32.add (local.get $x) (i32.const 5)))
          (br $l))))
    (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
;; near misses and code that changes after a pair was made:
  ;; the add after the moves merges with a second add (I32_ADD_IMM2): the
  ;; moves are no longer followed by an I32_ADD_IMM
  (func $merged (export "merged") (result i32) (local $a i32) (local $b i32) (local $x i32) (local $y i32) (local $i i32) (local $j i32)
    (loop $l
      (local.set $x (local.get $a))
      (local.set $y (local.get $b))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $j (i32.add (local.get $j) (i32.const 3)))
      (local.set $a (i32.add (local.get $y) (local.get $j)))
      (local.set $b (i32.add (local.get $x) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 6))))
    (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
  ;; the same two adds, the second's result tested by the loop's branch:
  ;; the merged add is split again (the branch takes in the second), and
  ;; the moves pair with the first add again
  (func $split (export "split") (result i32) (local $a i32) (local $b i32) (local $x i32) (local $y i32) (local $i i32) (local $j i32)
    (loop $l
      (local.set $x (local.get $a))
      (local.set $y (local.get $b))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $a (i32.add (local.get $y) (local.get $i)))
      (local.set $b (i32.xor (local.get $x) (i32.const 5)))
      (br_if $l (i32.ne (i32.add (local.get $i) (i32.const 2)) (i32.const 9))))
    (i32.add (i32.mul (local.get $a) (i32.const 1000)) (local.get $b)))
  ;; a store's value instruction moves ahead of its address add, to where
  ;; the add was: after the moves, an I32_ADD_IMM again
  (func $moved (export "moved") (result i32) (local $p i32) (local $v i32) (local $x i32) (local $y i32) (local $i i32)
    (local.set $p (i32.const 200))
    (loop $l
      (local.set $x (local.get $v))
      (local.set $y (local.get $i))
      (i32.store (i32.add (local.get $p) (local.get $y)) (i32.add (local.get $x) (i32.const 7)))
      (local.set $v (i32.load (i32.add (local.get $p) (local.get $y))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 40))))
    (i32.add (local.get $v) (i32.load (i32.const 216))))
  ;; an I32_ADD_IMM followed by what is not its pair's second
  (func $other (export "other") (result i32) (local $i i32) (local $s i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (local.set $s (i32.xor (local.get $s) (i32.mul (local.get $i) (i32.const 7))))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 20))))
    (local.get $s))
)
