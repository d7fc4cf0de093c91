#pragma once

#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include <list>
#include <memory>
#include <mutex>

namespace orinet {

class RasterSource;

//! Identifies one display tile of a raster: overview level and tile column/row in it.
struct TileKey {
    int level = 0;
    int x = 0;
    int y = 0;
    bool operator==(const TileKey& o) const { return level == o.level && x == o.x && y == o.y; }
};
size_t qHash(const TileKey& key, size_t seed = 0) noexcept;

//! The display tiles of one RasterSource, read on demand by background threads into a cache
//! bounded in bytes (least recently used tiles are dropped first). The map asks for the tiles
//! it needs on every paint; tiles it stopped needing before a worker reached them are never
//! read, so panning fast does not queue up stale work.
//!
//! Threading: use from the GUI thread only. Reads run on the cache's own thread pool on a
//! shared copy of the source; tileLoaded() and failed() arrive on the GUI thread. Destroying the
//! cache waits for reads in progress (at most one tile per thread).
class TileCache : public QObject {
    Q_OBJECT
public:
    static constexpr int kTileSize = 256;

    explicit TileCache(std::shared_ptr<const RasterSource> source, QObject* parent = nullptr);
    ~TileCache() override;

    const std::shared_ptr<const RasterSource>& source() const { return mSource; }

    //! The tile when cached (and marks it recently used); a null image otherwise.
    QImage tile(const TileKey& key);
    bool contains(const TileKey& key) const { return mTiles.contains(key); }
    //! Replaces the set of wanted tiles, most important first; starts reads for those not
    //! cached or already being read, and forgets queued reads that are no longer wanted.
    void request(const QList<TileKey>& wanted);

    //! Upper bound of the pixel memory the cache holds (default 128 MiB).
    void setMaximumBytes(qint64 bytes);
    qint64 maximumBytes() const { return mMaximumBytes; }
    qint64 bytes() const { return mBytes; }
    int tileCount() const { return static_cast<int>(mTiles.size()); }
    //! Reads started and finished so far (for tests and benchmarks).
    int readsStarted() const { return mReadsStarted; }
    //! True while reads are queued or running.
    bool isBusy() const { return !mInFlight.isEmpty(); }

signals:
    void tileLoaded(const TileKey& key);
    //! A read failed (the first failure of a raster is enough to tell the user).
    void failed(const QString& message);

private:
    struct Shared; // what workers and the GUI thread both see
    void onLoaded(const TileKey& key, const QImage& image, const QString& error);
    void evict();

    std::shared_ptr<const RasterSource> mSource;
    std::shared_ptr<Shared> mShared;
    QThreadPool mPool;
    struct Entry {
        QImage image;
        std::list<TileKey>::iterator use;
    };
    QHash<TileKey, Entry> mTiles;
    std::list<TileKey> mUse; //!< front = most recently used
    QSet<TileKey> mInFlight;
    qint64 mBytes = 0;
    qint64 mMaximumBytes = 128 << 20;
    int mReadsStarted = 0;
    bool mReportedFailure = false;
};

} // namespace orinet

Q_DECLARE_METATYPE(orinet::TileKey)
