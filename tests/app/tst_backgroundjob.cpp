#include "common/error.h"
#include "gui/jobs/backgroundjob.h"
#include "gui/jobs/jobstatuswidget.h"

#include <QProgressBar>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace orinet;

class TestBackgroundJob : public QObject {
    Q_OBJECT
private slots:
    void runsOffTheGuiThreadAndReportsProgress();
    void cancelStopsAtNextCheck();
    void failureCarriesTheMessage();
    void destructorCancelsAndWaits();
};

void TestBackgroundJob::runsOffTheGuiThreadAndReportsProgress() {
    std::atomic<bool> onGuiThread{true};
    QThread* gui = QThread::currentThread();
    BackgroundJob job("count", [&](Feedback& feedback) {
        onGuiThread = QThread::currentThread() == gui;
        for (int i = 1; i <= 10; ++i) {
            feedback.report(i / 10.0, "step " + std::to_string(i));
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
        }
    });
    JobStatusWidget status;
    status.track(&job);
    QSignalSpy progress(&job, &BackgroundJob::progressChanged);
    QSignalSpy ok(&job, &BackgroundJob::succeeded);
    QSignalSpy done(&job, &BackgroundJob::finished);
    job.start();
    QVERIFY(done.wait(5000));
    QCOMPARE(ok.count(), 1);
    QVERIFY(!onGuiThread);
    // Throttled: fewer updates than reports, and the last one is the final state.
    QVERIFY(progress.count() >= 1 && progress.count() <= 10);
    QCOMPARE(progress.last().at(0).toDouble(), 1.0);
    QCOMPARE(progress.last().at(1).toString(), QString("step 10"));
    QVERIFY(status.isHidden());
}

void TestBackgroundJob::cancelStopsAtNextCheck() {
    std::atomic<int> steps{0};
    BackgroundJob job("loop", [&](Feedback& feedback) {
        for (;;) {
            feedback.checkCanceled();
            ++steps;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    });
    QSignalSpy canceled(&job, &BackgroundJob::canceled);
    QSignalSpy done(&job, &BackgroundJob::finished);
    job.start();
    QTRY_VERIFY(steps > 3);
    job.cancel();
    QVERIFY(done.wait(5000));
    QCOMPARE(canceled.count(), 1);
}

void TestBackgroundJob::failureCarriesTheMessage() {
    BackgroundJob job("fail", [](Feedback&) { throw Error("/data/x.jpg", "not a JPEG file"); });
    QSignalSpy failed(&job, &BackgroundJob::failed);
    QSignalSpy done(&job, &BackgroundJob::finished);
    job.start();
    QVERIFY(done.wait(5000));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(), QString("/data/x.jpg: not a JPEG file"));
}

void TestBackgroundJob::destructorCancelsAndWaits() {
    std::atomic<bool> exited{false};
    {
        BackgroundJob job("long", [&](Feedback& feedback) {
            while (!feedback.isCanceled())
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            exited = true;
        });
        job.start();
        QTest::qWait(20);
    }
    QVERIFY(exited);
}

QTEST_MAIN(TestBackgroundJob)
#include "tst_backgroundjob.moc"
