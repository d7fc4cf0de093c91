#include "tilecache.h"

#include "common/error.h"
#include "geo/rastersource.h"

#include <QMetaObject>
#include <QPointer>

#include <opencv2/imgproc.hpp>

namespace orinet {

size_t qHash(const TileKey& key, size_t seed) noexcept {
    return ::qHash((static_cast<quint64>(key.level) << 56) ^
                       (static_cast<quint64>(static_cast<quint32>(key.x)) << 28) ^
                       static_cast<quint32>(key.y),
                   seed);
}

struct TileCache::Shared {
    std::mutex mutex;
    QSet<TileKey> wanted; //!< read only these; the rest of the queue is stale
};

TileCache::TileCache(std::shared_ptr<const RasterSource> source, QObject* parent)
    : QObject(parent)
    , mSource(std::move(source))
    , mShared(std::make_shared<Shared>()) {
    qRegisterMetaType<TileKey>();
    // GDAL reads and decompresses on these threads; two keep the GUI responsive on 2 cores.
    mPool.setMaxThreadCount(2);
}

TileCache::~TileCache() {
    {
        std::lock_guard<std::mutex> lock(mShared->mutex);
        mShared->wanted.clear();
    }
    mPool.clear();
    mPool.waitForDone();
}

QImage TileCache::tile(const TileKey& key) {
    const auto it = mTiles.find(key);
    if (it == mTiles.end())
        return {};
    mUse.splice(mUse.begin(), mUse, it->use);
    return it->image;
}

void TileCache::request(const QList<TileKey>& wanted) {
    {
        std::lock_guard<std::mutex> lock(mShared->mutex);
        mShared->wanted = QSet<TileKey>(wanted.begin(), wanted.end());
    }
    int priority = wanted.size();
    for (const TileKey& key : wanted) {
        --priority;
        if (mTiles.contains(key) || mInFlight.contains(key))
            continue;
        mInFlight.insert(key);
        ++mReadsStarted;
        const std::shared_ptr<const RasterSource> source = mSource;
        const std::shared_ptr<Shared> shared = mShared;
        const QPointer<TileCache> self(this);
        mPool.start(
            [source, shared, key, self] {
                QImage image;
                QString error;
                bool stillWanted = false;
                {
                    std::lock_guard<std::mutex> lock(shared->mutex);
                    stillWanted = shared->wanted.contains(key);
                }
                if (stillWanted) {
                    try {
                        const cv::Mat bgra =
                            source->readDisplayTile(key.level, key.x, key.y, kTileSize);
                        // BGRA bytes are ARGB32 words on little-endian machines; the source
                        // zeroes the colour of transparent pixels, so they are premultiplied.
                        image = QImage(bgra.data, bgra.cols, bgra.rows,
                                       static_cast<qsizetype>(bgra.step),
                                       QImage::Format_ARGB32_Premultiplied)
                                    .copy();
                    } catch (const std::exception& e) {
                        error = QString::fromStdString(e.what());
                    }
                }
                QMetaObject::invokeMethod(
                    self.data(),
                    [self, key, image, error] {
                        if (self)
                            self->onLoaded(key, image, error);
                    },
                    Qt::QueuedConnection);
            },
            priority);
    }
}

void TileCache::onLoaded(const TileKey& key, const QImage& image, const QString& error) {
    mInFlight.remove(key);
    if (!error.isEmpty()) {
        if (!mReportedFailure) {
            mReportedFailure = true;
            emit failed(error);
        }
        return;
    }
    if (image.isNull())
        return; // skipped: nobody wanted it any more
    Entry& entry = mTiles[key];
    if (!entry.image.isNull()) {
        mBytes -= entry.image.sizeInBytes();
        mUse.erase(entry.use);
    }
    entry.image = image;
    mUse.push_front(key);
    entry.use = mUse.begin();
    mBytes += image.sizeInBytes();
    evict();
    emit tileLoaded(key);
}

void TileCache::setMaximumBytes(qint64 bytes) {
    mMaximumBytes = std::max<qint64>(bytes, 0);
    evict();
}

void TileCache::evict() {
    // Keep at least the newest tile so a bound smaller than one tile still shows something.
    while (mBytes > mMaximumBytes && mUse.size() > 1) {
        const TileKey oldest = mUse.back();
        mUse.pop_back();
        const auto it = mTiles.find(oldest);
        mBytes -= it->image.sizeInBytes();
        mTiles.erase(it);
    }
}

} // namespace orinet
