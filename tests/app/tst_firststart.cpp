#include "common/error.h"
#include "common/feedback.h"
#include "gui/dataset/datasetworkspace.h"
#include "gui/jobs/jobstatuswidget.h"
#include "gui/shell/demoworld.h"
#include "gui/shell/firststartpage.h"
#include "gui/shell/mainwindow.h"

#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace orinet;

//! The first start as a new user meets it: while the demo world is generated the dataset
//! workspace explains what happens (not "No dataset open"), the status bar shows the job
//! without a message drawn over it, and the world opens when ready.
class TestFirstStart : public QObject {
    Q_OBJECT
private slots:
    void welcomePageWhileTheDemoWorldIsMade();
    void remainingTimeOnlyWhenItCanBeTold();
    void demoWorldNeverReplacesAFolderOfTheUsers();
};

void TestFirstStart::welcomePageWhileTheDemoWorldIsMade() {
    QTemporaryDir data;
    MainWindow::Options options;
    options.dataDirectory = data.path();
    options.demoPairs = 30; // a few seconds
    MainWindow window(options);
    QSignalSpy opened(window.datasetWorkspace(), &DatasetWorkspace::datasetOpened);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto* page = window.datasetWorkspace()->findChild<FirstStartPage*>();
    QVERIFY(page);
    QVERIFY(page->isVisible());
    QCOMPARE(page->geometry(), window.datasetWorkspace()->rect()); // covers the empty workspace
    QStringList texts;
    for (QLabel* label : page->findChildren<QLabel*>())
        texts << label->text();
    QVERIFY2(texts.join(' ').contains(QDir::toNativeSeparators(data.path())),
             qPrintable(texts.join('\n')));
    QVERIFY(page->findChild<QProgressBar*>()->isVisible());

    // The job strip is the only status text: no temporary message under or over it.
    QCOMPARE(window.statusBar()->currentMessage(), QString());
    QVERIFY(window.statusBar()->findChild<JobStatusWidget*>()->isVisible());

    if (qEnvironmentVariableIsSet("ORINET_SAVE_GRABS"))
        window.grab().save(qEnvironmentVariable("ORINET_SAVE_GRABS") + "/first-start.png");

    QVERIFY(opened.wait(180000));
    QTRY_VERIFY(!window.datasetWorkspace()->findChild<FirstStartPage*>());
    QVERIFY(window.datasetWorkspace()->dataset());
}

void TestFirstStart::remainingTimeOnlyWhenItCanBeTold() {
    // Too early (first two seconds, or under 2 % done): say nothing rather than guess.
    QCOMPARE(JobStatusWidget::remainingText(0.5, 0.0, 1500), QString());
    QCOMPARE(JobStatusWidget::remainingText(0.01, 0.0, 60000), QString());
    QCOMPARE(JobStatusWidget::remainingText(1.0, 0.0, 60000), QString());
    // Half done in 10 s: 10 s to go. Rounded up to 5 s steps, so it never reads "1 s" for long.
    QCOMPARE(JobStatusWidget::remainingText(0.5, 0.0, 10000), QStringLiteral("about 10 s left"));
    QCOMPARE(JobStatusWidget::remainingText(0.6, 0.0, 10000), QStringLiteral("about 10 s left"));
    // A job resumed at 40 %: only the progress made since counts.
    QCOMPARE(JobStatusWidget::remainingText(0.5, 0.4, 5000), QStringLiteral("about 25 s left"));
    QCOMPARE(JobStatusWidget::remainingText(0.1, 0.0, 60000), QStringLiteral("about 9 min left"));
    QCOMPARE(JobStatusWidget::remainingText(0.03, 0.0, 600000), QStringLiteral("about 5 h left"));
    // A time the job itself knows, worded the same way; none when unknown or nothing is left.
    QCOMPARE(JobStatusWidget::remainingText(130.4), QStringLiteral("about 2 min left"));
    QCOMPARE(JobStatusWidget::remainingText(std::nan("")), QString());
    QCOMPARE(JobStatusWidget::remainingText(0.0), QString());
}

void TestFirstStart::demoWorldNeverReplacesAFolderOfTheUsers() {
    // The data folder may be one the user chose: a "demo-world" folder there that is not a
    // world this tool generated stops the generation, untouched.
    QTemporaryDir data;
    QVERIFY(QDir().mkpath(data.filePath("demo-world")));
    {
        QFile f(data.filePath("demo-world/thesis.tex"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("precious");
    }
    const DemoWorld demo(data.path());
    Feedback feedback;
    try {
        demo.generator(4)(feedback);
        QFAIL("generated over a folder of the user's");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains("demo-world"), e.what());
    }
    QFile kept(data.filePath("demo-world/thesis.tex"));
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), QByteArray("precious"));
    QCOMPARE(QDir(data.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{"demo-world"}); // no partial world left behind either
}

QTEST_MAIN(TestFirstStart)
#include "tst_firststart.moc"
