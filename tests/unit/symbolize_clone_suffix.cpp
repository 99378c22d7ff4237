// Naming rules 3 and 4 (symbolizer.hpp): GCC clone suffixes, Xtensa's '$' spelling, and when an
// ELF symbol names the outermost frame instead of DWARF (clone_suffix.hpp).
#include <catch2/catch.hpp>

#include "symbolize/clone_suffix.hpp"
#include "symbolize/string_pool.hpp"

using leakscope::symbolize_detail::DwarfFunctionName;
using leakscope::symbolize_detail::printable_symbol;
using leakscope::symbolize_detail::split_clone_suffix;
using leakscope::symbolize_detail::StringPool;
using leakscope::symbolize_detail::symbol_name_for_frame;

TEST_CASE("clone suffixes are split off, in either spelling", "[symbolize]") {
  CHECK(split_clone_suffix("foo.isra.0").base == "foo");
  CHECK(split_clone_suffix("foo.isra.0").suffix == ".isra.0");
  CHECK(split_clone_suffix("_Z3fooi.constprop.0.isra.0").suffix == ".constprop.0.isra.0");
  CHECK(split_clone_suffix("main.cold").suffix == ".cold");
  CHECK(split_clone_suffix("foo.lto_priv.0").suffix == ".lto_priv.0");
  CHECK(split_clone_suffix("foo$isra$0").base == "foo");
  CHECK(split_clone_suffix("foo$isra$0").suffix == ".isra.0");
  CHECK(split_clone_suffix("_Z3fooi$part$0").suffix == ".part.0");
  // Not clones: no separator, a '$' that is part of a C identifier, a leading dot, an empty part.
  CHECK(split_clone_suffix("foo").suffix.empty());
  CHECK(split_clone_suffix("foo$Bar").suffix.empty());
  CHECK(split_clone_suffix(".Lfoo").suffix.empty());
  CHECK(split_clone_suffix("foo..0").suffix.empty());
  CHECK(split_clone_suffix("foo.").suffix.empty());
}

TEST_CASE("symbols print demangled, clone suffix in dots", "[symbolize]") {
  CHECK(printable_symbol("_Z3fooi") == "foo(int)");
  CHECK(printable_symbol("_Z3fooi.isra.0") == "foo(int) [clone .isra.0]");
  CHECK(printable_symbol("_Z3fooi$isra$0") == "foo(int) [clone .isra.0]");
  CHECK(printable_symbol("foo$constprop$0") == "foo.constprop.0");
  CHECK(printable_symbol("main.cold") == "main.cold");
  CHECK(printable_symbol("_Znot_really") == "_Znot_really");  // rejected by the demangler: kept
}

TEST_CASE("the outermost frame takes the symbol only when it adds information", "[symbolize]") {
  // C function with a clone suffix.
  CHECK(symbol_name_for_frame({"foo", "", "foo"}, "foo.isra.0") == "foo.isra.0");
  CHECK(symbol_name_for_frame({"foo", "", "foo"}, "foo$isra$0") == "foo.isra.0");
  CHECK_FALSE(symbol_name_for_frame({"foo", "", "foo"}, "foo"));
  // An alias naming another function is not used.
  CHECK_FALSE(symbol_name_for_frame({"restore_core_regs", "", "restore_core_regs"}, "__restore_core_regs"));
  CHECK_FALSE(symbol_name_for_frame({"foo", "", "foo"}, "bar.isra.0"));
  // C++ with a linkage name: only the same mangled name plus a suffix.
  const DwarfFunctionName member{"ns::Foo::bar(int)", "_ZN2ns3Foo3barEi", "bar"};
  CHECK(symbol_name_for_frame(member, "_ZN2ns3Foo3barEi.cold") == "ns::Foo::bar(int) [clone .cold]");
  CHECK_FALSE(symbol_name_for_frame(member, "_ZN2ns3Foo3barEi"));
  CHECK_FALSE(symbol_name_for_frame(member, "_ZN2ns3Foo3bazEi.cold"));  // folded code of another function
  // C++ without a linkage name: the mangled symbol adds the qualification, if it is about it.
  const DwarfFunctionName anonymous{"(anonymous namespace)::answer", "", "answer"};
  CHECK(symbol_name_for_frame(anonymous, "_ZN12_GLOBAL__N_16answerEv") == "(anonymous namespace)::answer()");
  CHECK_FALSE(symbol_name_for_frame(anonymous, "_ZN12_GLOBAL__N_18answererEv"));  // "answer" is no whole word there
  // GCC's DW_AT_name spells template arguments unlike the demangler: the identifier decides.
  const DwarfFunctionName folded{"gen::(anonymous namespace)::fold<short unsigned int>", "", "fold<short unsigned int>"};
  CHECK(symbol_name_for_frame(folded, "_ZN3gen12_GLOBAL__N_14foldItEEtPKT_j") ==
        "unsigned short gen::(anonymous namespace)::fold<unsigned short>(unsigned short const*, unsigned int)");
  const DwarfFunctionName shift{"Stream::operator<<", "", "operator<<"};
  CHECK(symbol_name_for_frame(shift, "_ZN6StreamlsEi") == "Stream::operator<<(int)");
  const DwarfFunctionName lambda{"operator()", "", "operator()"};
  CHECK(symbol_name_for_frame(lambda, "_ZZ4mainENKUlvE_clEv") == "main::{lambda()#1}::operator()() const");
}

TEST_CASE("the string pool hands out one stable view per text", "[symbolize]") {
  StringPool pool;
  const std::string_view a = pool.intern(std::string("fixture::run_ring(unsigned int)"));
  const std::string long_text(40000, 'x');  // beyond a quarter chunk: stored on its own
  const std::string_view b = pool.intern(long_text);
  for (int i = 0; i < 5000; ++i) pool.intern(std::to_string(i) + "some padding to fill several chunks");
  CHECK(pool.intern("fixture::run_ring(unsigned int)").data() == a.data());
  CHECK(a == "fixture::run_ring(unsigned int)");
  CHECK(b == long_text);
  CHECK(pool.intern("").empty());
  CHECK(pool.size() == 5002);
}
