// Linked into every test executable (orinet_add_test, cmake/OrinetHelpers.cmake): tests draw
// on Qt's offscreen platform whatever the environment says, also when started by hand rather
// than by CTest (which sets it as well). A DISPLAY whose server is gone (DISPLAY=:99 left in a
// CI shell) would make QApplication abort, and a real desktop would give window sizes, focus
// and fonts of its own. Processes the tests start inherit it; tests that check the programs'
// own choice of platform remove it for their child (tst_evalplotcli).
//
// The same for the locale: the tests compare displayed texts and figures with their C-locale
// spelling ("0.679"), and Qt takes the number format of QLocale and of printf from LC_ALL /
// LANG when an application starts. Files must not depend on the locale at all: that is
// tested with an explicit German locale (tst_evalplotcli,
// filesKeepADecimalPointUnderAGermanLocale).
#include <cstdlib>

namespace {

// Runs before main(), so before any QGuiApplication reads the variable.
[[maybe_unused]] const bool kOffscreen = ::setenv("QT_QPA_PLATFORM", "offscreen", 1) == 0;
[[maybe_unused]] const bool kCLocale =
    ::setenv("LC_ALL", "C.UTF-8", 1) == 0 && ::unsetenv("LANGUAGE") == 0;

} // namespace
