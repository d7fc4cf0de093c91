#include "gui/shell/recentmenu.h"

#include "gui/shell/studiosession.h"

#include <QDir>
#include <QEvent>
#include <QFileInfo>

namespace orinet {

RecentMenu::RecentMenu(Kind kind, StudioSession* session, QWidget* parent)
    : QMenu(parent)
    , mKind(kind)
    , mSession(session) {
    setObjectName(kind == Kind::Datasets ? "recentDatasets" : "recentRuns");
    setToolTipsVisible(true);
    connect(this, &QMenu::aboutToShow, this, &RecentMenu::rebuild);
    retranslate();
    rebuild();
}

void RecentMenu::rebuild() {
    clear();
    const QStringList folders =
        mKind == Kind::Datasets ? mSession->recentDatasets() : mSession->recentRuns();
    for (int i = 0; i < folders.size(); ++i) {
        const QString& folder = folders[i];
        const QFileInfo info(folder);
        // "&1 name   /where/it/is": the name finds it, the parent tells two of a name apart.
        const QString where = fontMetrics().elidedText(
            QDir::toNativeSeparators(info.absolutePath()), Qt::ElideMiddle, 360);
        QAction* action = addAction(QStringLiteral("&%1  %2\t%3")
                                        .arg(i + 1)
                                        .arg(info.fileName().replace('&', "&&"), where));
        action->setToolTip(QDir::toNativeSeparators(folder));
        action->setData(folder);
        connect(action, &QAction::triggered, this, [this, folder] { emit chosen(folder); });
    }
    addSeparator();
    QAction* clearAction = addAction(tr("&Clear Menu"));
    clearAction->setObjectName("clear");
    clearAction->setEnabled(!folders.isEmpty());
    connect(clearAction, &QAction::triggered, this, [this] {
        if (mKind == Kind::Datasets)
            mSession->clearRecentDatasets();
        else
            mSession->clearRecentRuns();
        // Not rebuilt here, inside this action's signal: the menu is rebuilt when shown.
    });
}

void RecentMenu::retranslate() {
    setTitle(mKind == Kind::Datasets ? tr("&Recent Datasets") : tr("Recent R&uns"));
    rebuild();
}

void RecentMenu::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMenu::changeEvent(event);
}

} // namespace orinet
