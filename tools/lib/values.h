/* Text <-> wasm values for `wisp run --invoke`.
 *
 * Accepted argument syntax, by parameter type:
 *   i32, i64   decimal, signed or unsigned (-1 and 4294967295 are the same
 *              i32), or hex with 0x (also -0x..); must fit the width.
 *   f32, f64   anything strtof/strtod takes (1.5, -2e10, 0x1p-3, inf, nan),
 *              plus nan:0xPAYLOAD for a NaN with a given payload; finite
 *              text too large for the type is refused, not made infinite.
 *   v128       SHAPE:L0,L1,... with SHAPE i8x16, i16x8, i32x4, i64x2, f32x4 or
 *              f64x2 and exactly that many lanes, each in the syntax of its
 *              lane type (integer lanes signed or unsigned), apart by commas
 *              or by spaces (wabt prints `i32x4:0x00000001 0x00000002 ...`);
 *              or 0x and 1 to 32 hex digits: the 128-bit number, lane 0 in
 *              its low bits (wasmtime reads a v128 as a 128-bit number).
 *   funcref, externref   only `null`.
 * Results are printed one per line as bt_value (bt_text.h) writes them,
 * the text of backtraces too. */
#ifndef WISP_TOOLS_VALUES_H
#define WISP_TOOLS_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wisp.h"

/* false if `text` is not a valid value of `type`. */
bool value_parse(uint8_t type, const char *text, wisp_value *out);

/* bt_value's text of v into buf (VALUE_TEXT_MAX bytes are always enough). */
#define VALUE_TEXT_MAX 64
void value_format(uint8_t type, wisp_value v, char *buf, size_t size);

/* "(i32, i64) -> f64" style signature text for error messages. */
void signature_format(const uint8_t *params, uint32_t nparams, const uint8_t *results,
                      uint32_t nresults, char *buf, size_t size);

#endif
