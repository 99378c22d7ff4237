#include "leakscope/model/address.hpp"

namespace leakscope {

std::string_view arch_name(Arch arch) {
  switch (arch) {
    case Arch::arm: return "arm";
    case Arch::xtensa: return "xtensa";
    case Arch::riscv: return "riscv";
    case Arch::x86_64: return "x86-64";
    case Arch::unknown: break;
  }
  return "unknown";
}

}  // namespace leakscope
