// A small AssemblyScript game for wisp's source-map tests (check_as.py).
// Each export crashes three calls deep in a way of its own. A comment
// `// at: TEXT` marks a frame: the test expects FILE:LINE:COL with the
// line of the comment and the column where TEXT starts on it, read from
// this file, never from wisp's output.

class Enemy {
  hp: i32 = 10;
  constructor(public x: i32, public y: i32) {}
}

const enemies: Enemy[] = [new Enemy(1, 2), new Enemy(5, 7), new Enemy(9, 3)];
let level: i32 = 0;

// ---- an index out of range: the standard library aborts

function enemyAt(slot: i32): Enemy {
  return enemies[slot]; // at: enemies[slot]
}

function damage(slot: i32, amount: i32): i32 {
  const e = enemyAt(slot); // at: enemyAt(slot)
  e.hp -= amount;
  return e.hp;
}

export function hitEnemy(slot: i32): i32 {
  return damage(slot, 3); // at: damage(slot, 3)
}

// ---- the game's own throw: abort with this file's line and column

function loadLevel(n: i32): i32 {
  if (n > 3) throw new Error("no such level"); // throw: throw new Error
  level = n;
  return n * 100;
}

function nextLevel(): i32 {
  return loadLevel(level + 5); // at: loadLevel(level + 5)
}

export function advance(): i32 {
  return nextLevel() + 1; // at: nextLevel()
}

// ---- a raw load past the end of memory: a real trap

function readTile(map: usize, x: i32, y: i32): u32 {
  return load<u32>(map + <usize>(y * 64 + x) * 4); // at: load<u32>
}

function drawRow(y: i32): u32 {
  let sum: u32 = 0;
  for (let x = 0; x < 4; x++) sum += readTile(0x7ffff000, x, y); // at: readTile(0x7ffff000, x, y)
  return sum;
}

export function render(frame: i32): u32 {
  return drawRow(frame & 7); // at: drawRow(frame & 7)
}

// ---- unreachable

function pickAction(state: i32): i32 {
  if (state == 2) unreachable(); // at: unreachable()
  return state;
}

function think(state: i32): i32 {
  return pickAction(state) * 2; // at: pickAction(state)
}

export function update(state: i32): i32 {
  return think(state) + enemies.length; // at: think(state)
}
