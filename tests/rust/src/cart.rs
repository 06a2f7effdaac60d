// The test game as a wasm32-unknown-unknown module (as a WASM-4 cart is
// built): `wisp run --invoke bounds game.wasm`, or score, sprite, unwrap, moves, assert.
mod game;
mod level;
mod moves;
mod sprites;

#[no_mangle]
pub extern "C" fn bounds() -> u32 {
    game::run_bounds()
}

#[no_mangle]
pub extern "C" fn score() -> u32 {
    game::run_score()
}

#[no_mangle]
pub extern "C" fn sprite() -> i64 {
    game::run_sprite()
}

#[no_mangle]
pub extern "C" fn unwrap() -> i64 {
    game::run_unwrap()
}

#[no_mangle]
pub extern "C" fn moves() -> i64 {
    game::run_moves()
}

#[no_mangle]
pub extern "C" fn assert() -> i64 {
    game::run_assert()
}
