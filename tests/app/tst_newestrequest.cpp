#include "gui/jobs/newestrequest.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <memory>
#include <stdexcept>

using namespace orinet;

//! NewestRequest: only the newest request's result reaches the GUI thread, one request runs at
//! a time, waiting requests replace each other, cancel() drops, a throwing work delivers
//! nothing and does not block later requests.
class TestNewestRequest : public QObject {
    Q_OBJECT
private slots:
    void onlyTheNewestIsDeliveredAndStaleWaitersNeverRun();
    void cancelDropsTheRunningResult();
    void aThrowingWorkDeliversNothing();
    void deliveryMayRequestAgain();
};

void TestNewestRequest::onlyTheNewestIsDeliveredAndStaleWaitersNeverRun() {
    NewestRequest newest;
    auto gate = std::make_shared<QSemaphore>(0);
    auto ran = std::make_shared<std::atomic<int>>(0);
    QList<int> delivered;
    QThread* deliveredOn = nullptr;
    QSignalSpy idle(&newest, &NewestRequest::idle);
    auto work = [gate, ran](int value, bool wait) {
        return [gate, ran, value, wait] {
            if (wait)
                gate->acquire();
            ++*ran;
            return value;
        };
    };
    auto deliver = [&](int value) {
        delivered << value;
        deliveredOn = QThread::currentThread();
    };
    newest.request(work(1, true), deliver);  // runs, held at the gate
    newest.request(work(2, false), deliver); // waits
    newest.request(work(3, false), deliver); // replaces 2
    QVERIFY(newest.isBusy());
    gate->release();
    QVERIFY(idle.wait(10000));
    QCOMPARE(delivered, QList<int>{3});
    QCOMPARE(ran->load(), 2); // 1 ran (and was dropped), 2 never ran
    QCOMPARE(deliveredOn, QThread::currentThread());
    QVERIFY(!newest.isBusy());
}

void TestNewestRequest::cancelDropsTheRunningResult() {
    NewestRequest newest;
    auto gate = std::make_shared<QSemaphore>(0);
    bool delivered = false;
    QSignalSpy idle(&newest, &NewestRequest::idle);
    newest.request(
        [gate] {
            gate->acquire();
            return 1;
        },
        [&](int) { delivered = true; });
    newest.cancel();
    gate->release();
    QVERIFY(idle.wait(10000));
    QVERIFY(!delivered);
}

void TestNewestRequest::aThrowingWorkDeliversNothing() {
    NewestRequest newest;
    QList<QString> delivered;
    QSignalSpy idle(&newest, &NewestRequest::idle);
    newest.request([]() -> QString { throw std::runtime_error("unreadable"); },
                   [&](const QString& s) { delivered << s; });
    QVERIFY(idle.wait(10000));
    QVERIFY(delivered.isEmpty());
    newest.request([] { return QStringLiteral("fine"); },
                   [&](const QString& s) { delivered << s; });
    QVERIFY(idle.wait(10000));
    QCOMPARE(delivered, QList<QString>{"fine"});
}

void TestNewestRequest::deliveryMayRequestAgain() {
    // A view that chains work (load, then render) from its delivery.
    NewestRequest newest;
    QList<int> delivered;
    QSignalSpy idle(&newest, &NewestRequest::idle);
    newest.request([] { return 1; },
                   [&](int value) {
                       delivered << value;
                       newest.request([] { return 2; }, [&](int v) { delivered << v; });
                   });
    QTRY_COMPARE_WITH_TIMEOUT(delivered, (QList<int>{1, 2}), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!newest.isBusy(), 10000);
}

QTEST_MAIN(TestNewestRequest)
#include "tst_newestrequest.moc"
