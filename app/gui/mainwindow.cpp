#include "mainwindow.h"

#include "aboutdialog.h"
#include "common/runtimeinfo.h"
#include "orientationpanel.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTabWidget>

namespace orinet {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , mTabs(new QTabWidget)
    , mComputeLabel(new QLabel) {
    setWindowTitle(tr("OriNet Studio"));
    mTabs->setDocumentMode(true);
    mTabs->addTab(new OrientationPanel, tr("Orientation"));
    setCentralWidget(mTabs);
    createMenus();

    const BlasInfo blas = runtime::blas();
    mComputeLabel->setText(tr("CPU · %1 threads · BLAS: %2")
                               .arg(runtime::threads())
                               .arg(QString::fromStdString(blas.vendor)));
    statusBar()->addPermanentWidget(mComputeLabel);
    const QString warning = QString::fromStdString(runtime::slowBlasWarning());
    if (!warning.isEmpty())
        statusBar()->showMessage(warning);
    else
        statusBar()->showMessage(tr("Ready"), 3000);
    resize(1280, 800);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* fullScreen = view->addAction(tr("&Full Screen"));
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence::FullScreen);
    connect(fullScreen, &QAction::toggled, this,
            [this](bool on) { on ? showFullScreen() : showNormal(); });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About OriNet Studio"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::showAbout() {
    AboutDialog dialog(this);
    dialog.exec();
}

} // namespace orinet
