#pragma once

#include <QWidget>

class QLabel;

namespace orinet {

class BackgroundJob;

//! Shown over the dataset workspace while the demo world is generated on first start, in
//! place of its "No dataset open" text: what is happening, where, and how far it is.
//! Covers `target` (following its size) until `job` finishes, then deletes itself.
class FirstStartPage : public QWidget {
    Q_OBJECT
public:
    FirstStartPage(BackgroundJob* job, const QString& folder, QWidget* target);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QString mFolder;
    QLabel* mTitle;
    QLabel* mText;
};

} // namespace orinet
