/* Compile-time configuration of the leakscope trace recorder.
 *
 * Every setting is a macro with a default below. Override them on the compiler command line
 * (-DLST_RING_BYTES=8192) or in a header of your own named by LST_CONFIG_HEADER
 * (-DLST_CONFIG_HEADER='"lst_user_config.h"'), which is included first. README.md lists them
 * with what each costs. All RAM the recorder uses is sized here, at compile time.
 *
 * The second half derives the largest payload of every record type from these settings, so
 * each record is built in a stack buffer exactly as large as it can get.
 */
#ifndef LST_CONFIG_H
#define LST_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#ifdef LST_CONFIG_HEADER
#include LST_CONFIG_HEADER
#endif

/* ---- sizes ---------------------------------------------------------------------------- */

/* Data area of the ring buffer object lst_ring (only linked in when the ring sink is used). */
#ifndef LST_RING_BYTES
#define LST_RING_BYTES 4096
#endif

/* Return addresses kept per ALLOC, FREE and REALLOC record (the format allows 64). */
#ifndef LST_MAX_STACK
#define LST_MAX_STACK 8
#endif

/* 1: FREE records carry a call stack too (one backtrace per free); 0: count 0, cheaper. */
#ifndef LST_FREE_STACK
#define LST_FREE_STACK 1
#endif

/* Task, heap and reset-reason names are cut to this many bytes (the format allows 64). */
#ifndef LST_NAME_BYTES
#define LST_NAME_BYTES 16
#endif

/* MARKER text and the HEADER's firmware string are cut to this many bytes (format: 128/64). */
#ifndef LST_TEXT_BYTES
#define LST_TEXT_BYTES 48
#endif

/* HEADER: bytes kept of the GNU build-id and of the ELF SHA-256 prefix (each). */
#ifndef LST_ID_BYTES
#define LST_ID_BYTES 20
#endif

/* Line sink: its one static line buffer ("LSTRACE:" + base64 + CRLF). A frame whose line does
 * not fit is dropped and counted in the next LOSS. The default fits the largest frame. */
#ifndef LST_LINE_BYTES
#define LST_LINE_BYTES LST_LINE_BYTES_FOR(LST_MAX_FRAME_BYTES)
#endif

/* ---- time, tasks, heaps ---------------------------------------------------------------- */

/* Type of the tick counter that LST_TIME() returns. */
#ifndef LST_TIME_TYPE
#define LST_TIME_TYPE uint32_t
#endif

/* Nanoseconds per tick, written in the HEADER (0 = unknown; 1000000 for a 1 ms tick). */
#ifndef LST_TICK_NS
#define LST_TICK_NS 0
#endif

/* Heap id the -Wl,--wrap malloc wrappers record (lst_wrap.c). */
#ifndef LST_WRAP_HEAP
#define LST_WRAP_HEAP 0
#endif

/* HEADER arch code of docs/trace-format.md, from the compiler's target macros. */
#ifndef LST_ARCH
#if defined(__arm__) || defined(__thumb__)
#define LST_ARCH 1
#elif defined(__XTENSA__) || defined(__xtensa__)
#define LST_ARCH 2
#elif defined(__riscv) && defined(__riscv_xlen) && __riscv_xlen == 32
#define LST_ARCH 3
#elif defined(__riscv) && defined(__riscv_xlen) && __riscv_xlen == 64
#define LST_ARCH 4
#elif defined(__x86_64__)
#define LST_ARCH 5
#elif defined(__aarch64__)
#define LST_ARCH 6
#else
#define LST_ARCH 0
#endif
#endif

/* ---- platform hooks (see lst_port.h for the functions behind the defaults) ------------- */

/* Current time in ticks since start. Default: lst_port_time(), a weak function returning 0. */
#ifndef LST_TIME
#define LST_TIME() lst_port_time()
#endif

/* Id of the running task, 0 in an interrupt. Default: lst_port_task_id(), weak, returns 0. */
#ifndef LST_TASK_ID
#define LST_TASK_ID() lst_port_task_id()
#endif

/* Fills out[0..max) with return addresses, innermost first, starting at `caller` (the return
 * address of the allocator call being recorded); returns how many. Default:
 * lst_port_backtrace(), weak, stores `caller` alone. */
#ifndef LST_BACKTRACE
#define LST_BACKTRACE(out, max, caller) lst_port_backtrace((out), (max), (caller))
#endif

/* Index of the running core (0 on single-core parts); only used by the re-entrancy guard. */
#ifndef LST_CORE_ID
#define LST_CORE_ID() 0u
#endif

/* Critical section around the commit of one frame to the sink. Both macros expand inside one
 * block of one function, so ENTER may declare the variable EXIT restores. It must nest (a
 * sink that allocates re-enters it before the guard turns the inner record away).
 * Default on Cortex-M (M profile only: A-profile cores have no PRIMASK): save PRIMASK, mask
 * interrupts, restore. Elsewhere the default is nothing: define them for your target. */
#if defined(LST_ENTER_CRITICAL) != defined(LST_EXIT_CRITICAL)
#error "define both LST_ENTER_CRITICAL() and LST_EXIT_CRITICAL(), or neither"
#endif
#ifndef LST_ENTER_CRITICAL
#if defined(__ARM_ARCH) && defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define LST_ENTER_CRITICAL()                                                                  \
    uint32_t lst_primask_;                                                                    \
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(lst_primask_) : : "memory")
#define LST_EXIT_CRITICAL() __asm__ volatile("msr primask, %0" : : "r"(lst_primask_) : "memory")
#else
#define LST_ENTER_CRITICAL() ((void)0)
#define LST_EXIT_CRITICAL() ((void)0)
#endif
#endif

/* Attributes of the lst_ring object, e.g. __attribute__((section(".noinit"))) to keep the
 * last boot's events across a warm reset for a post-mortem dump. */
#ifndef LST_RING_ATTRIBUTES
#define LST_RING_ATTRIBUTES
#endif

/* ---- derived sizes (not settings) ------------------------------------------------------ */

/* Bytes of an unsigned LEB128 varint of a value of `bits` bits, at most. */
#define LST_VARINT_BYTES(bits) (((bits) + 6) / 7)

#if UINTPTR_MAX > 0xFFFFFFFFu
#define LST_POINTER_BITS 64
#else
#define LST_POINTER_BITS 32
#endif
#if SIZE_MAX > 0xFFFFFFFFu
#define LST_SIZE_BITS 64
#else
#define LST_SIZE_BITS 32
#endif

#define LST_V_TIME LST_VARINT_BYTES(sizeof(LST_TIME_TYPE) * 8)
#define LST_V_PTR LST_VARINT_BYTES(LST_POINTER_BITS)
#define LST_V_SIZE LST_VARINT_BYTES(LST_SIZE_BITS)
#define LST_V_U32 5
/* A stack delta is the zigzag of a pointer difference: one bit more than a pointer. */
#define LST_V_DELTA LST_VARINT_BYTES(LST_POINTER_BITS + 1)
/* A string or bytes field: its length varint (1 byte up to 127, 2 up to 16383) + bytes. */
#define LST_V_STRING(max) ((max) < 128 ? 1 + (max) : 2 + (max))

#define LST_STACK_PAYLOAD (1 + LST_V_PTR + (LST_MAX_STACK - 1) * LST_V_DELTA)

/* REALLOC is the largest of the three block records: ALLOC and FREE share its buffer. */
#define LST_BLOCK_PAYLOAD_MAX                                                                 \
    (LST_V_TIME + 2 * LST_V_PTR + LST_V_SIZE + LST_V_PTR + LST_V_U32 + LST_STACK_PAYLOAD)
/* The firmware string keeps at most 64 bytes, the format's string limit. */
#define LST_FIRMWARE_BYTES (LST_TEXT_BYTES < 64 ? LST_TEXT_BYTES : 64)
#define LST_HEADER_PAYLOAD_MAX                                                                \
    (4 + LST_V_U32 + 2 * LST_V_STRING(LST_ID_BYTES) + LST_V_STRING(LST_FIRMWARE_BYTES))
#define LST_BOOT_PAYLOAD_MAX (2 * LST_V_U32 + LST_V_STRING(LST_NAME_BYTES))
#define LST_TASK_PAYLOAD_MAX (LST_V_TIME + LST_V_PTR + 1 + LST_V_STRING(LST_NAME_BYTES))
#define LST_HEAP_PAYLOAD_MAX (LST_V_TIME + LST_V_U32 + 4 * LST_V_SIZE)
#define LST_MARKER_PAYLOAD_MAX (LST_V_TIME + 1 + LST_V_U32 + LST_V_STRING(LST_TEXT_BYTES))
#define LST_LOSS_PAYLOAD_MAX (LST_V_TIME + 2 * LST_V_U32)
#define LST_HEAP_NAME_PAYLOAD_MAX (LST_V_U32 + LST_V_STRING(LST_NAME_BYTES))

/* Frame = sync 2 + type 1 + seq 2 + length varint (1-2) + payload + CRC 4. */
#define LST_FRAME_HEAD 7
#define LST_FRAME_CRC 4
#define LST_FRAME_BUFFER(payload_max) (LST_FRAME_HEAD + (payload_max) + LST_FRAME_CRC)

#define LST_MAX2(a, b) ((a) > (b) ? (a) : (b))
#define LST_MAX_PAYLOAD_BYTES                                                                 \
    LST_MAX2(LST_MAX2(LST_MAX2(LST_BLOCK_PAYLOAD_MAX, LST_HEADER_PAYLOAD_MAX),                \
                      LST_MAX2(LST_TASK_PAYLOAD_MAX, LST_MARKER_PAYLOAD_MAX)),                \
             LST_MAX2(LST_MAX2(LST_HEAP_PAYLOAD_MAX, LST_BOOT_PAYLOAD_MAX),                   \
                      LST_MAX2(LST_LOSS_PAYLOAD_MAX, LST_HEAP_NAME_PAYLOAD_MAX)))
#define LST_MAX_FRAME_BYTES LST_FRAME_BUFFER(LST_MAX_PAYLOAD_BYTES)

/* "LSTRACE:" + base64 of `frame` bytes + "\r\n". */
#define LST_LINE_BYTES_FOR(frame) (8 + 4 * (((frame) + 2) / 3) + 2)

/* ---- checks ---------------------------------------------------------------------------- */

#if LST_MAX_STACK < 1 || LST_MAX_STACK > 64
#error "LST_MAX_STACK must be 1..64 (the format's limit)"
#endif
#if LST_NAME_BYTES > 64 || LST_ID_BYTES > 64
#error "LST_NAME_BYTES and LST_ID_BYTES are at most 64"
#endif
#if LST_TEXT_BYTES > 128
#error "LST_TEXT_BYTES is at most 128 (the MARKER limit)"
#endif
#if LST_RING_BYTES % 4 != 0 || LST_RING_BYTES < 64
#error "LST_RING_BYTES must be a multiple of 4, at least 64"
#endif

#endif
