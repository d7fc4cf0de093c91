# Project-wide helpers: warnings, sanitizers and test registration, applied per target.

function(orinet_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
    if(ORINET_SANITIZE)
        target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    endif()
endfunction()

# The shared reference files (a real CVUSA orientation map, a real CVACT pair) that some tests
# read; by default beside the checkout.
get_filename_component(orinet_default_shared_data "${PROJECT_SOURCE_DIR}/../shared/data" ABSOLUTE)
set(ORINET_SHARED_DATA "${orinet_default_shared_data}" CACHE PATH
    "Folder of the shared reference data the tests read")

# orinet_add_test(<name> SOURCES <files...> [LIBRARIES <targets...>] [LABELS <labels...>]
#                 [TIMEOUT <seconds>] [CLI])
# CLI: the test runs the `orinet` executable (tests/support/clirunner.h finds it).
# Builds a Qt Test executable and registers it with CTest. Every test gets the folder of the
# shared reference data (may be absent: tests then skip visibly) and its own golden folder.
function(orinet_add_test name)
    cmake_parse_arguments(ARG "CLI" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    orinet_target_defaults(${name})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBRARIES})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
    if(ARG_CLI)
        target_compile_definitions(${name} PRIVATE ORINET_CLI="$<TARGET_FILE:orinet>")
        add_dependencies(${name} orinet)
    endif()
    target_compile_definitions(${name} PRIVATE
        ORINET_SHARED_DATA="${ORINET_SHARED_DATA}"
        ORINET_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
        ORINET_BINARY_DIR="${PROJECT_BINARY_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    # Qt Test stops a single test function after 300 s unless told otherwise: give it the same
    # budget as the whole executable.
    math(EXPR function_timeout_ms "${ARG_TIMEOUT} * 1000")
    set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;OMP_NUM_THREADS=2;QTEST_FUNCTION_TIMEOUT=${function_timeout_ms}"
        LABELS "${ARG_LABELS}")
endfunction()
