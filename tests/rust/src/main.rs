// The test game as a WASI command: `wisp run game.wasm bounds|score|sprite|unwrap|moves|assert`.
mod game;
mod level;
mod moves;
mod sprites;

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let total = match which.as_str() {
        "score" => game::run_score() as i64,
        "sprite" => game::run_sprite(),
        "unwrap" => game::run_unwrap(),
        "moves" => game::run_moves(),
        "assert" => game::run_assert(),
        _ => game::run_bounds() as i64,
    };
    println!("total {}", total);
}
