#!/usr/bin/env bash
# Builds the Debian package from a finished build folder and checks it as a user's desktop
# would see it: contents (dpkg-deb -c), the .desktop entry (desktop-file-validate), the
# AppStream metainfo (appstreamcli validate), and that the programs run from an extracted
# package (dpkg -x) with their translations found under the install prefix.
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
deb=$(find "$work/out" -maxdepth 1 -name '*.deb' | head -n 1)
[ -n "$deb" ] || { echo "FAIL: cpack wrote no .deb" >&2; exit 1; }
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

# 2. Contents.
contents=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#')
need() {
    grep -qxE "$1" <<<"$contents" || fail "the package has no $1"
}
need /usr/bin/orinet
need /usr/bin/orinet-studio
need '/usr/lib/([^/]+/)?orinet-studio/liborinet-core\.so'
need /usr/share/applications/org.orinet.studio.desktop
need /usr/share/metainfo/org.orinet.studio.metainfo.xml
need /usr/share/icons/hicolor/scalable/apps/orinet-studio.svg
for size in 16 22 24 32 48 64 128 256 512; do
    need "/usr/share/icons/hicolor/${size}x${size}/apps/orinet-studio.png"
done
need /usr/share/orinet-studio/translations/orinet_de.qm
need /usr/share/orinet-studio/translations/orinet_en.qm
need /usr/share/doc/orinet-studio/copyright
need /usr/share/doc/orinet-studio/changelog.gz
need /usr/share/man/man1/orinet.1.gz
need /usr/share/man/man1/orinet-studio.1.gz
# One man page per command the CLI lists.
commands=$("$build/app/orinet" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ -n "$commands" ] || fail "'orinet --help' lists no commands"
for command in $commands; do
    need "/usr/share/man/man1/orinet-$command.1.gz"
done

# 3. Desktop entry and AppStream metadata, as extracted.
root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/org.orinet.studio.desktop" ||
    fail "desktop-file-validate rejects the .desktop entry"
appstreamcli validate --no-net "$root/usr/share/metainfo/org.orinet.studio.metainfo.xml" ||
    fail "appstreamcli rejects the metainfo"
version=$(dpkg-deb -f "$deb" Version)
newest=$(grep -o '<release version="[^"]*"' "$root/usr/share/metainfo/org.orinet.studio.metainfo.xml" |
    head -n 1 | cut -d'"' -f2)
[ "$newest" = "$version" ] ||
    fail "the metainfo's newest release is '$newest' but the package is version $version"
for page in "$root"/usr/share/man/man1/*.1.gz; do
    zcat "$page" | grep -q '^\.SH DESCRIPTION' || fail "$(basename "$page") has no DESCRIPTION"
done

# 4. The programs run from the extracted package: no build tree, no install.
export XDG_CONFIG_HOME="$work/config" QT_QPA_PLATFORM=offscreen
if ! out=$(env -u LD_LIBRARY_PATH "$root/usr/bin/orinet" --version 2>&1); then
    fail "orinet --version failed in the extracted package: $out"
elif ! grep -q '^OriNet Studio ' <<<"$out"; then
    fail "orinet --version does not name OriNet Studio: $out"
else
    echo "orinet --version from the extracted package:"
    sed 's/^/  /' <<<"$out"
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
