#pragma once

// Answers the modal dialog a GUI call is about to open (QMessageBox::exec and the like), for
// tests that drive such a call: the click happens from the dialog's own event loop.

#include <QApplication>
#include <QPushButton>
#include <QTimer>
#include <QtTest>

namespace orinet::testing {

//! Soon after this call, clicks the button named `button` of the active modal dialog.
inline void answerModal(const char* button) {
    QTimer::singleShot(200, [button] {
        QWidget* box = QApplication::activeModalWidget();
        QVERIFY2(box, "no dialog was open to answer");
        auto* choice = box->findChild<QPushButton*>(button);
        QVERIFY2(choice, button);
        choice->click();
    });
}

} // namespace orinet::testing
