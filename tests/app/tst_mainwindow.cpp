#include "aboutdialog.h"
#include "datasetpanel.h"
#include "mainwindow.h"
#include "orientationpanel.h"

#include "imageview.h"

#include <QAction>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace orinet;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void opensWithWorkspacesAndMenus();
    void aboutDialogNamesLibraryVersions();
    void aboutActionOpensDialog();
    void openingANonDatasetReportsWhy();
};

void TestMainWindow::opensWithWorkspacesAndMenus() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.workspaces()->count() >= 1);
    QStringList menus;
    for (QAction* a : window.menuBar()->actions())
        menus << a->text();
    QVERIFY2(menus.contains("&File") && menus.contains("&Help"), qPrintable(menus.join(",")));

    // The orientation workspace draws real maps, not an empty area.
    auto* orientation = window.findChild<OrientationPanel*>();
    QVERIFY(orientation);
    const auto views = orientation->findChildren<ImageView*>();
    QVERIFY(views.size() >= 2);
    for (ImageView* view : views) {
        QVERIFY(!view->image().isNull());
        const QImage shot = view->grab().toImage();
        const QRect r = view->imageRect().toRect();
        QVERIFY(r.width() > 10);
        // Hue varies across a panorama's width: sample left and centre of the drawn image.
        const QColor a = shot.pixelColor(r.left() + r.width() / 4, r.center().y());
        const QColor b = shot.pixelColor(r.left() + 3 * r.width() / 4, r.center().y());
        QVERIFY2(a != b, "orientation image is uniform");
    }
}

void TestMainWindow::aboutDialogNamesLibraryVersions() {
    AboutDialog dialog;
    auto* label = dialog.findChild<QLabel*>("versions");
    QVERIFY(label);
    for (const char* lib : {"Qt ", "LibTorch ", "OpenCV ", "GDAL "})
        QVERIFY2(label->text().contains(lib), qPrintable(label->text()));
    QVERIFY(label->text().contains(qVersion()));
}

void TestMainWindow::aboutActionOpensDialog() {
    MainWindow window;
    window.show();
    QAction* about = nullptr;
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text() == "&About OriNet Studio")
            about = a;
    QVERIFY(about);
    bool seen = false;
    QTimer::singleShot(50, [&seen] {
        if (auto* d = qobject_cast<AboutDialog*>(QApplication::activeModalWidget())) {
            seen = true;
            d->reject();
        }
    });
    about->trigger();
    QVERIFY(seen);
}

void TestMainWindow::openingANonDatasetReportsWhy() {
    QTemporaryDir empty;
    MainWindow window;
    QSignalSpy failed(window.datasetPanel(), &DatasetPanel::failed);
    window.openDataset(empty.path());
    QVERIFY(failed.wait(10000));
    const QString message = failed.first().first().toString();
    // It names the folder and what a dataset folder would contain.
    QVERIFY2(message.contains(empty.path()) && message.contains("ACT_data.mat"),
             qPrintable(message));
    QVERIFY(!window.datasetPanel()->dataset());
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
