#include "gateway_capture.hpp"

namespace leakscope::sysview_gen {

namespace {

// samples/gateway/gateway.elf: task control blocks and the return addresses of its
// allocation sites, innermost first (as tools/golden_traces uses them).
constexpr std::uint32_t net = 0x20001a04, sensor = 0x20001a20, console = 0x20001a3c;
constexpr std::uint32_t idle0 = 0x20001b00, idle1 = 0x20001b60;
const std::vector<std::uint32_t> packet_buffer{0xd1f, 0x697, 0x13d, 0x77};
const std::vector<std::uint32_t> reply_buffer{0xd2f, 0x697, 0x13d, 0x77};
const std::vector<std::uint32_t> session_scratch{0xc5b, 0xcdf, 0x697, 0x13d};
const std::vector<std::uint32_t> session_open{0xc5b, 0xe27, 0x697, 0x13d};  // leaks
const std::vector<std::uint32_t> uart_frame{0xeeb, 0x1003, 0x697, 0x13d};    // leaks
const std::vector<std::uint32_t> sample_buffer{0x1075, 0x697, 0x13d, 0x77};
const std::vector<std::uint32_t> sample_grow{0x10ab, 0x697, 0x13d, 0x77};
const std::vector<std::uint32_t> console_label{0x122f, 0x697, 0x13d, 0x77};  // leaks

constexpr std::uint64_t ms = 40'000;  // ticks at 40 MHz
constexpr std::uint32_t systick = 15;
constexpr std::uint32_t queue_receive = 49;  // an OS API event id; its layout is not needed

SystemInfo gateway_system() {
  SystemInfo info;
  info.ram_base = 0x20000000;
  info.id_shift = 2;
  info.descriptions = {"N=gateway sample,D=cortex-m3,C=ARM,O=FreeRTOS", "I#15=SysTick"};
  info.tasks = {{net, 5, "net"}, {sensor, 4, "sensor"}, {console, 3, "console"},
                {idle0, 0, "IDLE0"}, {idle1, 0, "IDLE1"}};
  return info;
}

class Script {
 public:
  Script(CaptureLayout layout, GatewayDamage damage) : c_(layout), damage_(damage) {}

  GeneratedCapture run() {
    c_.at(0).start(gateway_system());
    // Tracing began while console ran on core 1: its first allocation comes before any switch.
    c_.set_context(1, Context{"console", false});
    step(ms);
    alloc(1, 7, console_label);  // never freed
    step(40);
    c_.task_stop_ready(1, console);
    step(30);
    c_.idle(1);
    for (std::uint64_t n = 1; n <= 12; ++n) cycle(n);
    if (damage_.cut_end) {
      c_.at(13 * 10 * ms).task_start(1, console);
      step(25);
      alloc(1, 7, console_label);
      c_.cut_last_packet(1, 4);
    }
    return c_.finish();
  }

 private:
  void step(std::uint64_t ticks) { c_.at(c_.now() + ticks); }

  std::uint32_t alloc(std::uint8_t core, std::uint32_t size, const std::vector<std::uint32_t>& callers) {
    const std::uint32_t address = next_block_;
    next_block_ += (size + 15) / 16 * 16 + 16;
    if (dropping_ > 0)
      --dropping_;
    else
      c_.alloc(core, address, size, callers);
    return address;
  }

  void free(std::uint8_t core, std::uint32_t address) {
    if (dropping_ > 0)
      --dropping_;
    else
      c_.free(core, address, {0x697, 0x13d, 0x77});
  }

  void net_work(std::uint64_t n) {
    c_.os_event(0, queue_receive, 0x5a5, 1);
    step(900);
    if (damage_.overflow && n == 6) dropping_ = 3;  // the target's buffer is full for a while
    const std::uint32_t packet = alloc(0, 48, packet_buffer);
    step(700);
    const std::uint32_t reply = alloc(0, static_cast<std::uint32_t>(119 + n), reply_buffer);
    step(600);
    free(0, packet);
    step(500);
    if (damage_.overflow && n == 6) c_.overflow(0, 3);
    free(0, reply);
    step(800);
    const std::uint32_t scratch = alloc(0, 203, session_scratch);
    step(400);
    free(0, scratch);
    step(300);
    if (n % 3 == 0) alloc(0, 96, session_open);
  }

  void sensor_work(std::uint64_t n) {
    const std::uint32_t frame = alloc(0, 48, uart_frame);
    step(650);
    if (n % 4 != 0) free(0, frame);
    step(350);
    const std::uint32_t samples = alloc(0, 32, sample_buffer);
    step(450);
    const std::uint32_t grown = alloc(0, 64, sample_grow);  // realloc: a new block, the old freed
    step(150);
    free(0, samples);
    step(900);
    free(0, grown);
  }

  // A task's turn on a core: switched in, its work, blocked again.
  template <class Work>
  void turn(std::uint8_t core, std::uint32_t tcb, Work&& work) {
    c_.task_start(core, tcb);
    step(200);
    work();
    step(250);
    c_.task_stop_ready(core, tcb);
    step(60);
  }

  void cycle(std::uint64_t n) {
    c_.at(n * 10 * ms).isr_enter(0, systick, "SysTick");
    step(120);
    c_.isr_to_scheduler(0);
    step(80);
    turn(0, net, [&] { net_work(n); });
    turn(0, sensor, [&] { sensor_work(n); });
    c_.idle(0);

    c_.at(n * 10 * ms + 5 * ms);
    turn(1, console, [&] {
      const std::uint32_t label = alloc(1, 7, console_label);
      step(1200);
      if (n % 5 != 0) free(1, label);
    });
    c_.idle(1);
  }

  DualCoreCapture c_;
  GatewayDamage damage_;
  std::uint32_t next_block_ = 0x20001c40;
  int dropping_ = 0;  // heap events still to be dropped by the target
};

}  // namespace

GeneratedCapture gateway_capture(CaptureLayout layout, GatewayDamage damage) {
  return Script(layout, damage).run();
}

}  // namespace leakscope::sysview_gen
