# The generated parity program (generator/, README.md) compiled into a matrix of ELFs per
# architecture: -O0/-O2/-Os x DWARF 4/5, and five variants derived from matrix ELFs:
#   -gz         the objects of <arch>-Os-dwarf4 linked with -gz (zlib-compressed debug sections)
#   -zstd       <arch>-O2-dwarf5 after objcopy --compress-debug-sections=zstd
#   -noaranges  <arch>-O2-dwarf4 without .debug_aranges
#   -debuglink  <arch>-Os-dwarf5 stripped, its DWARF and symbols in a .debug file named by
#               .gnu_debuglink
#   -buildid    the same, the debug file found only as <debug dir>/.build-id/xx/rest.debug
# Every ELF becomes one LEAKSCOPE_PARITY_ELF(...) line of generated/parity_elfs.inc.

set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/generated_program)
set(gen_out ${CMAKE_CURRENT_BINARY_DIR}/parity_elfs)
set(gen_sources gen_c0.c gen_c1.c gen_x0.cpp gen_x1.cpp gen_entry.c)
set(gen_files ${gen_sources} gen.h gen_chain.h gen_chain_deep.h gen_cxx.hpp gen_types.hpp qualified_names.txt)
list(TRANSFORM gen_files PREPEND ${gen_dir}/ OUTPUT_VARIABLE gen_outputs)

add_executable(parity_source_generator
  generator/main.cpp generator/body_writer.cpp generator/clone_helpers.cpp generator/c_unit.cpp
  generator/cxx_unit.cpp generator/entry_unit.cpp generator/headers.cpp)
target_link_libraries(parity_source_generator PRIVATE fmt::fmt leakscope_warnings)
add_custom_command(OUTPUT ${gen_outputs}
                   COMMAND parity_source_generator ${gen_dir}
                   DEPENDS parity_source_generator
                   COMMENT "parity: generating the program's sources" VERBATIM)
set(parity_elf_entries "")
set(parity_elf_files "")

# leakscope_parity_elfs(NAME arch ARCH enum PREFIX p [BARE_METAL] [RELATIVE_PATHS] FLAGS ...)
#   The whole matrix and the derived variants for one target. BARE_METAL: -nostdlib with
#   _start and fixture/bare_metal.c's memset. RELATIVE_PATHS: compile "gen_x.c" from the
#   sources' directory, so DWARF names files relative to DW_AT_comp_dir.
function(leakscope_parity_elfs)
  cmake_parse_arguments(P "BARE_METAL;RELATIVE_PATHS" "NAME;ARCH;PREFIX" "FLAGS" ${ARGN})
  foreach(tool cc:gcc cxx:g++ addr2line:addr2line objdump:objdump objcopy:objcopy strip:strip)
    string(REPLACE ":" ";" tool ${tool})
    list(GET tool 0 var)
    list(GET tool 1 program)
    find_program(parity_${P_NAME}_${var} NAMES ${P_PREFIX}${program})
    if(NOT parity_${P_NAME}_${var})
      leakscope_missing_toolchain("${P_PREFIX}${program}" "parity ELFs '${P_NAME}-*'")
      return()
    endif()
    set(${var} ${parity_${P_NAME}_${var}})
  endforeach()
  set(bare_metal_source ${CMAKE_CURRENT_SOURCE_DIR}/fixture/bare_metal.c)
  set(entries "")
  set(elfs "")
  # One ELF: NAME, TWIN (the ELF the peers read instead, or ""), DEBUG_DIR, VARIANT.
  macro(add_entry name variant elf twin debug_dir)
    string(APPEND entries "LEAKSCOPE_PARITY_ELF(\"${name}\", Arch::${P_ARCH}, Variant::${variant}, "
                          "\"${elf}\", \"${twin}\", \"${debug_dir}\", \"${addr2line}\", \"${objdump}\")\n")
    list(APPEND elfs ${elf})
  endmacro()

  foreach(opt O0 O2 Os)
    foreach(dwarf 4 5)
      set(config ${P_NAME}-${opt}-dwarf${dwarf})
      set(objects "")
      set(sources ${gen_sources})
      if(P_BARE_METAL)
        list(APPEND sources bare_metal.c)
      endif()
      foreach(source IN LISTS sources)
        set(object ${gen_out}/${config}/${source}.o)
        if(source STREQUAL "bare_metal.c")
          set(source_path ${bare_metal_source})
        elseif(P_RELATIVE_PATHS)
          set(source_path ${source})
        else()
          set(source_path ${gen_dir}/${source})
        endif()
        if(source MATCHES "\\.cpp$")
          set(compiler ${cxx} -fno-exceptions -fno-rtti)
        else()
          set(compiler ${cc})
        endif()
        set(defines "")
        if(P_BARE_METAL)
          set(defines -DGEN_BARE_METAL)
        endif()
        add_custom_command(
          OUTPUT ${object}
          COMMAND ${CMAKE_COMMAND} -E make_directory ${gen_out}/${config}
          COMMAND ${compiler} ${P_FLAGS} -${opt} -gdwarf-${dwarf} ${defines} -c ${source_path} -o ${object}
          DEPENDS ${gen_outputs} ${bare_metal_source}
          WORKING_DIRECTORY ${gen_dir}
          COMMENT "parity ${config}: ${source}" VERBATIM)
        list(APPEND objects ${object})
      endforeach()
      if(P_BARE_METAL)
        set(link ${cc} ${P_FLAGS} -nostdlib -Wl,-e,_start -Wl,--build-id ${objects} -lgcc)
      else()
        set(link ${cxx} ${P_FLAGS} -Wl,--build-id ${objects})
      endif()
      set(elf ${gen_out}/${config}.elf)
      add_custom_command(OUTPUT ${elf} COMMAND ${link} -o ${elf} DEPENDS ${objects}
                         COMMENT "parity ${config}: link" VERBATIM)
      add_entry(${config} plain ${elf} "" "")
      set(link_${opt}_${dwarf} ${link})
      set(objects_${opt}_${dwarf} ${objects})
    endforeach()
  endforeach()

  set(gz ${gen_out}/${P_NAME}-Os-dwarf4-gz.elf)
  add_custom_command(OUTPUT ${gz} COMMAND ${link_Os_4} -gz -o ${gz} DEPENDS ${objects_Os_4}
                     COMMENT "parity ${P_NAME}-Os-dwarf4-gz: link with -gz" VERBATIM)
  add_entry(${P_NAME}-Os-dwarf4-gz gz ${gz} ${gen_out}/${P_NAME}-Os-dwarf4.elf "")

  set(twin ${gen_out}/${P_NAME}-O2-dwarf5.elf)
  set(zstd ${gen_out}/${P_NAME}-O2-dwarf5-zstd.elf)
  add_custom_command(OUTPUT ${zstd} COMMAND ${objcopy} --compress-debug-sections=zstd ${twin} ${zstd}
                     DEPENDS ${twin} COMMENT "parity ${P_NAME}-O2-dwarf5-zstd" VERBATIM)
  add_entry(${P_NAME}-O2-dwarf5-zstd zstd ${zstd} ${twin} "")

  set(twin ${gen_out}/${P_NAME}-O2-dwarf4.elf)
  set(noaranges ${gen_out}/${P_NAME}-O2-dwarf4-noaranges.elf)
  add_custom_command(OUTPUT ${noaranges} COMMAND ${objcopy} --remove-section=.debug_aranges ${twin} ${noaranges}
                     DEPENDS ${twin} COMMENT "parity ${P_NAME}-O2-dwarf4-noaranges" VERBATIM)
  add_entry(${P_NAME}-O2-dwarf4-noaranges noaranges ${noaranges} ${twin} "")

  set(twin ${gen_out}/${P_NAME}-Os-dwarf5.elf)
  foreach(mode debuglink build_id)
    string(REPLACE "_" "" suffix ${mode})
    set(dir ${gen_out}/split/${P_NAME}-Os-dwarf5-${suffix})
    set(stripped ${dir}/${P_NAME}-Os-dwarf5-${suffix}.elf)
    add_custom_command(
      OUTPUT ${stripped}
      COMMAND ${CMAKE_COMMAND} -DMODE=${mode} -DELF=${twin} -DSTRIPPED=${stripped} -DDEBUG_DIR=${dir}/debug
              -DOBJCOPY=${objcopy} -DSTRIP=${strip} -DREADELF=${LEAKSCOPE_READELF}
              -P ${CMAKE_CURRENT_SOURCE_DIR}/split_debug.cmake
      DEPENDS ${twin} ${CMAKE_CURRENT_SOURCE_DIR}/split_debug.cmake
      COMMENT "parity ${P_NAME}-Os-dwarf5-${suffix}: separate debug file" VERBATIM)
    # The build-id variant is loaded with its debug directory; the debuglink one with none.
    set(debug_dir "")
    if(mode STREQUAL "build_id")
      set(debug_dir ${dir}/debug)
    endif()
    add_entry(${P_NAME}-Os-dwarf5-${suffix} ${mode} ${stripped} ${twin} "${debug_dir}")
  endforeach()

  set(parity_elf_entries "${parity_elf_entries}${entries}" PARENT_SCOPE)
  set(parity_elf_files ${parity_elf_files} ${elfs} PARENT_SCOPE)
endfunction()

# Thumb-2, paths relative to the compilation directory (how most firmware builds record them).
leakscope_parity_elfs(NAME arm ARCH arm PREFIX arm-none-eabi- BARE_METAL RELATIVE_PATHS
                      FLAGS -mcpu=cortex-m4 -mthumb)
# lx106, call0 ABI; GCC spells its clones foo$isra$0 there.
leakscope_parity_elfs(NAME xtensa ARCH xtensa PREFIX xtensa-lx106-elf- BARE_METAL RELATIVE_PATHS)
# rv32imac; -freorder-blocks-and-partition gives -O2 functions .cold parts (x86-64 has them
# by default, ARM and Xtensa GCC do not support the split).
leakscope_parity_elfs(NAME riscv ARCH riscv PREFIX riscv64-unknown-elf- BARE_METAL
                      FLAGS -march=rv32imac -mabi=ilp32 -freorder-blocks-and-partition)
# x86-64 PIE with glibc's crt.
leakscope_parity_elfs(NAME host ARCH x86_64 PREFIX "" FLAGS -fPIE)

add_custom_target(parity_elfs ALL DEPENDS ${parity_elf_files})
configure_file(parity_elfs.inc.in ${CMAKE_CURRENT_BINARY_DIR}/generated/parity_elfs.inc @ONLY)
