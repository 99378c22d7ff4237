#include "sim_clock.h"

static uint32_t cycles;
static bool scheduler_running;

void sim_clock_advance(uint32_t n)
{
    cycles += n;
}

uint32_t sim_ccount(void)
{
    return cycles;
}

void sim_clock_scheduler_started(void)
{
    scheduler_running = true;
}

uint32_t sim_log_timestamp_ms(void)
{
    if (!scheduler_running) {
        return cycles / (SIM_CPU_HZ / 1000u);
    }
    return (cycles / SIM_TICK_CYCLES) * 10u;
}
