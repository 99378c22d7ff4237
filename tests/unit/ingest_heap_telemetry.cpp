// Heap telemetry lines: the built-in shapes, what must not be read as free heap, user patterns.
#include <catch2/catch.hpp>

#include "leakscope/ingest/heap_telemetry.hpp"

using namespace leakscope;

namespace {

// The free figure of the (only) reading of `line`; nullopt when the line gives no reading.
std::optional<std::uint64_t> free_of(std::string_view line) {
  const auto readings = find_heap_readings(line);
  if (readings.size() != 1) return std::nullopt;
  return readings.front().free;
}

// Each line's only reading has this free figure.
void check_free(std::initializer_list<std::pair<std::string_view, std::uint64_t>> cases) {
  for (const auto& [line, bytes] : cases) {
    INFO(line);
    CHECK(free_of(line) == bytes);
  }
}

bool no_reading(std::string_view line) { return find_heap_readings(line).empty(); }

HeapReading reading(std::string heap, std::optional<std::uint64_t> free,
                    std::optional<std::uint64_t> min_free = {},
                    std::optional<std::uint64_t> largest = {},
                    std::optional<std::uint64_t> total = {}) {
  return HeapReading{std::move(heap), free, min_free, largest, total};
}

}  // namespace

TEST_CASE("ESP-IDF free heap prints", "[ingest][heap_telemetry]") {
  check_free({
      {"I (5123) main: Free heap: 123456", 123456},
      {"I (5123) main: free heap: 64448", 64448},
      {"I (5123) main: Free heap: 123456 bytes", 123456},
      {"I (5123) MQTT_EXAMPLE: [APP] Free memory: 234567 bytes", 234567},
      {"I (5123) APP-MAIN: Free heap size: 98304byte", 98304},
      {"I (5123) main: esp_get_free_heap_size() = 200000", 200000},
      {"I (5123) Memory: xPortGetFreeHeapSize: 150000", 150000},
      {"I (5123) mem: freeHeap=150000", 150000},
      {"W (12:00:01.250) mon: heap free -> 4096", 4096},
      {"Free Heap size: 65000", 65000},  // a console command's printf
      {"\tFree heap is 120 KB", 120 * 1024},
      {"Free heap: 12.5 kB", 12800},
      {"Heap: 45000 bytes free", 45000},
  });
}

TEST_CASE("minimum free and largest free block", "[ingest][heap_telemetry]") {
  // hello_world prints only the minimum.
  CHECK(find_heap_readings("Minimum free heap size: 290000 bytes") ==
        std::vector{reading("", {}, 290000)});
  CHECK(find_heap_readings("I (9) memory debug: Free heap: 150000, Min free heap: 120000, "
                           "Largest free block: 65536, after connect") ==
        std::vector{reading("", 150000, 120000, 65536)});
  CHECK(find_heap_readings(
            "I (9) log_perfdata: free heap size = 150000 \t  min_free_heap_size = 90000") ==
        std::vector{reading("", 150000, 90000)});
  CHECK(find_heap_readings("I (9) RAM: Largest allocatable block (8-bit): 40960 bytes") ==
        std::vector{reading("", {}, {}, 40960)});
  CHECK(find_heap_readings("heap_caps_get_largest_free_block(MALLOC_CAP_8BIT): 40960") ==
        std::vector{reading("", {}, {}, 40960)});
  CHECK(find_heap_readings("Minimum RTOS heap size watermark: 80000") ==
        std::vector{reading("", {}, 80000)});
}

TEST_CASE("several heaps in one line are told apart by their labels", "[ingest][heap_telemetry]") {
  CHECK(find_heap_readings("I (7) sys: Free heap: 120000, Free PSRAM: 4000000") ==
        std::vector{reading("", 120000), reading("PSRAM", 4000000)});
  CHECK(find_heap_readings("heap_caps_get_free_size(MALLOC_CAP_SPIRAM) = 4000000") ==
        std::vector{reading("PSRAM", 4000000)});
  CHECK(find_heap_readings("free internal heap: 64000, free DMA heap (MALLOC_CAP_DMA): 32000") ==
        std::vector{reading("internal", 64000), reading("DMA", 32000)});
  CHECK(find_heap_readings("Total heap: 327680, Free heap: 150000") ==
        std::vector{reading("", 150000, {}, {}, 327680)});
}

TEST_CASE("heap_caps_print_heap_info: the totals, not the regions", "[ingest][heap_telemetry]") {
  // device-log-formats.md §3.4
  CHECK(no_reading("Heap summary for capabilities 0x00001800:"));
  CHECK(no_reading("  At 0x3ffae6e0 len 6688 free 0 allocated 6556 min_free 0"));
  CHECK(no_reading("    largest_free_block 0 alloc_blocks 37 free_blocks 0 total_blocks 37"));
  CHECK(no_reading("  Totals:"));
  CHECK(find_heap_readings(
            "    free 180432 allocated 112056 min_free 175000 largest_free_block 110592") ==
        std::vector{reading("", 180432, 175000, 110592)});
}

TEST_CASE("Particle System.freeMemory() prints", "[ingest][heap_telemetry]") {
  // device-log-formats.md §5.1: Particle has no heap tracer, apps print freeMemory().
  check_free({
      {"0000001234 [app] INFO: free memory: 81234", 81234},
      {"0000063889 [app] INFO: mem 64448", 64448},
      {"0003600000 [app] INFO: uptime 3600 mem 64448", 64448},
      {"0003600000 [app] INFO: uptime=3600, mem=64448", 64448},
      {"Free RAM 64448 bytes", 64448},
      {"Free Memory: 64448 bytes", 64448},
  });
  // The prefix's ten digits are a time, not a figure.
  CHECK(no_reading("0000063889 [comm.protocol] ERROR: Event loop error 1"));
}

TEST_CASE("Zephyr and FreeRTOS heap statistics", "[ingest][heap_telemetry]") {
  // Kernel heap shell command (§5.2): one figure a line, "free:" alone counts.
  CHECK(free_of("free:           10240") == 10240u);
  CHECK(free_of("[00:00:26.158,000] <inf> app: free:           10240") == 10240u);
  CHECK(no_reading("allocated:      2048"));
  CHECK(no_reading("max. allocated: 4096"));
  // sys_heap sample's print: "free" beside "allocated" and the heap size.
  CHECK(find_heap_readings("allocated 150, free 82, max allocated 150, heap size 256") ==
        std::vector{reading("", 82, {}, {}, 256)});
  CHECK(free_of("Heap free: 30000") == 30000u);
  CHECK(find_heap_readings("xPortGetFreeHeapSize 20000, xPortGetMinimumEverFreeHeapSize 12000") ==
        std::vector{reading("", 20000, 12000)});
  CHECK(free_of("dbg free memory(3): 40000") == 40000u);
}

TEST_CASE("numbers that are not free heap", "[ingest][heap_telemetry]") {
  CHECK(no_reading("E (812) app: malloc failed for 64448 bytes"));
  CHECK(no_reading("Mem alloc fail. size 0x0000fbc0 caps 0x00001800"));
  CHECK(no_reading("E (812) app: Not enough free heap: 64448"));
  CHECK(no_reading("E (812) mbedtls: failed to allocate 64448 bytes, need more free heap"));
  CHECK(no_reading("I (1) app: freed 64448 bytes"));
  CHECK(no_reading("I (1) app: Free heap dropped by 5120 bytes"));
  CHECK(no_reading("I (1) app: free(0x3ffb4c08)"));
  CHECK(no_reading("I (1) app: Task free stack: 1200 bytes"));
  CHECK(no_reading("I (1) app: free heap blocks: 3"));
  CHECK(no_reading("I (1) spiffs: SPIFFS free: 123456"));
  CHECK(no_reading("I (1) ota: Free sketch space: 1310720"));
  CHECK(no_reading("I (1) app: Free heap: 45%"));
  CHECK(no_reading("I (1) app: Heap: 1234/32768"));
  CHECK(no_reading("I (1) app: free memory after reconnect took 3000 ms"));
  CHECK(no_reading("I (1) app: heap used: 12000"));
  CHECK(no_reading("I (1) app: free 3"));  // a bare "free" with nothing around it
  CHECK(no_reading("I (1) app: stack high water mark: 512"));
  CHECK(no_reading("I (1) app: Minimum / current free heap size->1000 / 2000"));
  CHECK(no_reading("I (1) wifi: rssi -67 dBm, channel 6"));
  CHECK(no_reading("I (1) app: Free heap version 1.2.3"));
  CHECK(
      no_reading("  32 bytes (@ 0x3ffaf214) allocated CPU 0 ccount 0x2e9b7384 caller 0x400d276d"));
}

TEST_CASE("byte counts with units", "[ingest][heap_telemetry]") {
  std::uint64_t bytes = 0;
  CHECK((read_byte_count("64448", bytes) && bytes == 64448));
  CHECK((read_byte_count(" 64448 bytes ", bytes) && bytes == 64448));
  CHECK((read_byte_count("63 KB", bytes) && bytes == 63 * 1024));
  CHECK((read_byte_count("63KiB", bytes) && bytes == 63 * 1024));
  CHECK((read_byte_count("2M", bytes) && bytes == 2 * 1024 * 1024));
  CHECK((read_byte_count("1.5 MB", bytes) && bytes == 1536 * 1024));
  CHECK_FALSE(read_byte_count("", bytes));
  CHECK_FALSE(read_byte_count("12.5", bytes));
  CHECK_FALSE(read_byte_count("12 ms", bytes));
  CHECK_FALSE(read_byte_count("0x1000", bytes));
  CHECK_FALSE(read_byte_count("12 apples", bytes));
}

TEST_CASE("user heap patterns", "[ingest][heap_telemetry]") {
  HeapPatterns patterns;
  REQUIRE(patterns.empty());
  REQUIRE(patterns.add(R"(hp=(?P<free>\d+)/(?P<min_free>\d+)(?: (?P<heap>\w+))?)").ok());
  REQUIRE(patterns.add(R"(blk (?P<largest>\d+) of (?P<free>\d+ ?KB))").ok());
  CHECK(patterns.size() == 2);

  auto m = patterns.match("I (1) x: hp=1000/800 PSRAM");
  REQUIRE(m.ok());
  CHECK(*m == std::vector{reading("PSRAM", 1000, 800)});
  m = patterns.match("blk 4096 of 12 KB");
  REQUIRE(m.ok());
  CHECK(*m == std::vector{reading("", 12 * 1024, {}, 4096)});
  m = patterns.match("nothing here");
  REQUIRE(m.ok());
  CHECK(m->empty());

  SECTION("a user pattern overrides the built-in shapes for its lines") {
    HeapPatterns mine;
    REQUIRE(mine.add(R"(Free heap: (?P<free>\d+))").ok());
    auto r = read_heap_telemetry("Free heap: 100, Min free heap: 50", mine);
    REQUIRE(r.ok());
    CHECK(*r == std::vector{reading("", 100)});
    r = read_heap_telemetry("Min free heap: 50", mine);  // no user match: the built-ins
    REQUIRE(r.ok());
    CHECK(*r == std::vector{reading("", {}, 50)});
  }

  SECTION("a capture that is not a byte count makes the line an error") {
    HeapPatterns loose;
    REQUIRE(loose.add(R"(heap (?P<free>\S+))").ok());
    auto r = loose.match("heap lots");
    REQUIRE_FALSE(r.ok());
    CHECK_THAT(r.error().message, Catch::Contains("'lots', not a byte count"));
  }

  SECTION("pattern errors name the pattern") {
    HeapPatterns bad;
    auto st = bad.add("free=(\\d+");
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("heap pattern 'free=(\\d+'"));
    st = bad.add(R"(free=(\d+))");
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("no (?P<free>...) capture"));
    st = bad.add(R"(free=(?P<free>\d+) min=(?P<minfree>\d+))");
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.error().message, Catch::Contains("unknown capture 'minfree'"));
    CHECK(bad.empty());
  }
}
