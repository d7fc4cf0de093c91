#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace orinet {

class BackgroundJob;

//! Status-bar strip for the running job: its title, a progress bar, the latest message and
//! a cancel button. Hidden when no job runs.
class JobStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit JobStatusWidget(QWidget* parent = nullptr);

    //! Follows `job` until it finishes (the widget does not own it).
    void track(BackgroundJob* job);

private:
    QPointer<BackgroundJob> mJob;
    QLabel* mTitle;
    QProgressBar* mBar;
    QToolButton* mCancel;
};

} // namespace orinet
