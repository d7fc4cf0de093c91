#pragma once

#include "gui/common/jobdialog.h"

#include <memory>

class QCheckBox;
class QLineEdit;

namespace orinet {

//! Another method's TorchScript model made into a run, from the studio (the GUI's `orinet
//! import-model`, ModelImport; docs/torchscript.md): the model file, its card and the run folder
//! to write. Preview loads the model and runs the probe batch (ModelImport::examine()) and
//! shows what was found (the method, the module's methods and how the card calls them, the
//! input sizes, the descriptor dimension) or says plainly what is wrong, before anything is
//! written; Import writes the run (ModelImport::importTorchScript(), which refuses a folder or
//! file that is not the import's own). Both run off the GUI thread. The caller evaluates the
//! run afterwards when evaluateAfterImport().
class ImportModelDialog : public JobDialog {
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

private:
    struct Preview;
    void previewInvalidated();
    void showPreview(const Preview& preview);

    QLineEdit* mModel;
    QLineEdit* mCard;
    QLineEdit* mOut;
    QCheckBox* mEvaluate;
    std::shared_ptr<Preview> mPreview; //!< the last good preview, for Import
    QString mImportedRun;
};

} // namespace orinet
