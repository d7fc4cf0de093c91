#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;

namespace orinet {

class BackgroundJob;
class Dataset;
class ImageView;
class PairTableModel;

//! Browses a dataset: its splits and pairs, and for the selected pair the panorama and the
//! satellite tile, optionally with their orientation maps laid over them.
//! Opening (index parsing and validation) runs as a BackgroundJob; images are decoded off the
//! GUI thread, and a selection made while a decode runs supersedes it.
class DatasetPanel : public QWidget {
    Q_OBJECT
public:
    explicit DatasetPanel(QWidget* parent = nullptr);
    ~DatasetPanel() override;

    //! Starts opening `root` (layout detected); emits jobStarted() with the job.
    void openDataset(const QString& root);
    std::shared_ptr<const Dataset> dataset() const { return mDataset; }
    //! Selects a pair by its dataset index, switching to "all pairs" when the current split
    //! does not hold it.
    void selectPair(size_t pairIndex);

signals:
    void jobStarted(BackgroundJob* job);
    void datasetOpened(const QString& root);
    void failed(const QString& message);
    //! The current pair changed (its dataset index), e.g. for the map's linked selection.
    void pairSelected(size_t pairIndex);

private:
    struct LoadedPair {
        quint64 generation = 0;
        QImage panorama;
        QImage tile;
        QImage panoramaOrientation;
        QImage tileOrientation;
        QString error;
    };

    void showSplit();
    void onSelectionChanged();
    void onPairLoaded();

    std::shared_ptr<const Dataset> mDataset;
    std::unique_ptr<BackgroundJob> mOpenJob;
    PairTableModel* mModel;
    QLabel* mSummary;
    QComboBox* mSplit;
    QTableView* mTable;
    QPlainTextEdit* mIssues;
    ImageView* mPanorama;
    ImageView* mTile;
    QCheckBox* mOverlay;
    QFutureWatcher<LoadedPair> mLoader;
    quint64 mGeneration = 0;
    LoadedPair mShown;
};

} // namespace orinet
