#pragma once

#include "dataset/integrityreport.h"
#include "translatedtexts.h"

#include <QImage>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <mutex>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace orinet {

class BackgroundJob;
class Dataset;
class NewestRequest;
class PairViewer;
class PairFilterModel;
class PairTableModel;
class ThumbnailCache;

//! The Dataset workspace browses a dataset as FiftyOne does: every pair in a list (thumbnail, id,
//! splits, position) or a grid of thumbnails, filtered by split and id search, sortable by any
//! column; the selected pair's panorama and tile (optionally with their orientation maps laid over
//! them) and its details (splits, files, position in UTM and latitude/longitude).
//!
//! Opening (index parsing and validation) runs as a BackgroundJob; thumbnails are decoded
//! lazily off the GUI thread (ThumbnailCache), only for the rows on screen; the selected
//! pair's images are decoded off the GUI thread too, a newer selection superseding a running
//! decode.
class DatasetWorkspace : public QWidget {
    Q_OBJECT
public:
    enum class ViewMode { List, Grid };

    explicit DatasetWorkspace(QWidget* parent = nullptr);
    ~DatasetWorkspace() override;

    //! Starts opening `root` (layout detected); emits jobStarted() with the job.
    void openDataset(const QString& root);
    std::shared_ptr<const Dataset> dataset() const { return mDataset; }
    //! Selects a pair by its dataset index. The split filter and the search stay as they are:
    //! when they hide the pair, its images and details are shown all the same, with a note.
    void selectPair(size_t pairIndex);
    //! The pair whose images and details are shown (or being loaded).
    std::optional<size_t> shownPair() const { return mShownPair; }

    void setViewMode(ViewMode mode);
    ViewMode viewMode() const;
    //! Shows only one split ("" = all pairs), as the split box does.
    void setSplitFilter(const QString& split);
    void setSearch(const QString& text);

    PairTableModel* pairModel() const { return mModel; }
    PairFilterModel* filterModel() const { return mFilter; }
    ThumbnailCache* thumbnails() const { return mThumbnails; }
    QTableView* table() const { return mTable; }
    QListView* grid() const { return mGrid; }
    QLabel* details() const { return mDetails; }
    //! The selected pair's panorama and tile, zoomable, with linked geometry.
    PairViewer* pairViewer() const { return mViewer; }

    //! Reads every image's header in a background job (`orinet dataset --check`): unreadable,
    //! truncated and wrongly shaped images join the problems listed above the table.
    void checkImages();
    //! Drops the pairs with known problems from the open dataset (`--skip-bad`), in memory:
    //! the files stay as they are. Emits datasetOpened() with the smaller dataset.
    void leaveOutBadPairs();
    //! Pairs of the open dataset with a known problem (found on opening or by checkImages()).
    int knownProblemPairs() const;

signals:
    void jobStarted(BackgroundJob* job);
    void datasetOpened(const QString& root);
    //! The known problems changed (a dataset opened, checked or cleaned): `pairs` pairs are
    //! affected; `summary` lists them. Training warns before it uses such a dataset.
    void problemsChanged(int pairs, const QString& summary);
    void failed(const QString& message);
    //! The current pair changed (its dataset index), e.g. for the map's linked selection.
    void pairSelected(size_t pairIndex);
    //! The shown pair's images are decoded and on screen.
    void pairShown(size_t pairIndex);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct LoadedPair {
        size_t pair = 0;
        QImage panorama;
        QImage tile;
        QImage panoramaOrientation;
        QImage tileOrientation;
        std::optional<std::pair<double, double>> latLon; //!< from the record or converted
        double tileFootprint = 0; //!< ground metres of the tile's side, 0 = unknown
        QString error;
    };

    //! The orientation overlays of the last image sizes: they depend on the size only, and
    //! colouring one costs more than decoding the pair's JPEGs (shared with the loader's work).
    struct OverlayCache {
        std::mutex mutex;
        QSize panoramaSize;
        QImage panorama;
        int tileSize = 0;
        QImage tile;
    };

    void onCurrentChanged();
    void loadPair(size_t pair);
    void onPairLoaded(LoadedPair loaded);
    void showDetails();
    void updateCount();
    void updateRowHeight();
    //! Makes `dataset` the open one (from `root`): table, splits, summary and problems.
    void showDataset(std::shared_ptr<const Dataset> dataset, const QString& root);
    //! Lists the known problems above the table and tells the others (problemsChanged()).
    void showProblems();

    std::shared_ptr<const Dataset> mDataset;
    QString mRoot; //!< the folder mDataset was opened from
    //! What checkImages() found in mDataset; unset until it has run on it.
    std::optional<IntegrityReport> mImageCheck;
    size_t mLeftOut = 0; //!< pairs leaveOutBadPairs() dropped from the opened dataset
    std::unique_ptr<BackgroundJob> mOpenJob;
    std::unique_ptr<BackgroundJob> mCheckJob;
    PairTableModel* mModel;
    PairFilterModel* mFilter;
    ThumbnailCache* mThumbnails;
    QLabel* mSummary;
    QComboBox* mSplit;
    QLineEdit* mSearch;
    QTimer mSearchDelay;
    QToolButton* mListButton;
    QToolButton* mGridButton;
    QCheckBox* mShowThumbnails;
    QLabel* mCount;
    QStackedWidget* mViews;
    QTableView* mTable;
    QListView* mGrid;
    QPlainTextEdit* mIssues;
    QPushButton* mCheck;
    QPushButton* mLeaveOut;
    PairViewer* mViewer;
    QLabel* mDetails;
    QCheckBox* mOverlay;
    NewestRequest* mLoader;
    std::optional<size_t> mShownPair;
    LoadedPair mShown;
    std::shared_ptr<OverlayCache> mOverlays = std::make_shared<OverlayCache>();
    double mTileFootprint = 0; //!< of the open dataset, read once when it opens
    TranslatedTexts mTexts;    //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
