# SPDX-License-Identifier: Apache-2.0
# Refuses TEST_CASE, SUBCASE and TEST_SUITE names that contain ';': CTest splits a discovered test's
# name at ';' into entries whose filters match nothing. Run at configure time (include, then call
# geosim_check_test_names) and as the CTest test census.test_names (cmake -DUNIT_DIR=... -P).
# The unit-test runner refuses such names too (tests/unit/main.cpp), whatever declared them.
cmake_minimum_required(VERSION 3.22)

function(geosim_check_test_names unit_dir)
  file(GLOB_RECURSE sources ${unit_dir}/*.cpp ${unit_dir}/*.hpp)
  set(problems "")
  foreach(source IN LISTS sources)
    file(STRINGS ${source} lines)  # one element per line, empty lines kept; ';' stays escaped
    set(number 0)
    foreach(line IN LISTS lines)
      math(EXPR number "${number} + 1")
      if(line MATCHES "(TEST_CASE|SUBCASE|TEST_SUITE|SCENARIO)[A-Z_]*[ \t]*\\([^\")]*\"[^\"]*;")
        string(STRIP "${line}" text)
        string(APPEND problems "  ${source}:${number}: ${text}\n")
      endif()
    endforeach()
  endforeach()
  if(problems)
    message(FATAL_ERROR "test names must not contain ';' (CTest splits a name at ';' into tests that "
                        "match nothing); use a comma, 'and' or a colon:\n${problems}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  geosim_check_test_names(${UNIT_DIR})
endif()
