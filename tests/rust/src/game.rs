// The test game's loop, shared by the WASI command (main.rs) and the
// wasm32-unknown-unknown cart (cart.rs).
use crate::level::{self, Level, Player};
use crate::moves::{self, Move};
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

pub fn run_moves() -> i64 {
    let path = [Move::Walk(2, 5), Move::Stay, Move::Jump { height: 3, far: true }];
    let mut total = 0;
    for (i, m) in path.iter().enumerate() {
        let bonus = if i == 0 { None } else { Some(7 * i as u32) };
        total += moves::reach(*m, bonus) as i64;
    }
    total
}

pub fn run_assert() -> i64 {
    let path = [Move::Walk(2, 5), Move::Stay, Move::Jump { height: 3, far: true }];
    moves::check_path(path.len(), 4);
    path.len() as i64
}
