#pragma once

#include "trainingcurves.h"
#include "translatedtexts.h"

#include <QStringList>
#include <QWidget>

#include <functional>
#include <map>
#include <vector>

class QListWidget;
class QListWidgetItem;

namespace orinet {

//! The runs drawn with the shown one on the training curves (TensorBoard's run selector): a
//! checkable list of the run folders under the runs root, plus any folder added with "Add
//! run…". A run's whole history is read from its log when it is checked (logs do not change
//! while another run trains; checking again reads again). The shown run is not offered as
//! its own overlay.
class ComparedRunsList : public QWidget {
    Q_OBJECT
public:
    explicit ComparedRunsList(const QString& runsDirectory, QWidget* parent = nullptr);

    //! The run folders offered, in list order.
    QStringList candidates() const;
    //! The folders added by hand ("Add run…", setOverlaid()) rather than found under the runs
    //! root, in list order.
    QStringList addedRuns() const;
    //! The checked run folders, in list order (the shown run left out).
    QStringList overlaidRuns() const;
    //! The checked runs' histories, in list order: what the curves draw after the shown run.
    std::vector<TrainingHistory> overlaidHistories() const;
    //! Checks (or unchecks) a run folder, adding it to the list when absent. False, with the
    //! reason in refused(), when it is not a run or its log cannot be read.
    bool setOverlaid(const QString& runDirectory, bool overlaid);
    //! Removes a folder from the list.
    void remove(const QString& runDirectory);
    //! Lists the run folders under the runs root again (kept: added folders, checked states).
    void refresh();
    //! The run the curves show first; its own entry is hidden.
    void setShownRun(const QString& runDirectory);

signals:
    //! The overlaid histories changed.
    void changed();
    //! A run could not be overlaid; `reason` makes the message in the current language.
    void refused(std::function<QString()> reason);

protected:
    void changeEvent(QEvent* event) override;

private:
    QListWidgetItem* item(const QString& runDirectory) const;
    QListWidgetItem* addItem(const QString& path, const QString& name);
    void uncheck(QListWidgetItem* item);

    QString mRunsDirectory;
    QString mShownRun;
    QListWidget* mList;
    std::map<QString, TrainingHistory> mHistories; //!< of the checked runs, by folder
    TranslatedTexts mTexts;
};

} // namespace orinet
