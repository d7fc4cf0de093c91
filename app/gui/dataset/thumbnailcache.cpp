#include "gui/dataset/thumbnailcache.h"

#include "dataset/dataset.h"
#include "dataset/imageheader.h"
#include "matimage.h"

#include <QPainter>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace orinet {

namespace {

// Older requests than this are dropped: they belong to rows the user scrolled past.
constexpr size_t kMaxQueued = 384;

// Decodes `path` at the smallest JPEG scale (1/8, 1/4, 1/2) still at least minWidth x
// minHeight; an empty Mat when the file cannot be read.
cv::Mat readReduced(const std::string& path, int minWidth, int minHeight) {
    int flag = cv::IMREAD_COLOR;
    try {
        const ImageHeader header = ImageHeader::read(path);
        if (header.format == "jpeg") {
            const std::pair<int, int> scales[] = {{8, cv::IMREAD_REDUCED_COLOR_8},
                                                  {4, cv::IMREAD_REDUCED_COLOR_4},
                                                  {2, cv::IMREAD_REDUCED_COLOR_2}};
            for (const auto& [factor, reduced] : scales)
                if (header.width / factor >= minWidth && header.height / factor >= minHeight) {
                    flag = reduced;
                    break;
                }
        }
    } catch (const std::exception&) {
        return {};
    }
    return cv::imread(path, flag);
}

QImage missing(int width, int height) {
    QImage image(width, height, QImage::Format_ARGB32_Premultiplied);
    image.fill(QColor(200, 200, 200));
    QPainter p(&image);
    p.setPen(QPen(QColor(150, 40, 40), 2));
    p.drawLine(4, 4, width - 5, height - 5);
    p.drawLine(width - 5, 4, 4, height - 5);
    return image;
}

} // namespace

ThumbnailCache::ThumbnailCache(QObject* parent)
    : QObject(parent) {
    // Leave a core to the GUI thread (and to a training that may be running).
    mPool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() / 2));
    setCapacity(qint64(48) << 20);
}

ThumbnailCache::~ThumbnailCache() {
    ++mGeneration;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mQueue.clear();
    }
    mPool.waitForDone();
}

void ThumbnailCache::setCapacity(qint64 bytes) {
    mCache.setMaxCost(std::max<qint64>(1, bytes / 1024));
}

void ThumbnailCache::setDataset(std::shared_ptr<const Dataset> dataset) {
    ++mGeneration;
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mQueue.clear();
        mDataset = std::move(dataset);
    }
    mInFlight.clear();
    mCache.clear();
    mDecoded = 0;
}

int ThumbnailCache::pending() const {
    return static_cast<int>(mInFlight.size());
}

QPixmap ThumbnailCache::thumbnail(size_t pair) {
    if (const QPixmap* cached = mCache.object(pair))
        return *cached;
    if (!mDataset || pair >= mDataset->pairs().size() || !mInFlight.insert(pair).second)
        return {};
    {
        std::lock_guard<std::mutex> lock(mMutex);
        mQueue.push_back(pair);
        while (mQueue.size() > kMaxQueued) {
            mInFlight.erase(mQueue.front()); // asked again when its row is painted again
            mQueue.pop_front();
        }
    }
    startWorkers();
    return {};
}

void ThumbnailCache::startWorkers() {
    const quint64 generation = mGeneration;
    std::lock_guard<std::mutex> lock(mMutex);
    while (mWorkers < mPool.maxThreadCount() && static_cast<size_t>(mWorkers) < mQueue.size()) {
        ++mWorkers;
        mPool.start([this, generation] { workerLoop(generation); });
    }
}

void ThumbnailCache::workerLoop(quint64 generation) {
    for (;;) {
        size_t pair = 0;
        std::shared_ptr<const Dataset> dataset;
        {
            std::lock_guard<std::mutex> lock(mMutex);
            if (mQueue.empty() || generation != mGeneration) {
                --mWorkers;
                return;
            }
            pair = mQueue.back(); // newest first: the rows on screen now
            mQueue.pop_back();
            dataset = mDataset;
        }
        const PairRecord& record = dataset->pairs()[pair];
        const QImage image = render(record.panoramaPath, record.satellitePath);
        QMetaObject::invokeMethod(
            this, [this, generation, pair, image] { onDecoded(generation, pair, image); },
            Qt::QueuedConnection);
    }
}

void ThumbnailCache::onDecoded(quint64 generation, size_t pair, const QImage& image) {
    if (generation != mGeneration)
        return;
    mInFlight.erase(pair);
    auto* pixmap = new QPixmap(QPixmap::fromImage(image));
    const qint64 cost = std::max<qint64>(1, image.sizeInBytes() / 1024);
    mCache.insert(pair, pixmap, cost);
    ++mDecoded;
    emit thumbnailReady(pair);
}

QImage ThumbnailCache::render(const std::string& panoramaPath, const std::string& satellitePath) {
    QImage strip;
    const cv::Mat pano = readReduced(panoramaPath, kStripWidth, 1);
    if (!pano.empty()) {
        const int height = std::max(1, pano.rows * kStripWidth / pano.cols);
        cv::Mat scaled;
        cv::resize(pano, scaled, cv::Size(kStripWidth, height), 0, 0, cv::INTER_AREA);
        // Full-sphere panoramas (CVACT) are tall: keep the band around the horizon.
        if (scaled.rows > kStripMaxHeight)
            scaled = scaled.rowRange((scaled.rows - kStripMaxHeight) / 2,
                                     (scaled.rows - kStripMaxHeight) / 2 + kStripMaxHeight);
        strip = matimage::fromBgr(scaled);
    } else {
        strip = missing(kStripWidth, kStripMaxHeight * 2 / 3);
    }
    QImage tile;
    const cv::Mat sat = readReduced(satellitePath, kTileSize, kTileSize);
    if (!sat.empty()) {
        const int side = std::min(sat.rows, sat.cols);
        const cv::Mat square =
            sat(cv::Rect((sat.cols - side) / 2, (sat.rows - side) / 2, side, side));
        cv::Mat scaled;
        cv::resize(square, scaled, cv::Size(kTileSize, kTileSize), 0, 0, cv::INTER_AREA);
        tile = matimage::fromBgr(scaled);
    } else {
        tile = missing(kTileSize, kTileSize);
    }
    QImage out(kStripWidth, strip.height() + 3 + kTileSize, QImage::Format_ARGB32_Premultiplied);
    out.fill(Qt::transparent);
    QPainter p(&out);
    p.drawImage(0, 0, strip);
    p.drawImage((kStripWidth - kTileSize) / 2, strip.height() + 3, tile);
    return out;
}

} // namespace orinet
