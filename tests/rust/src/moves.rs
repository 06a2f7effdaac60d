// Moves of the test game: an enum with data (rustc describes it with a
// DW_TAG_variant_part) and an Option, which a backtrace shows by variant.
// The third move of the path divides by its height minus 3.
// tests/rust/check.py names the line of the crash (`moves`) and the values
// of reach's variables there: keep them in step when editing this file.

#[derive(Clone, Copy)]
pub enum Move {
    Stay,
    Walk(i32, i32),
    Jump { height: u8, far: bool },
}

#[inline(never)]
pub fn reach(m: Move, bonus: Option<u32>) -> i32 {
    let mv = m;
    let extra = bonus;
    match mv {
        Move::Stay => 0,
        Move::Walk(dx, dy) => dx * dy,
        Move::Jump { height, far } => {
            let h = height as i32;
            let gain = extra.unwrap_or(0) as i32;
            if far {
                100 / (h - 3) + gain // crash: moves
            } else {
                h + gain
            }
        }
    }
}

// A path's length checked: one move short of what the level wants.
#[inline(never)]
pub fn check_path(moves: usize, want: usize) {
    assert_eq!(moves + 1, want + 1, "a path of {} moves for {}", moves, "hero"); // crash: assert
}
