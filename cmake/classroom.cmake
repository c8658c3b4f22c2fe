# SPDX-License-Identifier: Apache-2.0
# `geosim classroom` (docs/classroom.md): the page's HTML, CSS and scripts (web/page/) compiled into
# geosim, and the browser engine (web/, emscripten) built beside it as geosim-engine.js.
#
# GEOSIM_WASM: AUTO (default) builds the browser engine when emscripten's emcmake is found, except
# in sanitizer and fuzzing builds (they instrument native code; the wasm module would be the same
# file `make test` builds and tests) and when geosim is another project's subproject; ON requires
# it; OFF skips it. Without it geosim works as before and `geosim classroom` says how to get it.
set(GEOSIM_WASM AUTO CACHE STRING "Build the browser engine for geosim classroom: AUTO, ON or OFF")
set_property(CACHE GEOSIM_WASM PROPERTY STRINGS AUTO ON OFF)

set(GEOSIM_PAGE_ASSETS classroom.html classroom.css classroom.js worker.js)
set(GEOSIM_PAGE_TABLE "")
foreach(asset ${GEOSIM_PAGE_ASSETS})
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/page/${asset})
  file(READ ${PROJECT_SOURCE_DIR}/web/page/${asset} text)
  string(APPEND GEOSIM_PAGE_TABLE "    {\"${asset}\", R\"geosim_page(${text})geosim_page\"},\n")
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/engine/cli/classroom_assets.cpp.in
  ${PROJECT_BINARY_DIR}/generated/cli/classroom_assets.cpp @ONLY)
target_sources(geosim_cli PRIVATE ${PROJECT_BINARY_DIR}/generated/cli/classroom_assets.cpp)

find_program(GEOSIM_EMCMAKE emcmake)
set(GEOSIM_WASM_BUILT OFF)
if(GEOSIM_WASM STREQUAL "ON" OR (GEOSIM_WASM STREQUAL "AUTO" AND GEOSIM_EMCMAKE AND PROJECT_IS_TOP_LEVEL AND NOT GEOSIM_SANITIZE AND NOT GEOSIM_FUZZ))
  if(NOT GEOSIM_EMCMAKE)
    message(FATAL_ERROR "GEOSIM_WASM=ON needs emscripten (emcmake): bash scripts/install-deps.sh test")
  endif()
  include(ExternalProject)
  cmake_host_system_information(RESULT GEOSIM_CORES QUERY NUMBER_OF_LOGICAL_CORES)
  set(GEOSIM_WASM_DIR ${PROJECT_BINARY_DIR}/wasm)
  # Debian's emscripten runs its JavaScript tools with node and needs Debian's node modules.
  set(GEOSIM_EM_ENV ${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs)
  ExternalProject_Add(geosim_wasm
    SOURCE_DIR ${PROJECT_SOURCE_DIR}/web
    BINARY_DIR ${GEOSIM_WASM_DIR}
    CONFIGURE_COMMAND ${GEOSIM_EM_ENV} ${GEOSIM_EMCMAKE} ${CMAKE_COMMAND} -S ${PROJECT_SOURCE_DIR}/web -B ${GEOSIM_WASM_DIR}
      -G ${CMAKE_GENERATOR} -DCMAKE_BUILD_TYPE=Release -DGEOSIM_COMMIT=${GEOSIM_COMMIT}
      -DCMAKE_CXX_COMPILER_LAUNCHER=${CMAKE_CXX_COMPILER_LAUNCHER}
    BUILD_COMMAND ${GEOSIM_EM_ENV} ${CMAKE_COMMAND} --build ${GEOSIM_WASM_DIR} -j ${GEOSIM_CORES}
    # The sub-build tracks its own sources (engine/, web/): run it every time, it is quick when idle.
    BUILD_ALWAYS ON
    INSTALL_COMMAND ${CMAKE_COMMAND} -E copy_if_different ${GEOSIM_WASM_DIR}/geosim-engine.js
      $<TARGET_FILE_DIR:geosim>/geosim-engine.js
    BUILD_BYPRODUCTS ${GEOSIM_WASM_DIR}/geosim-engine.js
    USES_TERMINAL_BUILD ON)
  install(FILES $<TARGET_FILE_DIR:geosim>/geosim-engine.js DESTINATION ${CMAKE_INSTALL_DATADIR}/geosim)
  set(GEOSIM_WASM_BUILT ON)
endif()
