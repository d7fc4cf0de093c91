#pragma once

#include "translatedtexts.h"

#include <QDialog>

#include <functional>
#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace orinet {

class BackgroundJob;
class Feedback;

//! Another method's TorchScript model made into a run, from the studio (the GUI's `orinet
//! import-model`, ModelImport; docs/torchscript.md): the model file, its card and the run folder
//! to write. Preview loads the model and runs the probe batch (ModelImport::examine()) and
//! shows what was found (the method, the module's methods and how the card calls them, the
//! input sizes, the descriptor dimension) or says plainly what is wrong, before anything is
//! written; Import writes the run (ModelImport::importTorchScript(), which refuses a folder or
//! file that is not the import's own). Both run off the GUI thread. The caller evaluates the
//! run afterwards when evaluateAfterImport().
class ImportModelDialog : public QDialog {
    Q_OBJECT
public:
    //! `canEvaluate`: a dataset is open to evaluate the run on.
    explicit ImportModelDialog(bool canEvaluate, QWidget* parent = nullptr);
    ~ImportModelDialog() override;

    //! The run written by Import (after accepted()).
    const QString& importedRun() const { return mImportedRun; }
    bool evaluateAfterImport() const;

public slots:
    void preview();
    void import();

signals:
    //! After a preview or import ended, well or not (tests and screenshots wait for it).
    void jobEnded();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Preview;
    void previewInvalidated();
    void showPreview(const Preview& preview);
    void fail(const QString& message);
    void runJob(const QString& title, std::function<void(Feedback&)> work,
                std::function<void()> done);
    QLineEdit* fileField(const QString& name, bool directory);

    TranslatedTexts mTexts;
    QLineEdit* mModel;
    QLineEdit* mCard;
    QLineEdit* mOut;
    QCheckBox* mEvaluate;
    QLabel* mFound;
    QProgressBar* mProgress;
    QDialogButtonBox* mButtons;
    QPushButton* mPreviewButton;
    QPushButton* mImportButton;
    std::unique_ptr<BackgroundJob> mJob;
    std::shared_ptr<Preview> mPreview; //!< the last good preview, for Import
    QString mImportedRun;
};

} // namespace orinet
