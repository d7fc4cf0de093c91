#include "gui/evaluation/querygallerycomparison.h"

#include "common/numbertext.h"
#include "common/textformat.h"
#include "gui/evaluation/querygallerytablemodel.h"
#include "localnumber.h"
#include "metrics/querygalleryreport.h"

#include <QBrush>
#include <QColor>
#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace orinet {

namespace {

constexpr const char* kCsvHeader =
    "query,rank_a,rank_b,change,top1_metres_a,top1_metres_b,top1_a,top1_b";

//! The same folder however it was written (trailing slash, "..", a symbolic link).
QString canonicalFolder(const std::string& path) {
    const QString folder = QString::fromStdString(path);
    const QString canonical = QFileInfo(folder).canonicalFilePath();
    return canonical.isEmpty() ? QDir::cleanPath(folder) : canonical;
}

QColor betterColour() {
    return {0, 130, 70};
}

QColor worseColour() {
    return {200, 40, 50};
}

} // namespace

QString QueryGalleryComparison::incompatibility(const metrics::QueryGalleryReport& a,
                                                const metrics::QueryGalleryReport& b) {
    if (canonicalFolder(a.dataset) != canonicalFolder(b.dataset))
        return tr("made on another dataset (%1, not %2)")
            .arg(QString::fromStdString(b.dataset), QString::fromStdString(a.dataset));
    if (a.protocol != b.protocol || a.split != b.split)
        return tr("made on another protocol or split (%1 %2, not %3 %4)")
            .arg(QString::fromStdString(b.protocol), QString::fromStdString(b.split),
                 QString::fromStdString(a.protocol), QString::fromStdString(a.split));
    if (a.galleryNames != b.galleryNames)
        return tr("made on another gallery (%1 tiles, not %2, or another order)")
            .arg(b.galleryNames.size())
            .arg(a.galleryNames.size());
    if (a.queries.size() != b.queries.size())
        return tr("made on another query set (%1 queries, not %2)")
            .arg(b.queries.size())
            .arg(a.queries.size());
    for (size_t q = 0; q < a.queries.size(); ++q)
        if (a.queries[q].name != b.queries[q].name)
            return tr("made on another query set or order (query %1 is %2, not %3)")
                .arg(q + 1)
                .arg(QString::fromStdString(b.queries[q].name),
                     QString::fromStdString(a.queries[q].name));
    return {};
}

std::vector<QueryGalleryComparison::Figure>
QueryGalleryComparison::figures(const metrics::QueryGalleryReport& a,
                                const metrics::QueryGalleryReport& b) {
    std::vector<Figure> figures = {
        {QStringLiteral("r@1"), a.recallAt1, b.recallAt1, false},
        {QStringLiteral("r@5"), a.recallAt5, b.recallAt5, false},
        {QStringLiteral("r@10"), a.recallAt10, b.recallAt10, false},
        {QStringLiteral("r@1 %"), a.recallAtOnePercent, b.recallAtOnePercent, false},
        {tr("hit rate"), a.hitRate, b.hitRate, false},
    };
    if (a.hasMetres && b.hasMetres)
        figures.push_back({tr("median m"), a.medianMetres, b.medianMetres, true});
    return figures;
}

QueryGalleryComparison::QueryGalleryComparison(QObject* parent)
    : QAbstractTableModel(parent) {}

void QueryGalleryComparison::setReports(std::shared_ptr<const metrics::QueryGalleryReport> a,
                                        std::shared_ptr<const metrics::QueryGalleryReport> b) {
    beginResetModel();
    mA = std::move(a);
    mB = std::move(b);
    rebuild();
    endResetModel();
}

void QueryGalleryComparison::setFilter(Filter filter) {
    if (filter == mFilter)
        return;
    beginResetModel();
    mFilter = filter;
    rebuild();
    endResetModel();
}

void QueryGalleryComparison::rebuild() {
    mRows.clear();
    if (!mA || !mB || mA->queries.size() != mB->queries.size())
        return;
    for (size_t q = 0; q < mA->queries.size(); ++q) {
        const int64_t c = change(static_cast<int64_t>(q));
        if (mFilter == Filter::All || (mFilter == Filter::Improved && c > 0) ||
            (mFilter == Filter::Worse && c < 0))
            mRows.push_back(static_cast<int64_t>(q));
    }
}

int QueryGalleryComparison::rowOf(int64_t query) const {
    const auto found = std::lower_bound(mRows.begin(), mRows.end(), query);
    return found != mRows.end() && *found == query ? static_cast<int>(found - mRows.begin()) : -1;
}

int64_t QueryGalleryComparison::totalQueries() const {
    return mA && mB ? static_cast<int64_t>(mA->queries.size()) : 0;
}

int64_t QueryGalleryComparison::rankA(int64_t query) const {
    return mA->queries.at(static_cast<size_t>(query)).rank + 1;
}

int64_t QueryGalleryComparison::rankB(int64_t query) const {
    return mB->queries.at(static_cast<size_t>(query)).rank + 1;
}

OutputTarget::FileKind QueryGalleryComparison::csvKind() {
    return OutputTarget::text("query/gallery comparison CSV", kCsvHeader);
}

std::string QueryGalleryComparison::toCsv(const std::vector<int64_t>& queries) const {
    std::string out = std::string(kCsvHeader) + "\n";
    if (!mA || !mB)
        return out;
    auto metres = [](double m) { return m < 0 ? std::string() : text::fixed(m, 2); };
    auto top1 = [](const metrics::QueryGalleryReport& r, size_t q) {
        const std::vector<int64_t>& top = r.queries[q].top;
        return top.empty() || top.front() >= static_cast<int64_t>(r.galleryNames.size())
                   ? std::string()
                   : text::csvField(r.galleryNames[static_cast<size_t>(top.front())]);
    };
    for (const int64_t query : queries) {
        const auto q = static_cast<size_t>(query);
        const auto& a = mA->queries.at(q);
        const auto& b = mB->queries.at(q);
        out += text::csvField(a.name) + ',' + std::to_string(a.rank + 1) + ',' +
               std::to_string(b.rank + 1) + ',' + std::to_string(change(query)) + ',' +
               metres(a.top1Metres) + ',' + metres(b.top1Metres) + ',' + top1(*mA, q) + ',' +
               top1(*mB, q) + '\n';
    }
    return out;
}

int QueryGalleryComparison::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(mRows.size());
}

int QueryGalleryComparison::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueryGalleryComparison::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !mA || !mB)
        return {};
    const int64_t q = mRows.at(static_cast<size_t>(index.row()));
    const auto& a = mA->queries.at(static_cast<size_t>(q));
    const auto& b = mB->queries.at(static_cast<size_t>(q));
    if (role == kQueryRole)
        return QVariant::fromValue<qlonglong>(q);
    if (role == Qt::UserRole) {
        switch (index.column()) {
        case Name:
            return QString::fromStdString(a.name);
        case RankA:
            return QVariant::fromValue<qlonglong>(a.rank);
        case RankB:
            return QVariant::fromValue<qlonglong>(b.rank);
        case Change:
            return QVariant::fromValue<qlonglong>(change(q));
        case MetresA:
            return a.top1Metres;
        case MetresB:
            return b.top1Metres;
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return QueryGalleryTableModel::shortName(a.name);
        case RankA:
            return QVariant::fromValue<qlonglong>(a.rank + 1);
        case RankB:
            return QVariant::fromValue<qlonglong>(b.rank + 1);
        case Change: {
            const int64_t c = change(q);
            return c > 0 ? QStringLiteral("+%1").arg(c) : QString::number(c);
        }
        case MetresA:
            return a.top1Metres < 0 ? QString() : localNumber(a.top1Metres, 1);
        case MetresB:
            return b.top1Metres < 0 ? QString() : localNumber(b.top1Metres, 1);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Change && change(q) != 0)
        return QBrush(change(q) > 0 ? betterColour() : worseColour());
    if (role == Qt::TextAlignmentRole && index.column() != Name)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Name)
        return QString::fromStdString(a.name);
    return {};
}

QVariant QueryGalleryComparison::headerData(int section, Qt::Orientation orientation,
                                            int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Name:
            return tr("Query");
        case RankA:
            return tr("A");
        case RankB:
            return tr("B");
        case Change:
            return tr("Change");
        case MetresA:
            return tr("m A");
        case MetresB:
            return tr("m B");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case RankA:
            return tr("Rank of the positive tile in results A (1 = retrieved first)");
        case RankB:
            return tr("Rank of the positive tile in results B (1 = retrieved first)");
        case Change:
            return tr("Rank in A minus rank in B: positive when B ranks the positive higher "
                      "(better), negative when B does worse");
        case MetresA:
            return tr("Metres from the panorama's position to the centre of A's top-1 tile");
        case MetresB:
            return tr("Metres from the panorama's position to the centre of B's top-1 tile");
        }
    }
    return {};
}

} // namespace orinet
