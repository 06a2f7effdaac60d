// A WASM-4 cart for wisp's source-map tests (check_as.py): it reads past
// the end of WASM-4's 64 KiB in its third frame, three calls deep. The
// frames are marked as in game.ts (`// at: TEXT`).
let frame: i32 = 0;

function tileAt(i: i32): u8 {
  return load<u8>(0x20000 + i); // at: load<u8>
}

function drawMap(): u8 {
  return tileAt(frame * 16); // at: tileAt(frame * 16)
}

export function update(): void {
  frame++;
  if (frame == 3) store<u8>(0x19a0, drawMap()); // at: drawMap()
}
