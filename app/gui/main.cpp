#include "common/runtimeinfo.h"
#include "mainwindow.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QTranslator>

#include <iostream>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("OriNet Studio");
    QApplication::setOrganizationName("OriNet");
    QApplication::setApplicationVersion(ORINET_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/orinet.svg"));

    QTranslator translator;
    if (translator.load(QLocale(), "orinet", "_", ":/i18n"))
        QApplication::installTranslator(&translator);

    orinet::runtime::configureThreads();
    const std::string warning = orinet::runtime::slowBlasWarning();
    if (!warning.empty())
        std::cerr << "warning: " << warning << "\n";

    orinet::MainWindow window;
    window.show();
    return QApplication::exec();
}
