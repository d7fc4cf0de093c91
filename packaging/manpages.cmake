# Writes the man pages from the programs' own --help (help2man), so they never drift from it:
#   orinet.1, orinet-<command>.1 for every command `orinet --help` lists, orinet-studio.1,
# each gzipped as Debian wants them. Run at build time by packaging/CMakeLists.txt:
#   cmake -DORINET=<exe> -DSTUDIO=<exe> -DHELP2MAN=<exe> -DVERSION=<x.y.z> -DOUT=<dir>
#         -P manpages.cmake
cmake_minimum_required(VERSION 3.25)

file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
# The studio reads its saved language from the user's settings; keep the build's own.
set(ENV{XDG_CONFIG_HOME} "${OUT}/config")
set(ENV{QT_QPA_PLATFORM} offscreen)
set(ENV{LC_ALL} C.UTF-8) # help2man: --locale=C.UTF-8 keeps "…" and "▸" intact

execute_process(COMMAND "${ORINET}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "'${ORINET} --help' failed (${rc})")
endif()
# The command table: lines "  <name>  <summary>" between "Commands:" and the next blank line.
string(REGEX MATCH "Commands:\n(.*)" table "${help}")
string(REGEX REPLACE "\n\n.*" "" table "${CMAKE_MATCH_1}")
string(REPLACE "\n" ";" lines "${table}")
set(commands)
foreach(line IN LISTS lines)
    if(line MATCHES "^  ([a-z][a-z-]*) +(.*)$")
        list(APPEND commands "${CMAKE_MATCH_1}")
        set(summary_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
    endif()
endforeach()
list(LENGTH commands count)
if(count LESS 2)
    message(FATAL_ERROR "found no command table in '${ORINET} --help'")
endif()

set(see_also "orinet-studio (1)")
foreach(command IN LISTS commands)
    string(APPEND see_also ", orinet-${command} (1)")
endforeach()
file(WRITE "${OUT}/orinet.h2m" "[SEE ALSO]\n${see_also}\n")
file(WRITE "${OUT}/command.h2m" "[SEE ALSO]\norinet (1), orinet-studio (1)\n")
file(WRITE "${OUT}/studio.h2m" "[SEE ALSO]\norinet (1)\n")

function(help2man page name version_string include)
    execute_process(
        COMMAND "${HELP2MAN}" --no-info --locale=C.UTF-8 --section=1
                "--manual=OriNet Studio" "--source=OriNet Studio ${VERSION}"
                "--version-string=${version_string}" "--name=${name}" "--include=${include}"
                --output=${OUT}/${page}.1 ${ARGN}
        RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "help2man failed for ${page}: ${err}")
    endif()
    execute_process(COMMAND gzip -9nf "${OUT}/${page}.1" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "gzip failed for ${page}.1")
    endif()
endfunction()

help2man(orinet "command line of OriNet Studio (cross-view geo-localization)"
         "orinet ${VERSION}" "${OUT}/orinet.h2m" "${ORINET}")
foreach(command IN LISTS commands)
    help2man(orinet-${command} "${summary_${command}}" "orinet-${command} ${VERSION}"
             "${OUT}/command.h2m" "--help-option=${command} --help" "${ORINET}")
endforeach()
help2man(orinet-studio "cross-view geo-localization workbench (OriNet)"
         "orinet-studio ${VERSION}" "${OUT}/studio.h2m" "${STUDIO}")
file(REMOVE_RECURSE "${OUT}/config")
file(REMOVE "${OUT}/orinet.h2m" "${OUT}/command.h2m" "${OUT}/studio.h2m")
