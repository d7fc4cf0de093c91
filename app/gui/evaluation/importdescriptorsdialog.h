#pragma once

#include "gui/common/jobdialog.h"

#include <memory>

class QComboBox;
class QLineEdit;

namespace orinet {

class Dataset;

//! Descriptors of another method into a results-only run, from the studio (the GUI's
//! `orinet import-descriptors`, DescriptorImport): the method's name, its ground and satellite
//! matrices (.npy, .mat, .pt) and optional ids files, the open dataset's split and the run
//! folder to write. Preview reads and checks the files and shows what was found (rows,
//! dimension, format, how the rows met the split's ids, what was normalised) before anything
//! is written; Import writes the run. Both run off the GUI thread. The caller evaluates the
//! run afterwards (importedRun()).
class ImportDescriptorsDialog : public JobDialog {
    Q_OBJECT
public:
    ImportDescriptorsDialog(std::shared_ptr<const Dataset> dataset, const QString& split,
                            QWidget* parent = nullptr);
    ~ImportDescriptorsDialog() override;

    //! The run written by Import (after accepted()).
    const QString& importedRun() const { return mImportedRun; }
    QString split() const;
    //! "g2s", "s2g" or "both".
    QString direction() const;

public slots:
    void preview();
    void import();

private:
    struct Preview;
    void previewInvalidated();
    void showPreview(const Preview& preview);

    std::shared_ptr<const Dataset> mDataset;
    QLineEdit* mMethod;
    QLineEdit* mGround;
    QLineEdit* mSatellite;
    QLineEdit* mGroundIds;
    QLineEdit* mSatelliteIds;
    QComboBox* mSplit;
    QComboBox* mDirection;
    QLineEdit* mOut;
    std::shared_ptr<Preview> mPreview; //!< the last good preview, for Import
    QString mImportedRun;
};

} // namespace orinet
