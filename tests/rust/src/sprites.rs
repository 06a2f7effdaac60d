// Sprites of the test game: a lookup that fails with a message carrying one
// argument of each kind panic.c formats (&str, char, integers, floats, bool,
// String), and an unwrap of a None (core::panicking::panic).

pub struct Sprite {
    pub name: &'static str,
    pub frames: i64,
}

const SPRITES: [Sprite; 2] = [Sprite { name: "hero", frames: 4 }, Sprite { name: "slime", frames: 2 }];

pub fn find(name: &str) -> Option<&'static Sprite> {
    SPRITES.iter().find(|s| s.name == name)
}

pub fn draw(name: &str, key: char, frame: i32, scale: f32, flip: bool) -> i64 {
    match find(name) {
        Some(s) => s.frames,
        None => {
            let tag = String::from("layer-2");
            panic!("no sprite {} for key {:?} (frame {}, scale {}, flip {}, {}, big {}, {:?})", name, key, frame, scale, flip, tag, u64::MAX - 1, -0.25f64); // crash: sprite
        }
    }
}

pub fn frames_of(name: &str) -> i64 {
    find(name).unwrap().frames // crash: unwrap
}
