#pragma once

#include "common/outputtarget.h"

#include <QSortFilterProxyModel>

#include <string>

namespace orinet {

class RunComparison;

//! Sorts and filters a RunComparison for Compare Runs: numeric sorting on every column
//! (ranks, change, geo errors; unknown geo errors last) read from the rows themselves, so that
//! sorting a real test set (CVACT's 8,884 queries) stays interactive, and a geo-error filter per
//! run — its top-1 within, or beyond, a distance of the query's true position — e.g. "A within
//! 25 m, B beyond" (docs/guide/evaluation.md).
class ComparisonFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    //! Where a run's top-1 must lie for a query to be listed.
    enum class Geo { Any, Within, Beyond };

    explicit ComparisonFilterModel(QObject* parent = nullptr);

    void setComparison(RunComparison* model);
    RunComparison* comparison() const { return mComparison; }

    //! Only queries whose top-1 of A (and of B) lies within (<=) or beyond (>) `metres` of the
    //! truth. A bounded condition drops queries of unknown geo error (no positions).
    void setGeoFilter(Geo a, Geo b, double metres);
    Geo geoA() const { return mGeoA; }
    Geo geoB() const { return mGeoB; }
    double geoMetres() const { return mMetres; }

    //! The visible rows in view order as CSV (header + one line per query): query_id, rank_a,
    //! rank_b, change, geo_error_a_m, geo_error_b_m, top1_id_a, top1_id_b.
    std::string toCsv() const;
    //! What toCsv() writes, for OutputTarget: a user's own CSV at the path is not replaced.
    static OutputTarget::FileKind csvKind();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    RunComparison* mComparison = nullptr;
    Geo mGeoA = Geo::Any;
    Geo mGeoB = Geo::Any;
    double mMetres = 25;
};

} // namespace orinet
