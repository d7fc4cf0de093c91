#include "gui/training/comparedrunslist.h"

#include "gui/training/runhistory.h"
#include "run/runfolder.h"

#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace orinet {

ComparedRunsList::ComparedRunsList(const QString& runsDirectory, QWidget* parent)
    : QWidget(parent)
    , mRunsDirectory(runsDirectory)
    , mList(new QListWidget) {
    mList->setObjectName("overlays");
    mList->setSelectionMode(QAbstractItemView::SingleSelection);
    mList->setMaximumHeight(mList->fontMetrics().height() * 7);
    mTexts.setToolTip(mList, [] {
        return tr("Checked runs are drawn with the run above, each history read from its log");
    });
    auto* addButton = new QPushButton;
    auto* removeButton = new QPushButton;
    addButton->setObjectName("addOverlay");
    removeButton->setObjectName("removeOverlay");
    mTexts.setText(addButton, [] { return tr("Add run…"); });
    mTexts.setText(removeButton, [] { return tr("Remove"); });
    mTexts.setToolTip(removeButton, [] { return tr("Remove the selected run from this list"); });
    removeButton->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addButton);
    buttons->addWidget(removeButton);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(mTexts.label([] { return tr("Compare with runs"); }));
    layout->addWidget(mList);
    layout->addLayout(buttons);

    connect(mList, &QListWidget::itemChanged, this, [this](QListWidgetItem* changedItem) {
        const QString dir = changedItem->data(Qt::UserRole).toString();
        const bool checked = changedItem->checkState() == Qt::Checked;
        if (checked && !mHistories.count(dir) && !setOverlaid(dir, true))
            return;
        if (!checked)
            mHistories.erase(dir); // read again when checked again: it may have grown
        emit changed();
    });
    connect(mList, &QListWidget::currentItemChanged, this,
            [removeButton](QListWidgetItem* current) { removeButton->setEnabled(current); });
    connect(addButton, &QPushButton::clicked, this, [this] {
        const QString dir =
            QFileDialog::getExistingDirectory(this, tr("Run to compare with"), mRunsDirectory);
        if (!dir.isEmpty())
            setOverlaid(dir, true);
    });
    connect(removeButton, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* current = mList->currentItem())
            remove(current->data(Qt::UserRole).toString());
    });
}

QListWidgetItem* ComparedRunsList::item(const QString& runDirectory) const {
    const QString path = QFileInfo(runDirectory).absoluteFilePath();
    for (int i = 0; i < mList->count(); ++i)
        if (mList->item(i)->data(Qt::UserRole).toString() == path)
            return mList->item(i);
    return nullptr;
}

QListWidgetItem* ComparedRunsList::addItem(const QString& path, const QString& name) {
    auto* added = new QListWidgetItem(name);
    added->setData(Qt::UserRole, path);
    added->setToolTip(path);
    added->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    const QSignalBlocker block(mList);
    added->setCheckState(Qt::Unchecked);
    mList->addItem(added);
    added->setHidden(path == mShownRun); // only an item in a list can be hidden
    return added;
}

void ComparedRunsList::uncheck(QListWidgetItem* unchecked) {
    if (unchecked) {
        const QSignalBlocker block(mList);
        unchecked->setCheckState(Qt::Unchecked);
    }
}

void ComparedRunsList::refresh() {
    if (mRunsDirectory.isEmpty())
        return;
    const QDir root(mRunsDirectory);
    for (const QFileInfo& entry :
         root.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::IgnoreCase)) {
        const QString path = entry.absoluteFilePath();
        if (!item(path) && RunFolder::isRun(path.toStdString()))
            addItem(path, entry.fileName());
    }
}

QStringList ComparedRunsList::candidates() const {
    QStringList runs;
    for (int i = 0; i < mList->count(); ++i)
        runs << mList->item(i)->data(Qt::UserRole).toString();
    return runs;
}

QStringList ComparedRunsList::addedRuns() const {
    const QString root =
        mRunsDirectory.isEmpty() ? QString() : QFileInfo(mRunsDirectory).absoluteFilePath();
    QStringList runs;
    for (const QString& run : candidates())
        if (QFileInfo(run).absolutePath() != root)
            runs << run;
    return runs;
}

QStringList ComparedRunsList::overlaidRuns() const {
    QStringList runs;
    for (int i = 0; i < mList->count(); ++i) {
        const QListWidgetItem* entry = mList->item(i);
        if (entry->checkState() == Qt::Checked && !entry->isHidden())
            runs << entry->data(Qt::UserRole).toString();
    }
    return runs;
}

std::vector<TrainingHistory> ComparedRunsList::overlaidHistories() const {
    std::vector<TrainingHistory> histories;
    for (const QString& run : overlaidRuns()) {
        const auto found = mHistories.find(run);
        if (found != mHistories.end())
            histories.push_back(found->second);
    }
    return histories;
}

bool ComparedRunsList::setOverlaid(const QString& runDirectory, bool overlaid) {
    const QString path = QFileInfo(runDirectory).absoluteFilePath();
    QListWidgetItem* entry = item(path);
    if (overlaid) {
        if (!RunFolder::isRun(path.toStdString())) {
            uncheck(entry);
            emit refused([path] {
                return tr("%1 is not a run folder: it has no configuration and no checkpoints.")
                    .arg(path);
            });
            return false;
        }
        try {
            TrainingHistory history = runhistory::read(path.toStdString());
            // Two runs of the same folder name (from different places): the parent tells them
            // apart in the legend.
            for (const auto& [other, h] : mHistories)
                if (other != path && h.name == history.name)
                    history.name = QFileInfo(path).dir().dirName() + '/' + history.name;
            mHistories[path] = std::move(history);
        } catch (const std::exception& e) {
            mHistories.erase(path);
            uncheck(entry);
            emit refused([message = QString::fromUtf8(e.what())] {
                return tr("Cannot read the run's history: %1").arg(message);
            });
            return false;
        }
    } else {
        mHistories.erase(path);
    }
    if (!entry)
        entry = addItem(path, QFileInfo(path).fileName());
    {
        const QSignalBlocker block(mList);
        entry->setCheckState(overlaid ? Qt::Checked : Qt::Unchecked);
    }
    emit changed();
    return true;
}

void ComparedRunsList::remove(const QString& runDirectory) {
    const QString path = QFileInfo(runDirectory).absoluteFilePath();
    mHistories.erase(path);
    delete item(path);
    emit changed();
}

void ComparedRunsList::setShownRun(const QString& runDirectory) {
    mShownRun = runDirectory.isEmpty() ? QString() : QFileInfo(runDirectory).absoluteFilePath();
    for (int i = 0; i < mList->count(); ++i) {
        QListWidgetItem* entry = mList->item(i);
        entry->setHidden(entry->data(Qt::UserRole).toString() == mShownRun);
    }
}

void ComparedRunsList::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        mTexts.retranslate();
    QWidget::changeEvent(event);
}

} // namespace orinet
