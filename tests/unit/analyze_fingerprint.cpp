// Stable leak fingerprints (analyze/fingerprint.hpp): what changes them and what does not.
#include <catch2/catch.hpp>

#include "leakscope/analyze/fingerprint.hpp"
#include "leakscope/symbolize/function_name.hpp"

using namespace leakscope;

TEST_CASE("a fingerprint is FNV-1a of the function and the file's base name", "[analyze]") {
  // Pinned: ids in committed baselines and suppression files must never change meaning.
  // (Computed independently: FNV-1a 64 of "site-v1\nnet_session_open\nnet_task.c".)
  const Fingerprint f = site_fingerprint("net_session_open", "firmware/net_task.c", 0xe27);
  CHECK(f.id == "a1752b22dc338455");
  CHECK_FALSE(f.by_address);
}

TEST_CASE("a fingerprint survives rebuilds, moves and clones", "[analyze]") {
  const std::string id = site_fingerprint("net_session_open", "firmware/net_task.c", 0xe27).id;
  // Another build tree, another address (the layout shifted), another line (not an input).
  CHECK(site_fingerprint("net_session_open", "/build/ci/src/net_task.c", 0x1e27).id == id);
  CHECK(site_fingerprint("net_session_open", "C:\\work\\net_task.c", 0x8000e27).id == id);
  // GCC clones of the same function.
  CHECK(site_fingerprint("net_session_open.isra.0", "net_task.c", 1).id == id);
  CHECK(site_fingerprint("net_session_open.constprop.0.cold", "net_task.c", 1).id == id);
  CHECK(site_fingerprint("net_session_open$part$0", "net_task.c", 1).id == id);
  // Another function or another file is another leak.
  CHECK(site_fingerprint("net_session_close", "net_task.c", 0xe27).id != id);
  CHECK(site_fingerprint("net_session_open", "net_task2.c", 0xe27).id != id);
}

TEST_CASE("a site without a function name is fingerprinted by its address", "[analyze]") {
  const Fingerprint f = site_fingerprint("", "", 0x400d1234);
  CHECK(f.by_address);
  CHECK(f.id == "f2b9f4760a73c594");  // FNV-1a 64 of "site-v1\naddress\n0x400d1234"
  CHECK(site_fingerprint("", "", 0x400d1238).id != f.id);
}

TEST_CASE("clone suffixes come off printed function names", "[symbolize]") {
  CHECK(function_without_clone("net_open.isra.0") == "net_open");
  CHECK(function_without_clone("net_open") == "net_open");
  CHECK(function_without_clone("Session::open(int) [clone .constprop.0] [clone .cold]") ==
        "Session::open(int)");
  CHECK(function_without_clone("Session::open(int) [clone .isra.0]") == "Session::open(int)");
  // Not clones.
  CHECK(function_without_clone("log(char const*, ...)") == "log(char const*, ...)");
  CHECK(function_without_clone("std::array<int, 3>::operator[](unsigned int)") ==
        "std::array<int, 3>::operator[](unsigned int)");
  CHECK(function_without_clone("f() [clone ]") == "f() [clone ]");
}
