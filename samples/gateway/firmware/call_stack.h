/* Return addresses of the current call chain, from the ARM EHABI unwind
 * tables (.ARM.exidx, built with -funwind-tables) via libgcc's
 * _Unwind_Backtrace.
 *
 *   void *callers[4];
 *   int n = call_stack_capture(callers, 4, 0);
 *   // callers[0] == __builtin_return_address(0) of the calling function
 *
 * Each entry is the value the link register held for that call, Thumb bit
 * included (odd), i.e. what __builtin_return_address(0) returns in the callee.
 * Unused slots are set to NULL. The walk stops early at an address outside
 * the firmware's code.
 */
#ifndef GATEWAY_CALL_STACK_H
#define GATEWAY_CALL_STACK_H

/* skip: further frames to drop (0 = start with the return address into the
 * caller of the function that calls call_stack_capture). */
int call_stack_capture(void **out, int depth, int skip);

/* Like call_stack_capture, but also stores each frame's stack pointer. */
int call_stack_capture_with_sp(void **out, void **sp_out, int depth, int skip);

#endif
