// The test game's loop, shared by the WASI command (main.rs) and the
// wasm32-unknown-unknown cart (cart.rs).
use crate::level::{self, Level, Player};
use crate::sprites;

// The game walks right one tile a frame: the third step leaves the row.
fn update(level: &Level, player: &mut Player) -> u8 {
    level::step(level, player, 1)
}

pub fn run_bounds() -> u32 {
    let level = Level::new(1);
    let mut player = Player { x: 0, y: 1, score: 0 };
    let mut total = 0;
    for _frame in 0..5 {
        total += update(&level, &mut player) as u32;
    }
    total
}

pub fn run_score() -> u32 {
    let level = Level::new(2);
    let player = Player { x: 0, y: 0, score: 7 };
    level::check_score(&level, &player);
    player.score
}

pub fn run_sprite() -> i64 {
    sprites::draw("hero", 'h', 0, 1.0, false) + sprites::draw("ghost", 'é', -3, 2.5, true)
}

pub fn run_unwrap() -> i64 {
    sprites::frames_of("slime") + sprites::frames_of("bat")
}
