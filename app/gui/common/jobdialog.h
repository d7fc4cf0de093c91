#pragma once

#include "translatedtexts.h"

#include <QDialog>
#include <QDialogButtonBox>

#include <functional>
#include <memory>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace orinet {

class BackgroundJob;
class Feedback;

//! A dialog that looks before it writes: its actions (a preview, then the write) run as
//! background jobs off the GUI thread. The plumbing Import Descriptors, Import Model and Make
//! Dataset share: a panel that says what was found or, in red, what is wrong; a progress bar;
//! the actions disabled while a job runs; Cancel that cancels a running job before it closes
//! the dialog; file fields with a Browse button; texts that follow the language.
class JobDialog : public QDialog {
    Q_OBJECT
public:
    ~JobDialog() override;

signals:
    //! After a job ended, well or not (tests and screenshots wait for it).
    void jobEnded();

protected:
    explicit JobDialog(QWidget* parent);

    //! What a file field's Browse button opens.
    struct Browse {
        enum class Kind { File, Folder };
        Kind kind = Kind::File;
        TranslatedTexts::Text title;
        TranslatedTexts::Text filter; //!< File: "Descriptors (*.npy);;All files (*)"
    };
    //! A line edit named `name` with a Browse button beside it (see row()); the dialog starts
    //! where the field points, else where `startFrom` (when given) points. A chosen path marks
    //! the field modified, as typing does.
    QLineEdit* fileField(const QString& name, Browse browse,
                         std::function<QString()> startFrom = {});
    //! The field and its Browse button in one row, for a form.
    static QWidget* row(QLineEdit* field);

    //! The dialog's two actions: Preview (named "preview", calls `onPreview`) and the write
    //! (AcceptRole, named `writeName`, calls `onWrite`). The write is enabled only while a
    //! preview stands (setPreviewed), and neither while a job runs.
    void addPreviewAndWrite(const QString& writeName, TranslatedTexts::Text writeText,
                            std::function<void()> onPreview, std::function<void()> onWrite);
    //! A preview stands (true), or the inputs it was made of changed (false).
    void setPreviewed(bool previewed);
    QDialogButtonBox* buttons() const { return mButtons; }
    QProgressBar* progress() const { return mProgress; }
    //! The panel that says what was found; the subclass puts it in its layout.
    QLabel* statusPanel() const { return mStatus; }
    TranslatedTexts& texts() { return mTexts; }

    //! Runs `work` on a BackgroundJob; `done` on the GUI thread when it succeeded. A failure is
    //! shown with fail(), a cancel says nothing was written. `determinate`: the job reports
    //! progress fractions (else the bar only says it is busy). Both actions are disabled until
    //! the job ends.
    void runJob(const QString& title, std::function<void(Feedback&)> work,
                std::function<void()> done, bool determinate = false);
    bool jobRunning() const;
    //! The status panel in red: what is wrong, in the user's words.
    void fail(const QString& message);
    //! The status panel in its normal colour, retranslated with the language.
    void showStatus(TranslatedTexts::Text text);
    void changeEvent(QEvent* event) override;

private:
    void updateActions();

    TranslatedTexts mTexts;
    QLabel* mStatus;
    QProgressBar* mProgress;
    QDialogButtonBox* mButtons;
    QPushButton* mPreviewButton = nullptr;
    QPushButton* mWriteButton = nullptr;
    bool mPreviewed = false;
    std::unique_ptr<BackgroundJob> mJob;
};

} // namespace orinet
