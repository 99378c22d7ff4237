# Splits an ELF's debug information into a separate file, the way distributions and firmware
# release builds do, for the parity suite's separate-debug variants:
#
#   cmake -DMODE=debuglink|build_id -DELF=in.elf -DSTRIPPED=out.elf -DDEBUG_DIR=dir
#         -DOBJCOPY=... -DSTRIP=... -DREADELF=... -P split_debug.cmake
#
# Both modes write STRIPPED with `strip --strip-all` (no DWARF, no symbol table: names must come
# from the debug file) and the debug file with `objcopy --only-keep-debug`.
#   debuglink: the debug file is <STRIPPED without .elf>.debug next to STRIPPED, named by a
#              .gnu_debuglink section (found without any search directory).
#   build_id:  the debug file is DEBUG_DIR/.build-id/<first 2 hex digits>/<rest>.debug, and
#              STRIPPED has no debuglink: only the build-id leads to it.
foreach(var MODE ELF STRIPPED OBJCOPY STRIP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "split_debug.cmake: ${var} is not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "split_debug.cmake: '${ARGN}' failed: ${errors}")
  endif()
endfunction()

get_filename_component(out_dir ${STRIPPED} DIRECTORY)
file(MAKE_DIRECTORY ${out_dir})
if(MODE STREQUAL "debuglink")
  get_filename_component(stem ${STRIPPED} NAME_WE)
  set(debug_file ${out_dir}/${stem}.debug)
  run(${OBJCOPY} --only-keep-debug ${ELF} ${debug_file})
  run(${STRIP} --strip-all -o ${STRIPPED} ${ELF})
  # objcopy stores the file's base name and its CRC32; run it where the file is.
  execute_process(COMMAND ${OBJCOPY} --add-gnu-debuglink=${stem}.debug ${STRIPPED}
                  WORKING_DIRECTORY ${out_dir} RESULT_VARIABLE status ERROR_VARIABLE errors)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "split_debug.cmake: --add-gnu-debuglink failed: ${errors}")
  endif()
elseif(MODE STREQUAL "build_id")
  execute_process(COMMAND ${READELF} -n ${ELF} OUTPUT_VARIABLE notes RESULT_VARIABLE status)
  string(REGEX MATCH "Build ID: ([0-9a-f][0-9a-f])([0-9a-f]+)" found "${notes}")
  if(NOT status EQUAL 0 OR NOT found)
    message(FATAL_ERROR "split_debug.cmake: ${ELF} has no GNU build-id")
  endif()
  set(debug_file ${DEBUG_DIR}/.build-id/${CMAKE_MATCH_1}/${CMAKE_MATCH_2}.debug)
  file(REMOVE_RECURSE ${DEBUG_DIR}/.build-id)  # the file of an older build-id would linger
  get_filename_component(debug_parent ${debug_file} DIRECTORY)
  file(MAKE_DIRECTORY ${debug_parent})
  run(${OBJCOPY} --only-keep-debug ${ELF} ${debug_file})
  run(${STRIP} --strip-all -o ${STRIPPED} ${ELF})
else()
  message(FATAL_ERROR "split_debug.cmake: unknown MODE '${MODE}' (debuglink, build_id)")
endif()
