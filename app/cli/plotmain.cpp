// orinet-plot: the renderer behind `orinet plot`. It draws with QCustomPlot and so needs Qt's
// GUI libraries, which `orinet` itself does not load (docs/packaging.md); `orinet plot ARGS`
// starts this program as `orinet-plot ARGS`.
#include "clicommand.h"
#include "commands.h"

#include <QApplication>

#include <clocale>
#include <cstdlib>

int main(int argc, char* argv[]) {
    // QCustomPlot needs a QApplication; without a display it renders offscreen.
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY"))
        setenv("QT_QPA_PLATFORM", "offscreen", /*overwrite=*/0);
    QApplication app(argc, argv);
    // Qt has set the C library's locale from the environment: printed and written numbers keep
    // a '.' decimal point whatever the user's locale (docs/robustness.md).
    std::setlocale(LC_NUMERIC, "C");
    QCoreApplication::setApplicationName("orinet");
    return orinet::cli::CliCommand::runReported("plot", orinet::cli::runPlot,
                                                QCoreApplication::arguments());
}
