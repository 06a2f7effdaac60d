// What wisp-w4 (boards/rp2040/w4main.c) has around the RP2040, modelled on
// rp2040js for tests/boards/rp2040_run.mjs: an ST7789 LCD on SPI0, six
// buttons on GPIOs, the PWM audio pin. The pins are boards/rp2040's
// (lcd.h, buttons.h, audio.h).

// ---- ST7789 ----------------------------------------------------------------
// Decodes what the firmware shifts out of SPI0 while CS is low: DC low, a
// command byte; DC high, its parameters or, after RAMWR, pixels (RGB565,
// high byte first, in 8- or 16-bit SPI frames) filling the CASET x RASET
// window row by row, wrapping as the controller does. The panel is the
// controller's frame memory (240 columns x `height` rows, MADCTL 0).
const LCD = { dc: 16, cs: 17, rst: 20, bl: 21 };
const SSPDR = 0x4003c008; // SPI0's data register

export class ST7789 {
  constructor(rp, height = 240) {
    this.rp = rp;
    this.width = 240;
    this.height = height;
    this.pixels = new Uint16Array(this.width * height);
    this.commands = []; // [cmd, params...] of every command but RAMWR's pixels
    this.errors = [];
    this.cmd = -1;
    this.params = [];
    this.pending = -1; // the high byte of a pixel sent as two 8-bit frames
    this.colmod = 0;
    this.madctl = 0;
    this.sleeping = true;
    this.displayOn = false;
    this.ramwr = 0; // RAMWR commands
    this.pixelsWritten = 0;
    this.pixelsByDma = 0; // of those, sent while a DMA channel fed SPI0's data register
    this.win = { x0: 0, x1: this.width - 1, y0: 0, y1: height - 1 };
    this.x = 0;
    this.y = 0;
    const spi = rp.spi[0];
    spi.onTransmit = (value) => {
      this.frame(value, spi.dataBits);
      spi.completeTransmit(0);
    };
  }

  pin(n) {
    return this.rp.gpio[n].outputValue;
  }

  error(msg) {
    if (this.errors.length < 20) this.errors.push(msg);
  }

  frame(value, bits) {
    if (this.pin(LCD.cs)) return; // not selected
    if (!this.pin(LCD.rst)) return; // held in reset
    const dc = this.pin(LCD.dc);
    if (bits === 16) {
      if (!dc) this.error('a 16-bit frame with DC low');
      else this.data(value >> 8, value & 0xff);
      return;
    }
    if (bits !== 8) {
      this.error(`${bits}-bit SPI frames`);
      return;
    }
    if (!dc) this.command(value);
    else this.data(value);
  }

  command(c) {
    this.endCommand();
    this.cmd = c;
    this.params = [];
    this.pending = -1;
    if (c === 0x11) this.sleeping = false;
    else if (c === 0x10) this.sleeping = true;
    else if (c === 0x29) this.displayOn = true;
    else if (c === 0x28) this.displayOn = false;
    else if (c === 0x2c) {
      this.ramwr++;
      this.x = this.win.x0;
      this.y = this.win.y0;
      if (this.colmod !== 0x55) this.error(`RAMWR with COLMOD 0x${this.colmod.toString(16)}`);
      if (this.madctl !== 0) this.error(`RAMWR with MADCTL 0x${this.madctl.toString(16)}`);
      if (this.sleeping) this.error('RAMWR while asleep');
    }
  }

  endCommand() {
    if (this.cmd < 0 || this.cmd === 0x2c) return;
    const p = this.params;
    const word = (i) => (p[i] << 8) | p[i + 1];
    if (this.cmd === 0x2a || this.cmd === 0x2b) {
      if (p.length !== 4) this.error(`CASET/RASET with ${p.length} bytes`);
      else if (this.cmd === 0x2a) Object.assign(this.win, { x0: word(0), x1: word(2) });
      else Object.assign(this.win, { y0: word(0), y1: word(2) });
    } else if (this.cmd === 0x3a) this.colmod = p[0];
    else if (this.cmd === 0x36) this.madctl = p[0];
    this.commands.push([this.cmd, ...p]);
  }

  data(...bytes) {
    if (this.cmd !== 0x2c) {
      this.params.push(...bytes);
      return;
    }
    for (const b of bytes) {
      if (this.pending < 0) {
        this.pending = b;
        continue;
      }
      this.pixel((this.pending << 8) | b);
      this.pending = -1;
    }
  }

  pixel(v) {
    const { win } = this;
    if (this.rp.dma.channels.some((ch) => ch.active && ch.writeAddr >>> 0 === SSPDR)) this.pixelsByDma++;
    if (this.x < this.width && this.y < this.height) this.pixels[this.y * this.width + this.x] = v;
    else this.error(`pixel outside the panel at ${this.x},${this.y}`);
    this.pixelsWritten++;
    if (++this.x > win.x1) {
      this.x = win.x0;
      if (++this.y > win.y1) this.y = win.y0;
    }
  }

  // The picture as the panel shows it, and the state behind it.
  snapshot(frame) {
    return {
      frame,
      width: this.width,
      height: this.height,
      displayOn: this.displayOn,
      sleeping: this.sleeping,
      colmod: this.colmod,
      madctl: this.madctl,
      window: { ...this.win },
      ramwr: this.ramwr,
      pixelsWritten: this.pixelsWritten,
      pixelsByDma: this.pixelsByDma,
      errors: [...this.errors],
      pixels: Buffer.from(this.pixels.buffer.slice(0)).toString('base64'), // u16 LE each
    };
  }
}

// ---- buttons -------------------------------------------------------------
// Six push buttons to ground (buttons.h): a pressed one reads low; a
// released one floats, which reads high only if the firmware enabled the
// pad's pull-up (rp2040js does not model pulls: done here).
const BUTTON_PINS = [
  [2, 0x40], // up
  [3, 0x80], // down
  [4, 0x10], // left
  [5, 0x20], // right
  [6, 0x01], // X: button 1
  [7, 0x02], // Z: button 2
];

export function setButtons(rp, pad) {
  for (const [pin, bit] of BUTTON_PINS) {
    const g = rp.gpio[pin];
    g.setInputValue(pad & bit ? false : g.pullupEnabled);
  }
}

// ---- PWM audio ------------------------------------------------------------
// Every value the firmware (its DMA) writes to the audio slice's compare
// register: channel A's level, one a sample.
export function capturePwm(rp, slice) {
  const samples = [];
  const ch = rp.pwm.channels[slice];
  const write = ch.writeRegister.bind(ch);
  ch.writeRegister = (offset, value) => {
    if (offset === 0x0c) samples.push(value & 0xffff);
    write(offset, value);
  };
  return samples;
}
