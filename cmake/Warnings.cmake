# Compiler warnings for leakscope's own targets; LEAKSCOPE_WERROR (set in CI) makes them fatal.
add_library(leakscope_warnings INTERFACE)
target_compile_options(leakscope_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Wimplicit-fallthrough)
if(LEAKSCOPE_WERROR)
  target_compile_options(leakscope_warnings INTERFACE -Werror)
endif()
