# ASan + UBSan for the whole build (CI builds the test suite a second time with this on).
if(LEAKSCOPE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
