#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QPixmap>
#include <QThreadPool>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace orinet {

class Dataset;

//! Thumbnails of a dataset's pairs for the browser: the panorama as a strip above its tile,
//! decoded on demand off the GUI thread into a cache bounded in bytes.
//!
//! thumbnail() answers from the cache or queues the pair and returns a null pixmap;
//! thumbnailReady() follows when it is decoded. Requests are served newest first (the rows
//! just scrolled into view), and the queue keeps only the newest few hundred, so flinging
//! through 100,000 rows never builds a backlog of rows long gone. JPEGs are decoded at a
//! reduced scale (libjpeg's DCT scaling), which is most of the cost saved.
//!
//! Threading: GUI thread only; the decoders run on a private thread pool and post results
//! back with queued calls.
class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    //! Sizes of the thumbnail parts in pixels.
    static constexpr int kStripWidth = 160;
    static constexpr int kStripMaxHeight = 44;
    static constexpr int kTileSize = 80;

    explicit ThumbnailCache(QObject* parent = nullptr);
    ~ThumbnailCache() override;

    //! Drops every thumbnail and pending request.
    void setDataset(std::shared_ptr<const Dataset> dataset);
    //! Cache capacity in bytes (default 48 MiB, several hundred thumbnails).
    void setCapacity(qint64 bytes);

    //! The cached thumbnail, or a null pixmap after queueing its decode.
    QPixmap thumbnail(size_t pair);
    bool contains(size_t pair) const { return mCache.contains(pair); }
    //! Decodes queued or running.
    int pending() const;
    //! Thumbnails decoded since the dataset was set.
    int decoded() const { return mDecoded; }

    //! The thumbnail of one pair from its files (any thread): strip above tile, centred, on a
    //! transparent background; a grey cross for a file that cannot be read.
    static QImage render(const std::string& panoramaPath, const std::string& satellitePath);

signals:
    void thumbnailReady(size_t pair);

private:
    void startWorkers();
    void workerLoop(quint64 generation);
    void onDecoded(quint64 generation, size_t pair, const QImage& image);

    QCache<size_t, QPixmap> mCache;
    QThreadPool mPool;

    mutable std::mutex mMutex; // guards the three below (workers take requests from mQueue)
    std::shared_ptr<const Dataset> mDataset;
    std::deque<size_t> mQueue; //!< newest at the back
    int mWorkers = 0;

    std::unordered_set<size_t> mInFlight; //!< GUI thread: requested, not yet delivered
    std::atomic<quint64> mGeneration{0};
    int mDecoded = 0;
};

} // namespace orinet
