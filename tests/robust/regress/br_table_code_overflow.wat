;; Off by one in the translator's space check for br_table (translate.c,
;; case 0x0e): it asks for n + 3 free code words, then writes the opcode, two
;; operands and n + 1 table words (n + 4), so when the arena is nearly full the
;; last table word lands one word past the code buffer, on the translator's
;; own scratch (the first control frame), and corrupts it. Here wisp reports a
;; valid module as "invalid module at 0x3d: type mismatch in end" for every
;; arena of 2496..2503 bytes (the loader needs 2528; smaller arenas give
;; NOMEM). Found by arena_sweep (an arena too small must give NOMEM, never
;; another error) on unwind.wast; reduced by deleting functions.
;; Fix: `if (t->cap - t->pc < n + 4)`.
;; Test: regress-sweep-br_table_code_overflow (every arena size, 0 to 6.5 KB).
(module
  (type (;0;) (func))
  (type (;1;) (func (result i32)))
  (func (export "f") (type 1) (result i32)
    block (result i32)  ;; label = @1
      f32.const 0x0p+0 (;=0;)
      f64.const 0x1p+0 (;=1;)
      i64.const 0
      i32.const 9
      i32.const 0
      br_table 0 (;@1;)
      select
    end))
