#pragma once

#include "gui/evaluation/querygallerycomparison.h"
#include "model/normalization.h"
#include "run/runfolder.h"
#include "translatedtexts.h"

#include <QImage>
#include <QPointF>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace orinet {

class AnnotationLayer;
class BackgroundJob;
class ImageLayer;
class ImageView;
class MapCanvas;
class NewestRequest;
class QueryGalleryTableModel;
namespace metrics {
class QueryGalleryReport;
}

//! The Evaluation workspace's view of a run evaluated on a query/gallery split (VIGOR, or a
//! dataset of one's own area in VIGOR's layout; docs/vigor.md): the run's querygallery.json
//! results, or an evaluation made here (QueryGalleryRunEvaluation, the path of `orinet eval
//! --vigor`). The headline figures; the queries in a table (worst first, misses only on
//! request); for the selected query its panorama, its top retrieved tiles framed by what they
//! are to it (positive, semi-positive, neither), and a map of its neighbourhood: the tiles
//! themselves laid at their ground footprints (TileResolution), the positive and the
//! semi-positives outlined, the retrieved tiles numbered by rank, the panorama's true position
//! and the line to its top-1 tile's centre.
//!
//! Compared with a second results file of the same split and queries (the run's other results,
//! or another run's): both headline figures with the difference, and the queries by the
//! change of their positive's rank, worst regression first (QueryGalleryComparison); a query
//! chosen there is shown as above for the results shown (A), B's rank beside.
//!
//! Threading: GUI thread; loading and evaluating run as BackgroundJobs, a query's images are
//! decoded on the thread pool (the newest selection wins).
class QueryGalleryView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kTilesShown = 5;

    //! What the view shows for one tile of the selected query's neighbourhood.
    enum class TileRole { Positive, SemiPositive, Other };
    struct MapTile {
        int64_t item = -1; //!< gallery index
        TileRole role = TileRole::Other;
        int rank = -1; //!< 0-based rank among the retrieved; -1: not among the top shown
        float score = 0;
        QPointF centre;      //!< map coordinates (UTM of the query's zone)
        double side = 0;     //!< metres; 0 when the resolution is unknown
        QImage image;        //!< as decoded (empty when it could not be read)
        QString name;        //!< file name
        double metres = -1;  //!< from the query's position to its centre; -1 without positions
        bool topOfB = false; //!< the top-1 of the results compared with (B)
    };

    explicit QueryGalleryView(QWidget* parent = nullptr);
    ~QueryGalleryView() override;

    //! Lists the run's query/gallery results (RUN/results/*/querygallery.json) and shows the
    //! newest when none is shown yet.
    void setRunDirectory(const QString& run);
    //! The dataset the Evaluate button evaluates on.
    void setDatasetRoot(const QString& root);
    //! Loads a results file (a BackgroundJob); loaded() or loadFailed() follows.
    void openResults(const QString& file);
    //! Evaluates `run` on the chosen dataset root, protocol and split (extracting when the run
    //! has no descriptors for them yet), then shows the results saved.
    void evaluate(const QString& run, CheckpointChoice checkpoint, Normalization normalization);

    QueryGalleryTableModel* model() const { return mModel; }
    QTableView* table() const { return mTable; }
    MapCanvas* map() const { return mMap; }
    AnnotationLayer* outlines() const { return mOutlines; }
    ImageView* panoramaView() const { return mPanorama; }
    const std::vector<ImageView*>& tileViews() const { return mTileViews; }
    //! The tiles on the map for the shown query (positive, semi-positives, retrieved).
    const std::vector<MapTile>& shownTiles() const { return mShown.tiles; }
    int64_t shownQuery() const { return mShown.query; }
    //! The results file shown; empty: none.
    const QString& resultsFile() const { return mResultsFile; }
    //! Selects a query by its index in the results (shows it when the filter lists it).
    bool selectQuery(int64_t query);
    QCheckBox* missesOnly() const { return mMissesOnly; }

    //! Compares the results shown (A) with `file` (B, a querygallery.json; a BackgroundJob):
    //! comparisonShown() follows, or comparisonFailed() naming the file when it cannot be read
    //! or was made on another dataset, protocol, split or query set. Empty: compare no more.
    //! Before any results are shown, the comparison waits for them.
    void compareWith(const QString& file);
    //! The results compared with (B); empty: none.
    const QString& comparedFile() const { return mComparedFile; }
    QueryGalleryComparison* comparison() const { return mComparison; }
    //! The comparison as listed: sorted (worst regression first) and filtered.
    QTableView* comparisonTable() const { return mCompareTable; }
    //! Both results' headline figures and their differences.
    QLabel* comparisonHeadline() const { return mHeadline; }
    //! Why the last file could not be compared; empty otherwise.
    QLabel* comparisonStatus() const { return mCompareStatus; }
    void setComparisonFilter(int filter); //!< a QueryGalleryComparison::Filter
    //! Writes the compared queries as listed (sorted and filtered) as CSV
    //! (QueryGalleryComparison::toCsv); false with the reason on failure. A file at `path`
    //! that this tool did not write is not replaced.
    bool exportComparison(const QString& path, QString* error = nullptr);

signals:
    void jobStarted(BackgroundJob* job);
    void evaluateRequested();
    void loaded();
    void loadFailed(const QString& message);
    //! The selected query's images and map are shown.
    void queryShown(qint64 query);
    void comparisonShown();
    void comparisonFailed(const QString& message);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Loaded;
    struct Inspection {
        int64_t query = -1;
        QImage panorama;
        std::vector<MapTile> tiles;
        QPointF position; //!< the panorama's, in map coordinates
        bool hasPosition = false;
        int zone = 0;
        bool south = false;
        bool footprints = false; //!< the tile resolution is known
        QString error;
    };

    void startJob(std::unique_ptr<BackgroundJob> job);
    //! Shows no results (a run without any).
    void clear();
    void showLoaded(std::shared_ptr<const Loaded> results, const QString& file);
    void showSummary();
    void onCurrentRowChanged();
    void inspect(int64_t query);
    void showInspection(Inspection inspection);
    void drawMap();
    void updateCount();
    //! The results of the run other than A, to compare with.
    void listComparable();
    void showComparison(std::shared_ptr<const metrics::QueryGalleryReport> b, const QString& file);
    void stopComparing();
    void showHeadline();
    //! "+2.50 pp" (fractions) or "−3.2 m" (metres), coloured by better or worse for B.
    static QString deltaText(const QueryGalleryComparison::Figure& figure);
    QString tileCaption(const MapTile& tile) const;
    //! "80 m", "5.0 km" in the current language.
    static QString distanceText(double metres);

    QString mRun;
    std::shared_ptr<const Loaded> mLoaded;
    QString mResultsFile;
    std::unique_ptr<BackgroundJob> mJob;
    NewestRequest* mInspection;
    Inspection mShown;

    QComboBox* mResults;
    QLineEdit* mRoot;
    QComboBox* mProtocol;
    QComboBox* mSplit;
    QPushButton* mEvaluate;
    QLabel* mSummary;
    QCheckBox* mMissesOnly;
    QLabel* mCount;
    QueryGalleryTableModel* mModel;
    QSortFilterProxyModel* mSorted;
    QTableView* mTable;
    ImageView* mPanorama;
    std::vector<ImageView*> mTileViews;
    MapCanvas* mMap;
    std::vector<ImageLayer*> mTileLayers;
    AnnotationLayer* mOutlines;
    QLabel* mLegend;
    QComboBox* mCompareWith;
    QLabel* mCompareStatus;
    QLabel* mHeadline;
    QueryGalleryComparison* mComparison;
    QSortFilterProxyModel* mCompareSorted;
    QTableView* mCompareTable;
    QComboBox* mCompareFilter;
    QLabel* mCompareCount;
    QStackedWidget* mTables; //!< the results' table, or the comparison's
    QString mComparedFile;
    QString mPendingCompare; //!< asked for before any results were shown
    std::unique_ptr<BackgroundJob> mCompareJob;
    TranslatedTexts mTexts; //!< every text this widget shows (docs/translations.md)
};

} // namespace orinet
