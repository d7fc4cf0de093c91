# Project-wide helpers: warnings, sanitizers and test registration, applied per target.

function(orinet_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
    if(ORINET_SANITIZE)
        orinet_target_sanitize(${target})
    endif()
endfunction()

# orinet_target_sanitize(<target> [UNOPTIMIZED])
# AddressSanitizer and UBSan for one target (all of them with ORINET_SANITIZE; otherwise only
# the sanitized copies of core and the CLI that the robustness suite runs). UNOPTIMIZED (-O0),
# for those copies: with -O3, ASan and UBSan made a file 4-7 times as expensive to compile
# (checkpoint.cpp 6 s -> 43 s); with -O0 it costs what the ordinary -O3 build does, and the
# work these copies do in tests is small (the LibTorch objects they link are optimized).
function(orinet_target_sanitize target)
    cmake_parse_arguments(ARG "UNOPTIMIZED" "" "" ${ARGN})
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
    if(ARG_UNOPTIMIZED)
        target_compile_options(${target} PRIVATE -O0)
    endif()
endfunction()

# The shared reference files (a real CVUSA orientation map, a real CVACT pair) that some tests
# read; by default beside the checkout.
get_filename_component(orinet_default_shared_data "${PROJECT_SOURCE_DIR}/../shared/data" ABSOLUTE)
set(ORINET_SHARED_DATA "${orinet_default_shared_data}" CACHE PATH
    "Folder of the shared reference data the tests read")

# orinet_add_test(<name> SOURCES <files...> [LIBRARIES <targets...>] [LABELS <labels...>]
#                 [TIMEOUT <seconds>] [COST <seconds>] [CLI])
# CLI: the test runs the `orinet` executable (tests/support/clirunner.h finds it).
# COST: about how long the test runs on 2 cores. A fresh build has no CTest cost data, so
# without it `ctest -j2` starts tests in the order they are declared and a long one that starts
# last keeps one core busy alone at the end; with it the longest start first.
# Builds a Qt Test executable and registers it with CTest. Every test gets the folder of the
# shared reference data (may be absent: tests then skip visibly) and its own golden folder.
function(orinet_add_test name)
    cmake_parse_arguments(ARG "CLI" "TIMEOUT;COST" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    orinet_target_defaults(${name})
    set_target_properties(${name} PROPERTIES AUTOMOC ON)
    # orinet_test_platform (tests/CMakeLists.txt): the offscreen Qt platform, however the test
    # is started.
    target_link_libraries(${name} PRIVATE Qt6::Test orinet_test_platform ${ARG_LIBRARIES})
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
    if(ARG_COST)
        set_tests_properties(${name} PROPERTIES COST ${ARG_COST})
    endif()
endfunction()

# orinet_add_test_variant(<name> <suffix> ENVIRONMENT <VAR=value...>)
# Registers the test executable <name> (made by orinet_add_test in the same directory) a second
# time, as <name>-<suffix>, with the extra environment added to its own. For tests whose code
# paths depend on a variable that some machines set, so that a plain `ctest` runs them both
# ways: e.g. OPENBLAS_CORETYPE, which OpenBLAS reads only when it loads.
function(orinet_add_test_variant name suffix)
    cmake_parse_arguments(ARG "" "" "ENVIRONMENT" ${ARGN})
    if(NOT ARG_ENVIRONMENT)
        message(FATAL_ERROR "orinet_add_test_variant(${name} ${suffix}): no ENVIRONMENT given")
    endif()
    foreach(property TIMEOUT ENVIRONMENT LABELS COST)
        get_test_property(${name} ${property} value)
        if(NOT value)
            set(value "")
        endif()
        set(base_${property} "${value}")
    endforeach()
    add_test(NAME ${name}-${suffix} COMMAND ${name})
    set_tests_properties(${name}-${suffix} PROPERTIES TIMEOUT ${base_TIMEOUT}
        ENVIRONMENT "${base_ENVIRONMENT};${ARG_ENVIRONMENT}"
        LABELS "${base_LABELS}")
    if(base_COST)
        set_tests_properties(${name}-${suffix} PROPERTIES COST ${base_COST})
    endif()
endfunction()

# orinet_add_openblas_variant(<name>)
# A second run of <name> as on machines whose administrators choose OpenBLAS's core (some AMD
# CPUs get OPENBLAS_CORETYPE=Haswell) and its L2 size (virtual machines whose cpuid does not
# report it). For the tests of code that depends on the core OpenBLAS loaded with: OpenBLAS
# reads both only when it loads, so a test cannot set them for itself. Only where the CPU has
# AVX2, which Haswell's kernels need.
function(orinet_add_openblas_variant name)
    if(NOT CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" OR NOT EXISTS /proc/cpuinfo)
        return()
    endif()
    file(STRINGS /proc/cpuinfo flags REGEX "^flags" LIMIT_COUNT 1)
    if(flags MATCHES " avx2( |$)")
        orinet_add_test_variant(${name} openblas-haswell
            ENVIRONMENT OPENBLAS_CORETYPE=Haswell OPENBLAS_L2_SIZE=1048576)
    endif()
endfunction()
