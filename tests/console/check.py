#!/usr/bin/env python3
"""The console layer through `wisp play` on small hand-written carts
(suite 'console', issue 17): host calls with bad pointers trap the cart
with a clear message and a backtrace, the disk survives a restart, tracef
formats as the reference, an import WASM-4 lacks is named, and drawing
(clipping at every edge, every blit flag) gives the pictures this script
derives from the API's rules by itself.

    check.py CASE WISP WAT2WASM OUT_DIR
"""
import os
import struct
import subprocess
import sys
import zlib

WISP, WAT2WASM, OUT = sys.argv[2], sys.argv[3], sys.argv[4]
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)
        print('FAIL', what)


def cart(name, body, imports='', data=()):
    """A cart: `body` is update's code; the API imports it needs; data:
    (address, bytes) segments."""
    wat = os.path.join(OUT, name + '.wat')
    wasm = os.path.join(OUT, name + '.wasm')
    segs = ''.join(f'  (data (i32.const {a}) "' + ''.join('\\%02x' % b for b in d) + '")\n'
                   for a, d in data)
    with open(wat, 'w') as f:
        f.write('(module\n  (import "env" "memory" (memory 1 1))\n' + imports +
                '\n  (func $update (export "update")\n' + body + ')\n' + segs + ')\n')
    subprocess.run([WAT2WASM, '--debug-names', wat, '-o', wasm], check=True)
    return wasm


def play(wasm, *args, frames=1):
    return subprocess.run([WISP, 'play', '--headless', '--frames', str(frames)] + list(args) +
                          [wasm], capture_output=True, text=True)


IMP = {
    'blit': '(import "env" "blit" (func $blit (param i32 i32 i32 i32 i32 i32)))',
    'rect': '(import "env" "rect" (func $rect (param i32 i32 i32 i32)))',
    'diskr': '(import "env" "diskr" (func $diskr (param i32 i32) (result i32)))',
    'diskw': '(import "env" "diskw" (func $diskw (param i32 i32) (result i32)))',
    'trace': '(import "env" "trace" (func $trace (param i32)))',
    'tracef': '(import "env" "tracef" (func $tracef (param i32 i32)))',
    'text': '(import "env" "text" (func $text (param i32 i32 i32)))',
    'tone': '(import "env" "tone" (func $tone (param i32 i32 i32 i32)))',
}


def case_bounds():
    w = cart('bounds', '(call $blit (i32.const 0xfff8) (i32.const 0) (i32.const 0) '
                       '(i32.const 16) (i32.const 16) (i32.const 0))', IMP['blit'])
    p = play(w, '--coredump', os.path.join(OUT, 'bounds.core'))
    check(p.returncode == 134, f'bounds: exit {p.returncode}, want 134')
    check("trap: blit: sprite bytes 0xfff8+32 is outside the cart's memory (65536 bytes)"
          in p.stderr, f'bounds: message: {p.stderr!r}')
    check('  #0 host blit' in p.stderr and ' update (wasm-function[' in p.stderr,
          f'bounds: backtrace: {p.stderr!r}')
    check(os.path.exists(os.path.join(OUT, 'bounds.core')), 'bounds: no coredump')
    # a string without its NUL up to the end of the memory
    w = cart('nonul', '(i32.store8 (i32.const 0xffff) (i32.const 65))'
                      '(call $trace (i32.const 0xffff))', IMP['trace'])
    p = play(w)
    check(p.returncode == 134 and 'trace: string without its NUL 0xffff+1' in p.stderr,
          f'nonul: {p.returncode} {p.stderr!r}')


def case_disk():
    disk = os.path.join(OUT, 'disk.bin')
    if os.path.exists(disk):
        os.unlink(disk)
    body = '''
    (if (i32.eqz (call $diskr (i32.const 0x2000) (i32.const 8)))
      (then (i32.store (i32.const 0x3000) (i32.const 0x6b736964))  ;; "disk"
            (drop (call $diskw (i32.const 0x3000) (i32.const 4)))
            (call $trace (i32.const 0x4000)))
      (else (call $trace (i32.const 0x2000))))'''
    w = cart('disk', body, IMP['diskr'] + IMP['diskw'] + IMP['trace'],
             data=[(0x4000, b'written\0')])
    first = play(w, '--disk', disk)
    second = play(w, '--disk', disk)
    check(first.stdout.splitlines()[:1] == ['written'], f'disk: first run {first.stdout!r}')
    check(second.stdout.splitlines()[:1] == ['disk'], f'disk: second run {second.stdout!r}')
    check(open(disk, 'rb').read() == b'disk', 'disk: file contents')
    again = play(w)  # no --disk: starts empty, saves nothing
    check(again.stdout.splitlines()[:1] == ['written'], f'disk: headless default {again.stdout!r}')


def case_tracef():
    body = '(call $tracef (i32.const 0x2100) (i32.const 0x2200))'
    # args: %d -7, %x 255, %c Q, %s -> 0x2300, %f 1.5 (8 bytes)
    args = struct.pack('<iIII', -7, 255, ord('Q'), 0x2300) + struct.pack('<d', 1.5)
    w = cart('tracef', body, IMP['tracef'],
             data=[(0x2100, b'd=%d x=%x c=%c s=%s f=%f 100%% %z\0'), (0x2200, args),
                   (0x2300, b'str\0')])
    p = play(w)
    check(p.stdout.splitlines()[:1] == ['d=-7 x=ff c=Q s=str f=1.5 100% %z'],
          f'tracef: {p.stdout!r} {p.stderr!r}')


def case_imports():
    w = cart('unknown', '(call $ds (i32.const 1))',
             '(import "env" "draw_sprite" (func $ds (param i32)))')
    p = play(w)
    check(p.returncode == 1 and 'env.draw_sprite' in p.stderr and 'WASM-4' in p.stderr,
          f'unknown import: {p.returncode} {p.stderr!r}')

    # issue 19: every import WASM-4 lacks is listed, with its type; the
    # options run the cart: a call traps naming the import, its caller
    # update being function 3 (after the three function imports), or
    # returns zeros (draw_sprite's 0 + 7, traced as a number: "7")
    imports = ('(import "env" "draw_sprite" (func $ds (param i32 i32) (result i32)))'
               '(import "game" "score" (func $score (result i64)))'
               '(import "env" "seed" (global $seed i32))' + IMP['tracef'])
    body = ('(i32.store (i32.const 0x3000) (i32.add (i32.const 7) (call $ds (i32.const 1) '
            '(global.get $seed))))'
            '(call $tracef (i32.const 0x2000) (i32.const 0x3000))')
    w = cart('unknown3', body, imports, data=[(0x2000, b'%d\0')])
    p = play(w)
    want = ('  env.draw_sprite (function (i32, i32) -> i32)\n'
            '  game.score (function () -> i64)\n'
            '  env.seed (global i32)\n')
    check(p.returncode == 1 and '3 imports cannot be provided:\n' + want in p.stderr and
          '--trap-unknown-imports' in p.stderr, f'unknown imports listed: {p.stderr!r}')
    p = play(w, '--trap-unknown-imports')
    check(p.returncode == 134 and
          'trap: call to unknown import env.draw_sprite\n  #0 host env.draw_sprite\n  #1 ' in
          p.stderr and ' update (wasm-function[3])' in p.stderr,
          f'--trap-unknown-imports: {p.returncode} {p.stderr!r}')
    check('env.seed (global i32) is not provided: it holds 0' in p.stderr,
          f'--trap-unknown-imports: the global stand-in: {p.stderr!r}')
    p = play(w, '--default-values-unknown-imports', frames=2)
    check(p.returncode == 0 and [l for l in p.stdout.splitlines() if not l.startswith('frame')]
          == ['7', '7'], f'--default-values-unknown-imports: {p.returncode} {p.stdout!r} '
          f'{p.stderr!r}')

    # a cart with a memory of its own smaller than WASM-4's 64 KiB: refused,
    # not drawn into past its end; one of 1 page runs
    for pages, ok in ((0, False), (1, True)):
        wat = os.path.join(OUT, f'ownmem{pages}.wat')
        wasm = os.path.join(OUT, f'ownmem{pages}.wasm')
        with open(wat, 'w') as f:
            f.write(f'(module (memory {pages}) (func (export "update")))\n')
        subprocess.run([WAT2WASM, wat, '-o', wasm], check=True)
        p = play(wasm)
        if ok:
            check(p.returncode == 0, f'own memory of 1 page: {p.returncode} {p.stderr!r}')
        else:
            check(p.returncode == 1 and 'smaller than' in p.stderr,
                  f'own memory of 0 pages: {p.returncode} {p.stderr!r}')

# ---- sound --------------------------------------------------------------------------

RATE = 44100
PER_FRAME = RATE // 60

# (frame, frequency, duration, volume, flags): tone()'s four words
TONES = [
    (0, 440, 30, 100, 2 << 2),                        # pulse 1, 50% duty: 440 Hz, 30 frames
    (40, 300, 20, 100, 2),                            # triangle, 20 frames
    (70, 1000, 10, 100, 3),                           # noise, 10 frames
    (90, 250, (10 << 24) | (10 << 16) | (10 << 8) | 10, (100 << 8) | 50, 1 | (0 << 2)),
    (140, 69, 20, 100, 0x40 | (1 << 2)),              # note mode: A4 = 440 Hz
    (170, 200 | (400 << 16), 30, 100, 3 << 2),        # a slide 200 -> 400 Hz, 75% duty
    (210, 500, 10, 100, 1 << 4),                      # pan left
    (230, 500, 10, 100, 2 << 4),                      # pan right
]


def case_sound():
    body = ''.join(
        f'(if (i32.eq (global.get $f) (i32.const {f})) (then (call $tone (i32.const {fr}) '
        f'(i32.const {d}) (i32.const {v}) (i32.const {fl}))))\n'
        for f, fr, d, v, fl in TONES) + '(global.set $f (i32.add (global.get $f) (i32.const 1)))'
    w = cart('sound', body, IMP['tone'] + '\n  (global $f (mut i32) (i32.const 0))')
    out = os.path.join(OUT, 'sound.wav')
    p = play(w, '--wav', out, frames=260)
    check(p.returncode == 0, f'sound: exit {p.returncode} {p.stderr}')
    import wave
    wv = wave.open(out)
    check(wv.getframerate() == RATE and wv.getnchannels() == 2 and wv.getsampwidth() == 2,
          'sound: not 44100 Hz 16-bit stereo')
    n = wv.getnframes()
    check(n == 260 * PER_FRAME, f'sound: {n} sample frames, want {260 * PER_FRAME}')
    raw = struct.unpack('<%dh' % (2 * n), wv.readframes(n))
    left, right = raw[0::2], raw[1::2]

    def span(first_frame, frames):  # the samples from a frame on, of a tone
        return left[first_frame * PER_FRAME:(first_frame + frames) * PER_FRAME]

    def sounding(first_frame, window):  # the sounding part: first and last non-zero sample
        s = left[first_frame * PER_FRAME:(first_frame + window) * PER_FRAME]
        nz = [i for i, v in enumerate(s) if v]
        return (nz[0], nz[-1] + 1) if nz else (0, 0)

    def hz(samples):  # upward zero crossings a second
        ups = [i for i in range(1, len(samples)) if samples[i - 1] < 0 <= samples[i]]
        return (len(ups) - 1) * RATE / (ups[-1] - ups[0]) if len(ups) > 2 else 0

    def near(got, want, tol):
        return abs(got - want) <= tol * want

    for first, freq, frames, what in ((0, 440, 30, 'pulse'), (40, 300, 20, 'triangle'),
                                      (140, 440, 20, 'note 69')):
        got = hz(span(first, frames))
        check(near(got, freq, 0.01), f'sound: {what} at {got:.1f} Hz, want {freq}')
        a, b = sounding(first, frames + 5)
        length = (b - a) / PER_FRAME
        extra = 0.06 if what == 'triangle' else 0  # its 1 ms fade at the end
        check(abs(length - frames - extra) <= 1, f'sound: {what} lasts {length:.2f} frames, '
                                                 f'want {frames}')
    a, b = sounding(70, 15)
    check(abs((b - a) / PER_FRAME - 10) <= 1, f'sound: noise lasts {(b - a) / PER_FRAME:.2f}')
    noise = span(70, 10)
    check(len(set(noise)) <= 3 and max(noise) > 0 > min(noise), 'sound: noise is not +-volume')
    # the envelope: 10 frames each of attack to the peak, decay to half of it,
    # sustain, release to silence
    peaks = [max(abs(v) for v in span(90 + k, 1)) for k in range(40)]
    full = 0x1333
    check(all(peaks[k] < peaks[k + 1] for k in range(9)),
          f'sound: attack does not rise {peaks[:10]}')
    check(near(peaks[9], full, 0.12), f'sound: attack peaks at {peaks[9]}, want {full}')
    check(all(peaks[k] >= peaks[k + 1] for k in range(10, 19)), 'sound: decay does not fall')
    check(all(near(p, full // 2, 0.03) for p in peaks[20:30]),
          f'sound: sustain at {peaks[20:30]}, want {full // 2}')
    check(all(peaks[k] > peaks[k + 1] for k in range(30, 39)), 'sound: release does not fall')
    # the slide: 200 Hz at its start, 400 at its end
    lo, hi = hz(span(170, 3)), hz(span(197, 3))
    check(near(lo, 210, 0.08) and near(hi, 390, 0.08), f'sound: slide {lo:.0f} -> {hi:.0f} Hz')
    # pan
    l1, r1 = left[210 * PER_FRAME:220 * PER_FRAME], right[210 * PER_FRAME:220 * PER_FRAME]
    l2, r2 = left[230 * PER_FRAME:240 * PER_FRAME], right[230 * PER_FRAME:240 * PER_FRAME]
    check(any(l1) and not any(r1), 'sound: pan left is not left only')
    check(any(r2) and not any(l2), 'sound: pan right is not right only')


# ---- pictures ------------------------------------------------------------------------

def png_pixels(path):
    d = open(path, 'rb').read()
    i, idat, w, h = 8, b'', 0, 0
    while i < len(d):
        n, = struct.unpack('>I', d[i:i + 4])
        t, c = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        i += 12 + n
        if t == b'IHDR':
            w, h = struct.unpack('>II', c[:8])
        elif t == b'IDAT':
            idat += c
    raw = zlib.decompress(idat)
    row = 1 + 3 * w
    return [[raw[y * row + 1 + 3 * x: y * row + 4 + 3 * x] for x in range(w)] for y in range(h)]


PALETTE = [bytes.fromhex(c) for c in ('e0f8cf', '86c06c', '306850', '071821')]


def picture(wasm, frames=60):
    p = play(wasm, '--png', os.path.join(OUT, os.path.basename(wasm)[:-5] + '-'), frames=frames)
    check(p.returncode == 0, f'{wasm}: exit {p.returncode} {p.stderr}')
    px = png_pixels(os.path.join(OUT, os.path.basename(wasm)[:-5] + '-0060.png'))
    return [[PALETTE.index(c) for c in row] for row in px]


def expect_picture(name, got, want):
    bad = [(x, y) for y in range(160) for x in range(160) if got[y][x] != want[y][x]]
    check(not bad, f'{name}: {len(bad)} pixels differ, first {bad[:4]}')


def model_rect(img, x, y, w, h, fill, stroke):
    """rect by the API's rules: the inside in `fill` (None: transparent),
    the outline in `stroke`, all clipped to the screen."""
    for yy in range(y, y + h):
        for xx in range(x, x + w):
            if not (0 <= xx < 160 and 0 <= yy < 160):
                continue
            edge = xx in (x, x + w - 1) or yy in (y, y + h - 1)
            c = stroke if edge else fill
            if c is not None:
                img[yy][xx] = c


def case_clip():
    rects = [(-5, 10, 20, 12), (150, 30, 20, 12), (40, -6, 12, 20), (60, 150, 12, 20),
             (-10, -10, 30, 30), (140, 140, 40, 40), (70, 70, 1, 1), (90, 60, 2, 9)]
    body = '(i32.store16 (i32.const 0x14) (i32.const 0x42))\n' + ''.join(
        f'(call $rect (i32.const {x}) (i32.const {y}) (i32.const {w}) (i32.const {h}))\n'
        for x, y, w, h in rects)
    got = picture(cart('clip', body, IMP['rect']))
    want = [[0] * 160 for _ in range(160)]
    for r in rects:  # DRAW_COLORS 0x42: fill nibble 2 -> colour 1, outline 4 -> colour 3
        model_rect(want, *r, fill=1, stroke=3)
    expect_picture('rect clipping', got, want)


def case_blit():
    # an 8x4 1-bit sprite, rows 0xf0 0x81 0x3c 0x01, drawn with every flag
    # combination at spots on the screen and across each edge
    sprite = [0xf0, 0x81, 0x3c, 0x01]
    spots = [(10 + 20 * (f // 2), 20, f) for f in range(0, 16, 2)] + \
            [(-3, 50, 0), (156, 60, 8), (40, -2, 4), (50, 157, 14), (-2, 100, 8), (100, -6, 10)]
    body = '(i32.store16 (i32.const 0x14) (i32.const 0x30))\n' + ''.join(
        f'(call $blit (i32.const 0x2500) (i32.const {x}) (i32.const {y}) '
        f'(i32.const 8) (i32.const 4) (i32.const {f}))\n'
        for x, y, f in spots)
    w = cart('blit', body, IMP['blit'], data=[(0x2500, bytes(sprite))])
    got = picture(w)
    want = [[0] * 160 for _ in range(160)]
    for x0, y0, f in spots:
        flip_x, flip_y, rotate = f & 2, f & 4, f & 8
        for sy in range(4):
            for sx in range(8):
                bit = (sprite[sy] >> (7 - sx)) & 1
                if not bit:  # DRAW_COLORS 0x30: index 0 transparent, index 1 colour 2
                    continue
                # the sprite pixel's place: flip, then a quarter turn anticlockwise
                u = 7 - sx if flip_x else sx
                v = 3 - sy if flip_y else sy
                if rotate:
                    u, v = v, 7 - u
                xx, yy = x0 + u, y0 + v
                if 0 <= xx < 160 and 0 <= yy < 160:
                    want[yy][xx] = 2
    expect_picture('blit flags', got, want)


def case_window():
    """The window (SDL2) on a virtual display: the same frames as headless,
    at 60 a second."""
    import shutil
    import time
    xvfb = shutil.which('xvfb-run')
    body = '(i32.store16 (i32.const 0x14) (i32.const 0x42))' \
           '(call $rect (i32.load8_u (i32.const 0x16)) (i32.const 30) (i32.const 50) ' \
           '(i32.const 40))'
    w = cart('window', body, IMP['rect'])
    tape = os.path.join(OUT, 'window.tape')
    open(tape, 'wb').write(bytes(range(120)))
    probe = subprocess.run([WISP, 'play', '--frames', '1', w], capture_output=True, text=True,
                           env=dict(os.environ, DISPLAY=''))
    if 'without SDL2' in probe.stderr:
        check(probe.returncode == 1, 'window: no SDL2 but not exit 1')
        print('skipped: this wisp was built without SDL2 (apt install libsdl2-dev)')
        sys.exit(77)
    if not xvfb:
        print('skipped: no xvfb-run (apt install xvfb) for a virtual display')
        sys.exit(77)
    t0 = time.monotonic()
    p = subprocess.run([xvfb, '-a', WISP, 'play', '--frames', '120', '--tape', tape, '--png',
                        os.path.join(OUT, 'win-'), w], capture_output=True, text=True,
                       # under ASan: X, GL and dbus libraries leak at exit, not wisp
                       env=dict(os.environ, SDL_AUDIODRIVER='dummy',
                                ASAN_OPTIONS=os.environ.get('ASAN_OPTIONS', '') +
                                ':detect_leaks=0'))
    secs = time.monotonic() - t0
    check(p.returncode == 0, f'window: exit {p.returncode} {p.stderr}')
    h = play(w, '--tape', tape, '--png', os.path.join(OUT, 'head-'), frames=120)
    check(h.returncode == 0, 'window: headless run failed')
    for n in ('0060', '0120'):
        a, b = os.path.join(OUT, f'win-{n}.png'), os.path.join(OUT, f'head-{n}.png')
        check(os.path.exists(a) and open(a, 'rb').read() == open(b, 'rb').read(),
              f'window: frame {n} differs from headless')
    check(secs >= 1.9, f'window: 120 frames in {secs:.2f} s, faster than 60 a second')
    # SDL2 is loaded when the window opens, not linked: `wisp run` and the
    # other commands do not load it and the libraries it needs at start
    ldd = shutil.which('ldd')
    if ldd:
        d = subprocess.run([ldd, WISP], capture_output=True, text=True)
        check(d.returncode == 0 and 'libSDL2' not in d.stdout,
              f'window: wisp links SDL2 at start:\n{d.stdout}')


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    globals()['case_' + sys.argv[1]]()
    sys.exit(1 if fails else 0)
