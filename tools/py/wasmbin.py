"""Binary Wasm helpers shared by the project's Python build steps and tests
(stdlib only): LEB128 (uleb, sleb, read_uleb, read_sleb), builders (name,
vec, section) and a section walker (sections). The readers trust their
input: a number cut short raises IndexError. Scripts put this folder on
sys.path relative to their own __file__ and import from here.
"""


def uleb(n):
    """Unsigned LEB128, in as few bytes as it takes."""
    if n < 0:
        raise ValueError(f"uleb of a negative number: {n}")
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | 0x80 if n else b)
        if not n:
            return bytes(out)


def sleb(n):
    """Signed LEB128, in as few bytes as it takes."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7  # arithmetic: ends at 0 or -1
        done = (n == 0 and not b & 0x40) or (n == -1 and b & 0x40)
        out.append(b if done else b | 0x80)
        if done:
            return bytes(out)


def read_uleb(buf, i):
    """The unsigned LEB128 at buf[i]: (value, index of the next byte)."""
    v = shift = 0
    while True:
        b = buf[i]
        i += 1
        v |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return v, i


def read_sleb(buf, i):
    """The signed LEB128 at buf[i]: (value, index of the next byte)."""
    v, j = read_uleb(buf, i)
    if buf[j - 1] & 0x40:  # the sign bit: the top bit of the last group
        v -= 1 << (7 * (j - i))
    return v, j


def name(s):
    """A name: its UTF-8 length, then the bytes (s is a str or bytes)."""
    b = s.encode() if isinstance(s, str) else bytes(s)
    return uleb(len(b)) + b


def vec(items):
    """A vector of already encoded items: the count, then the items."""
    return uleb(len(items)) + b"".join(items)


def section(sid, payload):
    """A section: its id byte, the payload's size, the payload."""
    return bytes([sid]) + uleb(len(payload)) + payload


def sections(data, pos=8):
    """Yield (id, payload start, payload end) for each section from pos (by
    default just after the 8-byte header, which is not checked) to the end
    of data. An end past len(data) means a section cut short."""
    while pos < len(data):
        sid = data[pos]
        size, start = read_uleb(data, pos + 1)
        pos = start + size
        yield sid, start, pos
