#pragma once

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace orinet {

class BackgroundJob;

//! Status strip for the running job: its title, a progress bar, the latest message with the
//! time left, and a cancel button. Hidden when no job runs.
class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(QWidget* parent = nullptr);

    //! Follows `job` until it finishes (the widget does not own it).
    void track(BackgroundJob* job);

    //! "about 12 s left" from the progress made since tracking started; empty while too
    //! little is done to tell.
    static QString remainingText(double fraction, double startFraction, qint64 elapsedMs);
    //! "about 12 s left" for a known time; empty for NaN or nothing left.
    static QString remainingText(double seconds);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void showProgress(double fraction, const QString& message);

    QPointer<BackgroundJob> mJob;
    QLabel* mTitle;
    QProgressBar* mBar;
    QToolButton* mCancel;
    QElapsedTimer mClock;
    double mStartFraction = -1;
    QString mMessage;
};

} // namespace orinet
