// Run an RP2040 flash image in rp2040js (the npm package pinned in the
// repository's package.json) and copy what the firmware writes to UART0 to
// stdout.
//
//   node tests/boards/rp2040_run.mjs IMAGE.uf2 [--until TEXT] [--max-ms N]
//                                    [--input FILE] [--quiet] [--flash FILE]
//                                    [wisp-w4's devices: --lcd FILE ...]
//
// rp2040js ships no boot ROM, so this script does the ROM's part of a flash
// boot: it checks the CRC32 of the 256-byte boot2 block at the start of
// flash (CRC-32/MPEG-2 over bytes 0..251, stored little-endian in 252..255;
// a bad one stops the real ROM too), copies the block to SRAM at
// 0x20041f00 and enters it with lr = 0 and sp = 0x20042000. From there the
// image runs on its own: boot2 programs the SSI and jumps through the
// vector table at 0x10000100. (rp2040js reads flash directly, whatever the
// SSI holds, so a wrong SSI set-up would go unnoticed here.)
//
// The boot ROM's flash routines are needed too (the coredump slot): the
// script puts a stand-in ROM at address 0 whose lookup (the 16-bit pointers
// at 0x14 and 0x18, as on the chip) finds 'IF' 'EX' 'RE' 'RP' 'FC' 'CX';
// each is a `bkpt; bx lr` stub that this script carries out on rp2040js's
// flash array with the ROM's contract: erase 4 KiB-aligned ranges to 0xff,
// program 256-byte-aligned pages (bits only cleared), and only between
// flash_exit_xip and flash_enter_cmd_xip. It also fails the run (exit 4)
// if the firmware fetches an instruction from flash, calls the routines
// from code in flash, or passes program data in flash while XIP is off:
// what would hang a real Pico. The real ROM's SSI command sequences are not
// emulated.
//
// --until TEXT   stop, exit 0, once the UART output contains TEXT
// --max-ms N     give up after N ms of emulated time (default 60000): exit 3
// --input FILE   bytes fed to UART0's receiver, as if typed on the line
// --flash FILE   the flash kept across runs, as on a Pico reset or power
//                cycle: read first if FILE exists (the UF2 is then written
//                over it, leaving its other sectors), its first 2 MiB
//                written back at the end
//
// wisp-w4 (boards/rp2040/w4main.c) and its devices (w4_devices.mjs):
// --lcd FILE          an ST7789 on SPI0 (--lcd-height 240|320); at each
//                     frame line `frame F ...` with F in --snap LIST (comma-
//                     separated; `all`) the panel's picture and state go to
//                     FILE, one JSON object a line
// --fb LIST           send 'f' to the firmware so it dumps those frames'
//                     memory (`fb F HEX` lines): for frame 0 when the `load`
//                     line comes, for F when `frame F-1` does
// --buttons FILE      the gamepad on the six button GPIOs, one byte a frame,
//                     cycled (frame 0's set at the `load` line, F + 1's at
//                     frame F's)
// --pwm FILE          the audio slice's (6) compare values as written, and
//                     how many there were at each frame line: JSON
// Exit 2: a bad image (not UF2, wrong family, bad boot2 CRC).
// Also printed on stderr at the end: `rp2040js: N instructions, M ms
// emulated, baud B`.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ConsoleLogger, LogLevel, RP2040 } from 'rp2040js';
import { ST7789, capturePwm, setButtons } from './w4_devices.mjs';

const FLASH = 0x10000000;
const RP2040_FAMILY = 0xe48bff56;

function fail(code, msg) {
  process.stderr.write(`rp2040_run: ${msg}\n`);
  process.exit(code);
}

function crc32mpeg2(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b << 24;
    for (let i = 0; i < 8; i++) {
      crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    }
  }
  return crc >>> 0;
}

// Writes the UF2 file's payloads into flash; returns the bytes written.
function loadUf2(rp, data) {
  if (data.length % 512 || !data.length) fail(2, 'not a UF2 file (size not a multiple of 512)');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let total = 0;
  for (let off = 0; off < data.length; off += 512) {
    const word = (i) => view.getUint32(off + i, true);
    if (word(0) !== 0x0a324655 || word(4) !== 0x9e5d5157 || word(508) !== 0x0ab16f30)
      fail(2, `block at ${off}: bad magic`);
    if (!(word(8) & 0x2000) || word(28) !== RP2040_FAMILY)
      fail(2, `block at ${off}: not for the RP2040 family`);
    const addr = word(12);
    const size = word(16);
    if (addr < FLASH || addr + size > FLASH + rp.flash.length || size > 476)
      fail(2, `block at ${off}: address 0x${addr.toString(16)} outside flash`);
    rp.flash.set(data.subarray(off + 32, off + 32 + size), addr - FLASH);
    total += size;
  }
  return total;
}

const args = process.argv.slice(2);
let image = null;
let until = null;
let maxMs = 60000;
let input = null;
let quiet = false;
let flashFile = null;
let lcdFile = null;
let lcdHeight = 240;
let snap = new Set();
let fbFrames = new Set();
let buttons = null;
let pwmFile = null;
const list = (v) => (v === 'all' ? 'all' : new Set(v.split(',').filter((x) => x).map(Number)));
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--until') until = args[++i];
  else if (args[i] === '--max-ms') maxMs = Number(args[++i]);
  else if (args[i] === '--input') input = readFileSync(args[++i]);
  else if (args[i] === '--quiet') quiet = true;
  else if (args[i] === '--flash') flashFile = args[++i];
  else if (args[i] === '--lcd') lcdFile = args[++i];
  else if (args[i] === '--lcd-height') lcdHeight = Number(args[++i]);
  else if (args[i] === '--snap') snap = list(args[++i]);
  else if (args[i] === '--fb') fbFrames = list(args[++i]);
  else if (args[i] === '--buttons') buttons = readFileSync(args[++i]);
  else if (args[i] === '--pwm') pwmFile = args[++i];
  else image = args[i];
}
if (!image) fail(2, 'usage: rp2040_run.mjs IMAGE.uf2 [--until TEXT] [--max-ms N] [--input FILE]');

const rp = new RP2040();
rp.logger = new ConsoleLogger(LogLevel.Error);
const FLASH_KEPT = 2 * 1024 * 1024;
if (flashFile && existsSync(flashFile)) rp.flash.set(readFileSync(flashFile).subarray(0, FLASH_KEPT));
loadUf2(rp, readFileSync(image));

// ---- the stand-in boot ROM -------------------------------------------------
const ROM_FUNCS = ['IF', 'EX', 'RE', 'RP', 'FC', 'CX'];
const FUNC_TABLE = 0x40;
const LOOKUP = 0x80;
const STUBS = 0x100;
const BKPT_LOOKUP = 0x10;
const BKPT_FUNC = 0x20;
const romWord = (addr, value) => { rp.bootrom[addr >>> 2] = value >>> 0; };
const romHalf = (addr, value) => {
  const w = rp.bootrom[addr >>> 2];
  rp.bootrom[addr >>> 2] = (addr & 2 ? (w & 0xffff) | (value << 16) : (w & 0xffff0000) | value) >>> 0;
};
romHalf(0x14, FUNC_TABLE);
romHalf(0x16, 0);
romHalf(0x18, LOOKUP | 1);
romWord(LOOKUP, 0x4770be00 | BKPT_LOOKUP); // bkpt #0x10; bx lr
ROM_FUNCS.forEach((name, k) => {
  const code = name.charCodeAt(0) | (name.charCodeAt(1) << 8);
  romHalf(FUNC_TABLE + 4 * k, code);
  romHalf(FUNC_TABLE + 4 * k + 2, (STUBS + 4 * k) | 1);
  romWord(STUBS + 4 * k, 0x4770be00 | (BKPT_FUNC + k)); // bkpt #(0x20 + k); bx lr
});
romWord(FUNC_TABLE + 4 * ROM_FUNCS.length, 0);

const inFlash = (addr) => addr >>> 0 >= FLASH && addr >>> 0 < 0x14000000;
let xip = true;
let violation = null;
const romCalls = {};
const flashSize = 2 * 1024 * 1024;
rp.onBreak = (code) => {
  const r = rp.core.registers;
  if (code === BKPT_LOOKUP) {
    let at = r[0];
    r[0] = 0;
    for (;;) {
      const c = rp.readUint16(at);
      if (!c) break;
      if (c === (r[1] & 0xffff)) {
        r[0] = rp.readUint16(at + 2);
        break;
      }
      at += 4;
    }
    return;
  }
  const name = ROM_FUNCS[code - BKPT_FUNC];
  if (!name) {
    violation = violation || `breakpoint ${code} at 0x${(rp.core.PC - 2).toString(16)}`;
    return;
  }
  romCalls[name] = (romCalls[name] || 0) + 1;
  if (!xip && inFlash(r[14] & ~1))
    violation = violation || `ROM ${name} called from flash (0x${r[14].toString(16)}) with XIP off`;
  if (name === 'EX') xip = false;
  else if (name === 'CX') xip = true;
  else if (name === 'RE' || name === 'RP') {
    const [addr, arg1, arg2] = [r[0], r[1], r[2]];
    if (xip) violation = violation || `ROM ${name} while XIP is on`;
    if (name === 'RE') {
      if (addr % 4096 || arg1 % 4096 || addr + arg1 > flashSize)
        violation = violation || `erase 0x${addr.toString(16)}+${arg1}: not 4 KiB sectors`;
      else rp.flash.fill(0xff, addr, addr + arg1);
    } else {
      if (addr % 256 || arg2 % 256 || addr + arg2 > flashSize)
        violation = violation || `program 0x${addr.toString(16)}+${arg2}: not 256-byte pages`;
      else if (inFlash(arg1)) violation = violation || 'program data in flash';
      else for (let i = 0; i < arg2; i++) rp.flash[addr + i] &= rp.readUint8(arg1 + i);
    }
  }
};

const boot2 = rp.flash.subarray(0, 256);
const want = new DataView(boot2.buffer, boot2.byteOffset).getUint32(252, true);
const got = crc32mpeg2(boot2.subarray(0, 252));
if (want !== got)
  fail(2, `boot2 CRC32 0x${want.toString(16)} does not match its bytes (0x${got.toString(16)})`);

// The boot ROM's flash boot: boot2 to the top of SRAM, entered with lr = 0.
rp.sram.set(boot2, 0x41f00);
rp.core.SP = 0x20042000;
rp.core.LR = 0;
rp.core.PC = 0x20041f00;

let out = '';
let found = false; // `until` has come
let baud = 0;
let line = '';
const lineHooks = [];
rp.uart[0].onBaudRateChange = (b) => { baud = b; };
rp.uart[0].onByte = (b) => {
  const c = String.fromCharCode(b);
  out += c;
  if (until !== null && !found && out.endsWith(until)) found = true;
  if (!quiet) process.stdout.write(Uint8Array.of(b)); // raw bytes: coredump frames are binary
  if (b !== 10) {
    if (line.length < 256) line += c; // frame lines are short; dumps need only their start
    return;
  }
  for (const hook of lineHooks) hook(line);
  line = '';
};
let fed = 0;

// wisp-w4's devices, driven from its lines (synchronously: the firmware has
// not run on when a hook sets a pin or feeds a byte).
const frameOf = (l) => {
  const m = /^frame (\d+) [0-9a-f]{8} \d+$/.exec(l);
  return m ? Number(m[1]) : -1;
};
// the frame that runs next: 0 after the `load` line, F + 1 after frame F's
const nextFrame = (l) => (l.startsWith('load ') ? 0 : frameOf(l) >= 0 ? frameOf(l) + 1 : -1);
const wanted = (set, f) => set === 'all' || set.has(f);
let lcd = null;
const snaps = [];
if (lcdFile) {
  lcd = new ST7789(rp, lcdHeight);
  lineHooks.push((l) => {
    const f = frameOf(l);
    if (f >= 0 && wanted(snap, f)) snaps.push(JSON.stringify(lcd.snapshot(f)));
  });
}
if (fbFrames === 'all' || fbFrames.size) {
  lineHooks.push((l) => {
    const f = nextFrame(l);
    if (f >= 0 && wanted(fbFrames, f)) rp.uart[0].feedByte('f'.charCodeAt(0));
  });
}
if (buttons && buttons.length) {
  lineHooks.push((l) => {
    const f = nextFrame(l);
    if (f >= 0) setButtons(rp, buttons[f % buttons.length]);
  });
}
let pwm = null;
const pwmMarks = [];
if (pwmFile) {
  pwm = capturePwm(rp, 6);
  lineHooks.push((l) => {
    if (frameOf(l) >= 0) pwmMarks.push(pwm.length);
  });
}

const clock = rp.clock;
const nsPerCycle = () => 1e9 / rp.clkSys;
let instructions = 0;
let status = 3;
let ended = false;
const limitNs = maxMs * 1e6;
for (;;) {
  if (found) {
    status = 0;
    break;
  }
  if (ended) {
    status = until === null ? 0 : 3;
    break;
  }
  if (clock.nanos >= limitNs || violation) break;
  // Feed input only while the receiver has room (its FIFO holds 32).
  const uart = rp.uart[0];
  if (input && fed < input.length && uart.enabled && uart.rxEnabled && !(uart.flags & (1 << 6)))
    uart.feedByte(input[fed++]);
  const ns = nsPerCycle();
  for (let k = 0; k < 10000; k++) {
    if (rp.core.waiting) {
      const next = clock.nanosToNextAlarm;
      if (!(next > 0) || !Number.isFinite(next)) {
        // Asleep with nothing to wake it: the program has ended.
        ended = true;
        break;
      }
      clock.tick(next);
      // rp2040js marks a SysTick (or a PendSV, SVCall) pending without
      // waking a core asleep in WFI, as the chip does: take it here, as
      // executeInstruction would.
      if (rp.core.interruptsUpdated && rp.core.checkForInterrupts()) rp.core.waiting = false;
    } else {
      if (!xip && inFlash(rp.core.PC) && !violation)
        violation = `instruction fetched from flash (0x${rp.core.PC.toString(16)}) with XIP off`;
      const cycles = rp.core.executeInstruction();
      instructions++;
      clock.tick(cycles * ns);
    }
  }
}
if (flashFile) writeFileSync(flashFile, rp.flash.subarray(0, FLASH_KEPT));
if (lcdFile) writeFileSync(lcdFile, snaps.join('\n') + (snaps.length ? '\n' : ''));
if (pwmFile) {
  writeFileSync(pwmFile, JSON.stringify({
    samples: Buffer.from(Uint16Array.from(pwm).buffer).toString('base64'), // u16 LE each
    frames: pwmMarks,
  }));
}
process.stderr.write(`rp2040js: ${instructions} instructions, ` +
  `${Math.round(clock.nanos / 1e6)} ms emulated, baud ${baud}, ROM calls ` +
  `${Object.entries(romCalls).map(([k, v]) => `${k}:${v}`).join(' ') || 'none'}\n`);
if (violation) {
  process.stderr.write(`rp2040_run: ${violation}\n`);
  process.exit(4);
}
if (status === 3 && until !== null) process.stderr.write(`rp2040_run: no "${until}" within ${maxMs} ms\n`);
process.exit(status);
