/* How big `wisp run` makes the guest's stacks when --stack-slots and
 * --call-depth are not given (tools/README.md, "Stacks"):
 *   value stack  the larger of STACK_SLOTS_HOST and 4 x the module's largest
 *                frame estimate (below), so a function with 50,000 locals
 *                runs without options;
 *   call depth   STACK_DEPTH_HOST frames;
 * each at most a quarter (value stack) or a sixteenth (frames) of the arena,
 * so a small --arena keeps working, and never below the core's own
 * defaults (16,384 slots, 1,024 frames). */
#ifndef WISP_TOOLS_STACK_SIZE_H
#define WISP_TOOLS_STACK_SIZE_H

#include <stddef.h>
#include <stdint.h>

#define STACK_SLOTS_HOST (1u << 20)     /* 8 MiB of 8-byte slots */
#define STACK_DEPTH_HOST (64u * 1024u)
#define STACK_SLOTS_CORE (16u * 1024u)  /* the core's defaults (wisp_config) */
#define STACK_DEPTH_CORE 1024u
#define STACK_SLOT_BYTES 8u
#define STACK_FRAME_BYTES 32u           /* a frame record on a 64-bit host, about */

/* A generous estimate of the value-stack slots the module's largest
 * function frame takes: its parameters, results and locals (v128 twice)
 * plus its body size in bytes, which bounds its operand stack for code
 * without multi-value calls. 0 when the module cannot be read (the loader
 * then says why). */
uint64_t stack_frame_estimate(const uint8_t *bytes, size_t len);

/* The defaults above for this module and arena. */
uint32_t stack_default_slots(const uint8_t *bytes, size_t len, size_t arena_size);
uint32_t stack_default_depth(size_t arena_size);

#endif
