# Every dependency comes from a Debian 12 package (tools/setup installs them); nothing is fetched.
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(PkgConfig REQUIRED)
# elfutils: only src/symbolize links these.
pkg_check_modules(LIBDW REQUIRED IMPORTED_TARGET libdw libelf)
# zstd-compressed debug sections, which elfutils 0.188 cannot expand (src/symbolize).
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
# zlib (elfutils' own dependency): the CRC32 of .gnu_debuglink.
find_package(ZLIB REQUIRED)
pkg_check_modules(RE2 REQUIRED IMPORTED_TARGET re2)
if(LEAKSCOPE_BUILD_TESTS)
  find_package(Catch2 2 REQUIRED)
endif()
