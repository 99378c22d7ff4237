#include "boot_banner.h"

#include <stdint.h>

#include "console_uart.h"
#include "esp_log.h"
#include "sim_clock.h"

extern const char __text_end[];
extern char __data_start[], __data_end[], __data_load[];
extern char __heap_start[], __heap_limit[];
void Reset_Handler(void);

static void print_rom_banner(bool after_software_reset)
{
    if (after_software_reset) {
        /* A real UART shows a few junk bytes while the chip resets. */
        console_uart_write_raw("\xff\x00\xa5", 3);
    }
    console_printf("ets Jun  8 2016 00:22:57\n\n");
    if (after_software_reset) {
        console_printf("rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n");
    } else {
        console_printf("rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n");
    }
    console_printf("configsip: 0, SPIWP:0xee\n");
    console_printf("clk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\n");
    console_printf("mode:DIO, clock div:2\n");
    console_printf("load:0x%08x,len:%u\n", 0u, (unsigned)(uintptr_t)__text_end);
    console_printf("load:0x%08x,len:%u\n", (unsigned)(uintptr_t)__data_load,
                   (unsigned)(__data_end - __data_start));
    console_printf("entry 0x%08x\n", (unsigned)((uintptr_t)Reset_Handler & ~(uintptr_t)1));
}

void boot_banner_print(bool after_software_reset)
{
    print_rom_banner(after_software_reset);

    sim_clock_advance(27 * (SIM_CPU_HZ / 1000));
    ESP_LOGI("boot", "leakscope gateway sample, 2nd stage bootloader (simulated)");
    sim_clock_advance(190 * (SIM_CPU_HZ / 1000));
    ESP_LOGI("cpu_start", "Pro cpu up.");
    ESP_LOGI("cpu_start", "Single core mode");
    sim_clock_advance(12 * (SIM_CPU_HZ / 1000));
    ESP_LOGI("heap_init", "Initializing. RAM available for dynamic allocation:");
    ESP_LOGI("heap_init", "At %08X len %08X (%u KiB): SRAM", (unsigned)(uintptr_t)__heap_start,
             (unsigned)(__heap_limit - __heap_start),
             (unsigned)((__heap_limit - __heap_start) / 1024));
    sim_clock_advance(8 * (SIM_CPU_HZ / 1000));
}
