#!/usr/bin/env bash
# Builds the Debian packages (orinet: the command line; orinet-studio: the desktop tool) from a
# finished build folder and checks them as a user's machine would see them: contents
# (dpkg-deb -c), dependencies, the .desktop entry (desktop-file-validate), the AppStream
# metainfo (appstreamcli validate), that the command line needs no GUI library (readelf, ldd,
# and running it from an extraction of its package alone), and that the programs run from an
# extraction of both (dpkg -x) with their translations found under the install prefix.
#   usage: packaging/check-package.sh BUILD_DIR
# CTest runs it as tst_package; docs/packaging.md says what each check protects.
set -euo pipefail

build=$(cd "${1:?usage: check-package.sh BUILD_DIR}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# 1. Build the package (cpack installs into its own staging folder, never into the system).
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    echo "FAIL: cpack could not build the package" >&2
    exit 1
fi
cli_deb=$(find "$work/out" -maxdepth 1 -name 'orinet_*.deb' | head -n 1)
studio_deb=$(find "$work/out" -maxdepth 1 -name 'orinet-studio_*.deb' | head -n 1)
[ -n "$cli_deb" ] && [ -n "$studio_deb" ] || {
    echo "FAIL: cpack did not write orinet_*.deb and orinet-studio_*.deb:" >&2
    ls "$work/out" >&2
    exit 1
}
for deb in "$cli_deb" "$studio_deb"; do
    echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
done

# 2. Contents.
contents_of() {
    dpkg-deb -c "$1" | awk '{print $6}' | sed 's#^\./#/#'
}
need() { # need PACKAGE_CONTENTS PATH_REGEX
    grep -qxE "$2" <<<"$1" || fail "the package has no $2"
}
cli=$(contents_of "$cli_deb")
studio=$(contents_of "$studio_deb")
need "$cli" /usr/bin/orinet
need "$cli" '/usr/lib/([^/]+/)?orinet-studio/liborinet-core\.so'
need "$cli" /usr/share/doc/orinet/copyright
need "$cli" /usr/share/doc/orinet/changelog.gz
need "$cli" /usr/share/man/man1/orinet.1.gz
# One man page per command the CLI lists.
commands=$("$build/app/orinet" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ -n "$commands" ] || fail "'orinet --help' lists no commands"
for command in $commands; do
    need "$cli" "/usr/share/man/man1/orinet-$command.1.gz"
done
need "$studio" /usr/bin/orinet-studio
need "$studio" '/usr/lib/([^/]+/)?orinet-studio/orinet-plot'
need "$studio" /usr/share/applications/org.orinet.studio.desktop
need "$studio" /usr/share/metainfo/org.orinet.studio.metainfo.xml
need "$studio" /usr/share/icons/hicolor/scalable/apps/orinet-studio.svg
for size in 16 22 24 32 48 64 128 256 512; do
    need "$studio" "/usr/share/icons/hicolor/${size}x${size}/apps/orinet-studio.png"
done
need "$studio" /usr/share/orinet-studio/translations/orinet_de.qm
need "$studio" /usr/share/orinet-studio/translations/orinet_en.qm
need "$studio" /usr/share/doc/orinet-studio/copyright
need "$studio" /usr/share/doc/orinet-studio/changelog.gz
need "$studio" /usr/share/doc/orinet-studio/examples/published-orinet.csv
need "$studio" /usr/share/man/man1/orinet-studio.1.gz
if grep -q '^/usr/bin/orinet-studio$' <<<"$cli"; then
    fail "the orinet package carries the desktop tool"
fi

# 3. Dependencies: the command line's package pulls no GUI library; the studio's needs it.
version=$(dpkg-deb -f "$studio_deb" Version)
cli_depends=$(dpkg-deb -f "$cli_deb" Depends)
studio_depends=$(dpkg-deb -f "$studio_deb" Depends)
echo "orinet depends: $cli_depends"
echo "orinet-studio depends: $studio_depends"
if grep -qiE 'libqt6(widgets|gui|svg|printsupport)|qcustomplot|qpa-plugins' <<<"$cli_depends"; then
    fail "the orinet package depends on GUI libraries: $cli_depends"
fi
grep -q "orinet (= $version)" <<<"$studio_depends" ||
    fail "orinet-studio does not depend on orinet (= $version): $studio_depends"
grep -q 'libqt6widgets6' <<<"$studio_depends" ||
    fail "orinet-studio does not depend on Qt Widgets: $studio_depends"

# 4. The command line alone (an extraction of its package, no build tree): it names no GUI
# library, none is loaded, and it works; `orinet plot` says which package it needs.
gui_libraries='libQt6(Widgets|Gui|Svg|PrintSupport|OpenGL)|qcustomplot'
alone="$work/alone"
dpkg-deb -x "$cli_deb" "$alone"
needed=$(readelf -d "$alone/usr/bin/orinet" | grep NEEDED || true)
if grep -qE "$gui_libraries" <<<"$needed"; then
    fail "orinet links GUI libraries: $(grep -E "$gui_libraries" <<<"$needed" | tr -s ' ')"
fi
loaded=$(env -u LD_LIBRARY_PATH ldd "$alone/usr/bin/orinet")
if grep -qE "$gui_libraries" <<<"$loaded"; then
    fail "orinet loads GUI libraries through its dependencies: $(grep -E "$gui_libraries" <<<"$loaded" | awk '{print $1}' | tr '\n' ' ')"
fi
if grep -q 'not found' <<<"$loaded"; then
    fail "orinet from its package alone misses libraries: $(grep 'not found' <<<"$loaded")"
fi
export XDG_CONFIG_HOME="$work/config"
if ! out=$(env -u LD_LIBRARY_PATH -u DISPLAY -u WAYLAND_DISPLAY "$alone/usr/bin/orinet" orientation --kind ground --size 8x32 --out "$work/ground.npy" 2>&1) ||
    [ ! -s "$work/ground.npy" ]; then
    fail "orinet orientation failed from the orinet package alone: $out"
fi
status=0
out=$(env -u LD_LIBRARY_PATH "$alone/usr/bin/orinet" plot recall --runs x --out "$work/x.pdf" 2>&1) ||
    status=$?
if [ "$status" != 1 ] || ! grep -q 'orinet-studio package' <<<"$out"; then
    fail "orinet plot without orinet-studio should fail naming the package (status $status): $out"
fi

# 5. Desktop entry and AppStream metadata, as extracted.
root="$work/root"
dpkg-deb -x "$cli_deb" "$root"
dpkg-deb -x "$studio_deb" "$root"
desktop-file-validate "$root/usr/share/applications/org.orinet.studio.desktop" ||
    fail "desktop-file-validate rejects the .desktop entry"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.orinet.studio.metainfo.xml" ||
    fail "appstreamcli rejects the metainfo"
newest=$(grep -o '<release version="[^"]*"' "$root/usr/share/metainfo/org.orinet.studio.metainfo.xml" |
    head -n 1 | cut -d'"' -f2)
[ "$newest" = "$version" ] ||
    fail "the metainfo's newest release is '$newest' but the package is version $version"
for page in "$root"/usr/share/man/man1/*.1.gz; do
    zcat "$page" | grep -q '^\.SH DESCRIPTION' || fail "$(basename "$page") has no DESCRIPTION"
done

# 6. Both packages extracted: no build tree, no install.
export QT_QPA_PLATFORM=offscreen
if ! out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/orinet" --version 2>&1); then
    fail "orinet --version failed in the extracted package: $out"
elif ! grep -q '^OriNet Studio ' <<<"$out"; then
    fail "orinet --version does not name OriNet Studio: $out"
else
    echo "orinet --version from the extracted package:"
    sed 's/^/  /' <<<"$out"
fi
# `orinet plot` hands over to the renderer in the private folder.
if ! out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/orinet" plot --help 2>&1) ||
    ! grep -q -- '--runs' <<<"$out"; then
    fail "orinet plot --help does not reach orinet-plot in the extracted packages: $out"
fi
# The studio lists the languages whose catalogues it found under its install prefix.
if ! out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/orinet-studio" --help 2>&1); then
    fail "orinet-studio --help failed in the extracted package: $out"
elif ! grep -q -- '--language.*de, en' <<<"$(tr -s ' \n' ' ' <<<"$out")"; then
    fail "orinet-studio in the extracted package found no German catalogue: $out"
fi

if [ "$failures" -gt 0 ]; then
    echo "$failures package check(s) failed" >&2
    exit 1
fi
echo "package checks passed"
