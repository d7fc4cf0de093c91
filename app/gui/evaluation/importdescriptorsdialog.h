#pragma once

#include "translatedtexts.h"

#include <QDialog>

#include <memory>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;

namespace orinet {

class BackgroundJob;
class Dataset;

//! Descriptors of another method into a results-only run, from the studio (the GUI's
//! `orinet import-descriptors`, DescriptorImport): the method's name, its ground and satellite
//! matrices (.npy, .mat, .pt) and optional ids files, the open dataset's split and the run
//! folder to write. Preview reads and checks the files and shows what was found (rows,
//! dimension, format, how the rows met the split's ids, what was normalised) before anything
//! is written; Import writes the run. Both run off the GUI thread. The caller evaluates the
//! run afterwards (importedRun()).
class ImportDescriptorsDialog : public QDialog {
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

signals:
    //! After a preview or import ended, well or not (tests wait for it).
    void jobEnded();

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Preview;
    void previewInvalidated();
    void showPreview(const Preview& preview);
    void fail(const QString& message);
    void runJob(const QString& title, std::function<void(class Feedback&)> work,
                std::function<void()> done);
    QLineEdit* fileField(const QString& name, bool directory);

    std::shared_ptr<const Dataset> mDataset;
    TranslatedTexts mTexts;
    QLineEdit* mMethod;
    QLineEdit* mGround;
    QLineEdit* mSatellite;
    QLineEdit* mGroundIds;
    QLineEdit* mSatelliteIds;
    QComboBox* mSplit;
    QComboBox* mDirection;
    QLineEdit* mOut;
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
