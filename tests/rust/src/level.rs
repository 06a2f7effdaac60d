// The level of the test game: a grid of tiles, three rows of three.
// tests/rust/check.py names the lines of the two crashes below (`bounds`,
// `score`) and their columns: keep them in step when editing this file.

pub const SIZE: usize = 3;

pub struct Level {
    pub rows: Vec<Vec<u8>>,
    pub number: u32,
}

impl Level {
    pub fn new(number: u32) -> Level {
        let mut rows = Vec::new();
        for y in 0..SIZE {
            rows.push((0..SIZE).map(|x| ((x + y) % 2) as u8).collect());
        }
        Level { rows, number }
    }

    // Off the right edge when x == SIZE: the crash the game is written for.
    pub fn tile_at(&self, x: usize, y: usize) -> u8 {
        let row = &self.rows[y];
        row[x] // crash: bounds
    }
}

pub struct Player {
    pub x: usize,
    pub y: usize,
    pub score: u32,
}

pub fn step(level: &Level, player: &mut Player, dx: usize) -> u8 {
    player.x += dx;
    let tile = level.tile_at(player.x, player.y);
    player.score += tile as u32;
    tile
}

pub fn check_score(level: &Level, player: &Player) {
    if player.score > level.number * 2 {
        panic!("score {} is too high for level {}", player.score, level.number); // crash: score
    }
}
